// The body map: a pointer shortcut for the region checkboxes. The checkboxes stay the real
// form controls (keyboard, screen readers, no-JS); clicking a region toggles its checkbox and
// the map follows whatever the checkboxes say.
(function () {
  "use strict";
  const form = document.querySelector("[data-bodymap-form]");
  if (!form) return;
  const maps = form.querySelector("[data-js-only]");
  const boxes = Array.from(form.querySelectorAll('input[name="region"]'));
  const byRegion = new Map(boxes.map((box) => [box.value, box]));

  function paint() {
    form.querySelectorAll("[data-region]").forEach((shape) => {
      const box = byRegion.get(shape.dataset.region);
      const on = Boolean(box && box.checked);
      shape.classList.toggle("is-on", on);
      shape.setAttribute("fill", on ? "#b5473a" : "#8fa9a0");
      shape.setAttribute("fill-opacity", on ? "0.75" : "0.35");
    });
  }

  form.addEventListener("click", (event) => {
    const shape = event.target.closest("[data-region]");
    if (!shape) return;
    const box = byRegion.get(shape.dataset.region);
    if (!box) return;
    box.checked = !box.checked;
    paint();
  });
  form.addEventListener("change", paint);

  // The region's name, shown under the map while the pointer is over a region or while its
  // checkbox has the keyboard focus (the map itself is a pointer shortcut, hidden from screen
  // readers; the list is the real control), and that region outlined on the map.
  const caption = form.querySelector("[data-bodymap-name]");
  let underPointer = "";
  let focused = "";
  function point() {
    const regionId = underPointer || focused;
    let name = "";
    form.querySelectorAll("[data-region]").forEach((shape) => {
      const here = shape.dataset.region === regionId;
      shape.classList.toggle("is-pointed", here);
      if (here && !name) name = shape.querySelector("title").textContent;
    });
    if (caption) caption.textContent = name || caption.dataset.hint;
  }
  form.addEventListener("pointerover", (event) => {
    const shape = event.target.closest("[data-region]");
    underPointer = shape ? shape.dataset.region : "";
    point();
  });
  form.addEventListener("pointerleave", () => { underPointer = ""; point(); });
  // One side at a time on a phone: the switch chooses it, and focusing a place in the list
  // that is drawn only on the other side turns the map round to show it.
  function show(side) {
    if (!maps) return;
    maps.dataset.showing = side;
    maps.querySelectorAll("[data-show]").forEach((button) => {
      button.setAttribute("aria-pressed", String(button.dataset.show === side));
    });
  }
  form.querySelectorAll("[data-show]").forEach((button) => {
    button.addEventListener("click", () => show(button.dataset.show));
  });
  function turnTo(regionId) {
    if (!maps || !regionId) return;
    const selector = '[data-region="' + CSS.escape(regionId) + '"]';
    const side = maps.dataset.showing;
    if (maps.querySelector(".bodymap-" + side + " " + selector)) return;
    const other = side === "back" ? "front" : "back";
    if (maps.querySelector(".bodymap-" + other + " " + selector)) show(other);
  }
  form.addEventListener("focusin", (event) => {
    focused = event.target.name === "region" ? event.target.value : "";
    turnTo(focused);
    point();
  });
  form.addEventListener("focusout", () => { focused = ""; point(); });
  if (maps) maps.hidden = false;
  paint();
})();
