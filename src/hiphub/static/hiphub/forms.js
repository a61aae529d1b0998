// After a form comes back with mistakes, move focus to its summary of what needs fixing, so
// keyboard and screen-reader users start there instead of at the top of the page.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.setAttribute("tabindex", "-1");
  summary.focus();
})();
