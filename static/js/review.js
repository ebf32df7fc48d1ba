// Keyboard shortcuts for the review queue. Every action also has a button that
// works without JavaScript; these keys only spare the curator the mouse.
(function () {
  "use strict";

  // A Change, Merge or "Mark as copy" control carries a link to its form as a page of
  // its own (tracker/views/review_pickers.py); opened for the first time, it fetches
  // that form into itself instead, so the queue needs no drop-downs of its own.
  // "toggle" does not bubble: listen while it is captured.
  document.addEventListener("toggle", function (event) {
    const details = event.target;
    if (!details.open || !details.matches || !details.matches("details[data-picker]")) return;
    if (details.hasAttribute("data-loaded") || !window.htmx) return;
    const link = details.querySelector(".picker > a[href]");
    if (!link) return;
    details.setAttribute("data-loaded", "");
    window.htmx.ajax("GET", link.href, {
      source: details,
      target: details.querySelector(".picker"),
      swap: "innerHTML",
    });
  }, true);

  const list = document.getElementById("review-list");
  if (!list) return;
  const help = document.getElementById("review-help");
  const hint = document.getElementById("review-keys");
  if (hint) hint.hidden = false;

  let currentId = null;

  function undecided() {
    return Array.from(list.querySelectorAll("[data-review-item]:not([data-decided])"));
  }

  function current() {
    return currentId ? document.getElementById(currentId) : null;
  }

  function focusItem(item) {
    if (!item) return;
    currentId = item.id;
    list.querySelectorAll(".review-item.current").forEach(function (el) {
      el.classList.remove("current");
    });
    item.classList.add("current");
    item.focus({ preventScroll: true });
    item.scrollIntoView({ block: "nearest" });
  }

  // The next (or previous) undecided item in page order, from any item.
  function neighbour(item, step) {
    const all = Array.from(list.querySelectorAll("[data-review-item]"));
    for (let i = all.indexOf(item) + step; i >= 0 && i < all.length; i += step) {
      if (!all[i].hasAttribute("data-decided")) return all[i];
    }
    return null;
  }

  function move(step) {
    const item = current();
    if (!item || !document.body.contains(item)) {
      focusItem(undecided()[0]);
      return;
    }
    focusItem(neighbour(item, step) || item);
  }

  function press(key) {
    const item = current();
    const button = item && item.querySelector('[data-key="' + key + '"]');
    if (button) button.click();
  }

  function toggleSelected() {
    const item = current();
    const box = item && item.querySelector('[data-key="select"]');
    if (box) box.checked = !box.checked;
  }

  function startRejecting() {
    const item = current();
    const details = item && item.querySelector('details[data-key="reject"]');
    if (!details) return;
    details.open = true;
    details.querySelector('[data-key="reason"]').focus();
  }

  function isTyping(target) {
    return (
      target.isContentEditable ||
      ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)
    );
  }

  const actions = {
    j: function () { move(1); },
    k: function () { move(-1); },
    a: function () { press("approve"); },
    c: function () { press("confirm-all"); },
    x: toggleSelected,
    r: startRejecting,
    "?": function () { if (help && help.showModal) help.showModal(); },
  };

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (help && help.open) return; // the dialog closes itself on Escape
    if (isTyping(event.target)) {
      if (event.key === "Escape") {
        event.target.blur();
        focusItem(current() || undecided()[0]);
      }
      return;
    }
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });

  // Clicking or tabbing into an item makes it the current one.
  list.addEventListener("focusin", function (event) {
    const item = event.target.closest("[data-review-item]");
    if (item && item.id !== currentId) {
      currentId = item.id;
      list.querySelectorAll(".review-item.current").forEach(function (el) {
        el.classList.remove("current");
      });
      item.classList.add("current");
    }
  });

  // htmx replaced the item the focus was in: focus it again, or the next one
  // once the article is decided, so a run of "a" works through the queue.
  document.addEventListener("htmx:afterSettle", function () {
    const item = current();
    if (!item) return;
    // htmx keeps the focus on an element whose id survives the swap (the item);
    // a focused button was replaced, which leaves the focus on <body>.
    const active = document.activeElement;
    if (active && active !== document.body && !item.contains(active)) return;
    if (item.hasAttribute("data-decided")) {
      focusItem(neighbour(item, 1) || neighbour(item, -1) || item);
    } else {
      focusItem(item);
    }
  });
})();
