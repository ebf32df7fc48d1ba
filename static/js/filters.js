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
