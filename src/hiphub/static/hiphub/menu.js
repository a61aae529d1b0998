// The main menu is a <details> element, so it opens and closes without JavaScript. On a wide
// screen there is room to show it all the time: open it there, and close it again when the
// window narrows to phone width (the stylesheet hides the "Menu" button on wide screens).
(function () {
  "use strict";
  var menu = document.querySelector("[data-menu]");
  if (!menu || !window.matchMedia) return;
  var wide = window.matchMedia("(min-width: 56rem)");
  function fit() { menu.open = wide.matches; }
  fit();
  if (wide.addEventListener) wide.addEventListener("change", fit);
})();
