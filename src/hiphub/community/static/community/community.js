// A cached discussion page carries no per-visitor token (community/pagecache.py). Its form
// stays hidden behind a "Write a post" link that works without JavaScript; here the form is
// shown instead, and when someone starts writing it fetches a fresh single-use anti-spam
// question and this browser's CSRF token (community/views.challenge).
(function () {
  "use strict";
  var form = document.querySelector("form[data-challenge-url]");
  if (!form) return;
  var link = document.querySelector("[data-write-link]");
  var box = form.querySelector("[data-captcha]");
  var loading = null;

  function problem(text) {
    var note = form.querySelector("[data-challenge-problem]");
    if (!note) {
      note = document.createElement("p");
      note.className = "errorlist";
      note.setAttribute("role", "alert");
      note.setAttribute("data-challenge-problem", "");
      form.insertBefore(note, form.querySelector("button[type=submit]"));
    }
    note.textContent = text;
  }

  function fill(made) {
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    if (!token) {
      token = document.createElement("input");
      token.type = "hidden";
      token.name = "csrfmiddlewaretoken";
      form.insertBefore(token, form.firstChild);
    }
    token.value = made.csrf_token;
    if (box) {
      box.querySelector("input[name=challenge]").value = made.challenge;
      box.querySelector("[data-captcha-label]").textContent = made.label;
      box.querySelector("[data-captcha-question]").textContent = made.question;
      box.hidden = false;
    }
    var note = form.querySelector("[data-challenge-problem]");
    if (note) note.remove();
  }

  function load() {
    if (!loading) {
      loading = fetch(form.getAttribute("data-challenge-url"), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          if (!response.ok) throw new Error("status " + response.status);
          return response.json();
        })
        .then(fill)
        .catch(function () {
          loading = null; // try again at the next keystroke
          problem("The anti-spam question could not be loaded. Check your connection and " +
            "type on, or reload the page.");
        });
    }
    return loading;
  }

  form.hidden = false;
  if (link) link.hidden = true;
  form.addEventListener("focusin", load);
  form.addEventListener("input", load);
  form.addEventListener("submit", function (event) {
    if (form.querySelector("input[name=csrfmiddlewaretoken]")) return;
    event.preventDefault(); // nothing can be accepted without the question and the token
    load().then(function () {
      var answer = box && box.querySelector("input[name=answer]");
      if (answer) answer.focus();
    });
  });
})();
