// htmx runs this file again each time Back or Forward restores the page (its script
// tag is in the body): set the listeners up once only.
if (!window.filtersReady) {
window.filtersReady = true;
// Keep shared filter URLs short: leave empty fields out of htmx requests.
document.body.addEventListener("htmx:configRequest", (event) => {
  const params = event.detail.formData;  // htmx 2: the request's FormData
  for (const key of [...params.keys()]) {
    if (params.getAll(key).every((value) => value === "")) params.delete(key);
  }
});
// The sort menu sits above the results, outside the form it belongs to (form="filters"):
// its change does not bubble to the form, so it submits the form itself.
document.body.addEventListener("change", (event) => {
  const field = event.target;
  if (field.form?.id === "filters" && !field.form.contains(field)) field.form.requestSubmit();
});
// The same for a plain submit, when htmx is not there to do it.
document.getElementById("filters")?.addEventListener("formdata", (event) => {
  for (const key of [...event.formData.keys()]) {
    if (event.formData.getAll(key).every((value) => value === "")) event.formData.delete(key);
  }
});

// Enter in the search box fires change and submit (and search): hx-sync="this:replace"
// on the form keeps only the last, so one search is one step of history.

// The address bar now holds filters the page was not loaded with: the header's login
// link and language switch carry the address back, so keep them in step with it.
function followAddress() {
  const here = location.pathname + location.search;
  const next = document.querySelector("form.lang input[name=next]");
  if (next) next.value = here;
  const login = document.querySelector(".account a.login");
  if (login) {
    const url = new URL(login.href);
    url.searchParams.set("next", here);
    login.href = url.pathname + url.search;
  }
}

// Back or Forward: htmx puts back the page as it was shown, but a snapshot keeps
// markup, not what was typed, ticked or chosen since: set the fields from the address.
function fieldsFromAddress() {
  const form = document.getElementById("filters");
  if (!form) return;
  const params = new URLSearchParams(location.search);
  for (const field of form.elements) {
    if (!field.name || field.type === "submit" || field.type === "button") continue;
    const values = params.getAll(field.name);
    if (field.type === "checkbox" || field.type === "radio") {
      field.checked = values.includes(field.value);
    } else if (field.tagName === "SELECT") {
      for (const option of field.options) option.selected = values.includes(option.value);
      if (!values.length && !field.multiple) field.selectedIndex = 0;
    } else {
      field.value = values[0] ?? "";
    }
  }
}

document.body.addEventListener("htmx:pushedIntoHistory", followAddress);
document.body.addEventListener("htmx:historyRestore", () => {
  fieldsFromAddress();
  followAddress();
});
}
