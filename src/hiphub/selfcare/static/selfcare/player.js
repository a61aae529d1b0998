// The guided session player. Without this file the page is one long form that works as it is;
// with it, the form becomes one step at a time, with a countdown, audio, a wake lock, a chime,
// and progress kept in this browser so a reload resumes where it was. Nothing is sent to the
// server until the person submits the form at the end.
(function () {
  "use strict";

  var root = document.querySelector("[data-player]");
  if (!root) return;

  var form = root.querySelector("form");
  var allSteps = Array.prototype.slice.call(root.querySelectorAll("[data-step]"));
  var steps = allSteps;
  var storageKey = "hiphub.player." + root.getAttribute("data-player");
  var state = load() || { step: 0, values: {}, remainingMs: null, endsAt: null, paused: false };
  var timer = null;
  var wakeLock = null;

  function load() {
    try {
      return JSON.parse(window.localStorage.getItem(storageKey));
    } catch (e) {
      return null;
    }
  }

  function save() {
    try {
      window.localStorage.setItem(storageKey, JSON.stringify(state));
    } catch (e) {
      /* private mode or full storage: the session still works, it just will not resume */
    }
  }

  // --- form values ---------------------------------------------------------------------
  function collectValues() {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "submit") return;
      if (el.type === "checkbox") {
        values[el.name + "=" + el.value] = el.checked;
      } else if (el.type === "radio") {
        if (el.checked) values[el.name] = el.value;
      } else {
        values[el.name] = el.value;
      }
    });
    state.values = values;
    save();
  }

  function restoreValues() {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name) return;
      if (el.type === "checkbox") {
        var key = el.name + "=" + el.value;
        if (key in state.values) el.checked = state.values[key];
      } else if (el.type === "radio") {
        if (state.values[el.name] !== undefined) el.checked = state.values[el.name] === el.value;
      } else if (el.type !== "hidden" && el.type !== "submit" && state.values[el.name] !== undefined) {
        el.value = state.values[el.name];
      }
    });
  }

  // --- steps ---------------------------------------------------------------------------
  // A step with data-variants="a b" belongs only to those set-ups; the chosen one is the
  // checked "variant" radio button. Steps for other set-ups are skipped.
  function chosenVariant() {
    var checked = form.querySelector("input[name=variant]:checked");
    return checked ? checked.value : null;
  }

  function activeSteps() {
    var variant = chosenVariant();
    return allSteps.filter(function (section) {
      var only = section.getAttribute("data-variants");
      return !only || !variant || only.split(" ").indexOf(variant) !== -1;
    });
  }

  function show(index, focus) {
    steps = activeSteps();
    state.step = Math.max(0, Math.min(index, steps.length - 1));
    allSteps.forEach(function (section) {
      section.hidden = section !== steps[state.step];
    });
    var progress = root.querySelector("[data-progress]");
    if (progress) progress.textContent = "Step " + (state.step + 1) + " of " + steps.length;
    save();
    var current = steps[state.step];
    if (current.getAttribute("data-step") === "relax") prepareRelax();
    if (focus) {
      var heading = current.querySelector("h2");
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus();
      }
    }
  }

  function stepIsValid() {
    var fields = steps[state.step].querySelectorAll("input, select, textarea");
    for (var i = 0; i < fields.length; i++) {
      if (!fields[i].checkValidity()) {
        fields[i].reportValidity();
        return false;
      }
    }
    return true;
  }

  root.addEventListener("click", function (event) {
    var target = event.target.closest("[data-next], [data-back], [data-pause], [data-start]");
    if (!target) return;
    event.preventDefault();
    if (target.hasAttribute("data-next")) {
      if (!stepIsValid()) return;
      collectValues();
      show(state.step + 1, true);
    } else if (target.hasAttribute("data-back")) {
      show(state.step - 1, true);
    } else if (target.hasAttribute("data-start")) {
      startCountdown();
    } else if (target.hasAttribute("data-pause")) {
      if (state.paused) resume();
      else pause();
    }
  });

  form.addEventListener("change", collectValues);
  form.addEventListener("input", collectValues);
  form.addEventListener("submit", function () {
    try {
      window.localStorage.removeItem(storageKey);
    } catch (e) {
      /* nothing to clear */
    }
  });

  // --- relaxation: countdown, audio, wake lock, chime ------------------------------------
  var clock = root.querySelector("[data-countdown]");
  var announcer = root.querySelector("[data-countdown-status]");
  var pauseButton = root.querySelector("[data-pause]");
  var startButton = root.querySelector("[data-start]");
  var minutesField = form.elements.namedItem("minutes");
  var audio = root.querySelector("audio[data-audio-base]");
  var cues = root.querySelector("[data-cues]");

  function chosenMinutes() {
    var minutes = parseInt(minutesField && minutesField.value, 10);
    return isNaN(minutes) ? 20 : minutes;
  }

  function format(ms) {
    var total = Math.max(0, Math.ceil(ms / 1000));
    var m = Math.floor(total / 60);
    var s = total % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function remaining() {
    if (state.paused || state.endsAt === null) return state.remainingMs;
    return state.endsAt - Date.now();
  }

  function prepareRelax() {
    if (state.remainingMs === null && state.endsAt === null) {
      state.remainingMs = chosenMinutes() * 60000;
    }
    if (audio) {
      var src = audio.getAttribute("data-audio-base") + chosenMinutes() + ".ogg";
      if (audio.getAttribute("src") !== src) audio.setAttribute("src", src);
      var download = root.querySelector("[data-audio-download]");
      if (download) download.setAttribute("href", src + "?download=1");
    }
    render();
    if (state.endsAt !== null && !state.paused) tick();
  }

  function render() {
    var left = remaining();
    if (clock && left !== null) clock.textContent = format(left);
    if (startButton) startButton.hidden = state.endsAt !== null || state.paused;
    if (pauseButton) {
      pauseButton.hidden = state.endsAt === null && !state.paused;
      pauseButton.textContent = state.paused ? "Resume" : "Pause";
      pauseButton.setAttribute("aria-pressed", state.paused ? "true" : "false");
    }
  }

  function startCountdown() {
    state.endsAt = Date.now() + (state.remainingMs || chosenMinutes() * 60000);
    state.paused = false;
    save();
    playAudio();
    keepAwake();
    tick();
    // The Start button has just hidden itself: keep keyboard and screen-reader focus on the
    // control that now matters.
    if (pauseButton) pauseButton.focus();
  }

  function pause() {
    state.remainingMs = remaining();
    state.endsAt = null;
    state.paused = true;
    save();
    if (audio) audio.pause();
    clearTimeout(timer);
    render();
    announce("Paused.");
  }

  function resume() {
    state.paused = false;
    startCountdown();
    announce("Resumed.");
  }

  var lastAnnouncedMinute = null;
  function tick() {
    clearTimeout(timer);
    var left = remaining();
    render();
    if (left <= 0) {
      finishRelax();
      return;
    }
    var minute = Math.ceil(left / 60000);
    if (minute !== lastAnnouncedMinute) {
      lastAnnouncedMinute = minute;
      announce(minute + (minute === 1 ? " minute" : " minutes") + " left.");
    }
    timer = setTimeout(tick, 250);
  }

  function finishRelax() {
    state.endsAt = null;
    state.remainingMs = 0;
    state.paused = false;
    save();
    if (audio) audio.pause();
    releaseWakeLock();
    chime();
    announce("Time is up. Take your time coming back.");
    show(state.step + 1, true);
  }

  function announce(text) {
    if (announcer) announcer.textContent = text;
  }

  function playAudio() {
    if (!audio) return;
    var attempt = audio.play();
    if (attempt && attempt.catch) attempt.catch(showCues);
  }

  function showCues() {
    if (cues) cues.hidden = false;
  }

  if (audio) audio.addEventListener("error", showCues);

  function keepAwake() {
    if (!("wakeLock" in navigator)) return;
    navigator.wakeLock.request("screen").then(
      function (lock) {
        wakeLock = lock;
      },
      function () {
        /* the browser said no (battery saver, hidden tab): the countdown still runs */
      }
    );
  }

  function releaseWakeLock() {
    if (wakeLock) wakeLock.release();
    wakeLock = null;
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && state.endsAt !== null && !state.paused) {
      keepAwake();
    }
  });

  function chime() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    try {
      var context = new Context();
      [523.25, 783.99].forEach(function (frequency, i) {
        var start = context.currentTime + i * 0.6;
        var osc = context.createOscillator();
        var gain = context.createGain();
        osc.type = "sine";
        osc.frequency.value = frequency;
        gain.gain.setValueAtTime(0.0001, start);
        gain.gain.exponentialRampToValueAtTime(0.2, start + 0.05);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + 2.5);
        osc.connect(gain).connect(context.destination);
        osc.start(start);
        osc.stop(start + 2.6);
      });
    } catch (e) {
      /* no audio output: the message on screen is enough */
    }
  }

  if (minutesField) {
    minutesField.addEventListener("change", function () {
      if (state.endsAt === null && !state.paused) {
        state.remainingMs = chosenMinutes() * 60000;
        save();
      }
    });
  }

  // --- start ---------------------------------------------------------------------------
  root.classList.add("js-player");
  Array.prototype.forEach.call(root.querySelectorAll("[data-js-only]"), function (el) {
    el.hidden = false;
  });
  Array.prototype.forEach.call(root.querySelectorAll("[data-no-js-only]"), function (el) {
    el.hidden = true;
  });
  restoreValues();
  show(state.step || 0, false);
})();
