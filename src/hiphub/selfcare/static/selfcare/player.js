// The guided session player. Without this file the page is one long form that works as it is;
// with it, the form becomes one step at a time, with a countdown, audio, a wake lock, a chime,
// a dark full-screen view while relaxing, timers for each exercise's holds and repetitions,
// and progress kept in this browser so a reload resumes where it was. The only request before
// the form is sent asks the server for a signed note of the time when the relaxation or the
// exercises begin, so the journal can measure the session by the server's clock.
(function () {
  "use strict";

  var root = document.querySelector("[data-player]");
  if (!root) return;

  var form = root.querySelector("form");
  var allSteps = Array.prototype.slice.call(root.querySelectorAll("[data-step]"));
  var steps = allSteps;
  var storageKey = "hiphub.player." + root.getAttribute("data-player");
  var state = load() || { step: 0, values: {}, remainingMs: null, endsAt: null, paused: false };
  var clockUrl = root.getAttribute("data-clock-url");
  var phaseClock = form.elements.namedItem("phase_clock");
  var phaseSeconds = form.elements.namedItem("phase_seconds");
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
    var variant = chosenVariant();
    Array.prototype.forEach.call(root.querySelectorAll("[data-figure-variant]"), function (fig) {
      fig.hidden = !!variant && fig.getAttribute("data-figure-variant") !== variant;
    });
    var progress = root.querySelector("[data-progress]");
    if (progress) progress.textContent = "Step " + (state.step + 1) + " of " + steps.length;
    save();
    var current = steps[state.step];
    if (current.getAttribute("data-step") === "relax") prepareRelax();
    else if (root.classList.contains("is-immersive")) immersive(false);
    if (current.querySelector("[data-exercise]")) askForPhaseClock();
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
    var target = event.target.closest(
      "[data-next], [data-back], [data-pause], [data-start], [data-exercise-start], [data-exercise-pause]"
    );
    if (!target) return;
    event.preventDefault();
    if (target.hasAttribute("data-exercise-start")) {
      startExercise(target.closest("[data-exercise]"));
    } else if (target.hasAttribute("data-exercise-pause")) {
      toggleExercise(target.closest("[data-exercise]"));
    } else if (target.hasAttribute("data-skip-relax")) {
      endRelax(false);
    } else if (target.hasAttribute("data-next")) {
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
      // OGG where the browser plays it; otherwise (Safari) the MP3 copy, when the server has it.
      var base = audio.getAttribute("data-audio-base") + chosenMinutes();
      var hasMp3 = Boolean(audio.querySelector('source[type="audio/mpeg"]'));
      var ogg = audio.canPlayType("audio/ogg; codecs=vorbis") !== "" || !hasMp3;
      var src = base + (ogg ? ".ogg" : ".mp3");
      if (audio.getAttribute("src") !== src) {
        audio.querySelectorAll("source").forEach(function (source) { source.remove(); });
        audio.setAttribute("src", src);
      }
      root.querySelectorAll("[data-audio-download]").forEach(function (link) {
        link.setAttribute("href", base + "." + link.getAttribute("data-audio-download") + "?download=1");
      });
    }
    render();
    // A reload in the middle of the relaxation comes back to the full-screen view.
    if (state.endsAt !== null || state.paused) immersive(true);
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

  // --- the server's clock ----------------------------------------------------------------
  function askForPhaseClock() {
    if (!phaseClock || !clockUrl) return;
    if (state.phaseClock) {
      phaseClock.value = state.phaseClock;
      return;
    }
    state.phaseClock = "asking";
    fetch(clockUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        state.phaseClock = data && data.stamp ? data.stamp : null;
        if (state.phaseClock) phaseClock.value = state.phaseClock;
        save();
      })
      .catch(function () {
        // Offline: the server counts from when the page opened instead, which is never less.
        state.phaseClock = null;
      });
  }

  function relaxedSeconds() {
    var planned = chosenMinutes() * 60000;
    var left = remaining();
    if (left === null || (state.endsAt === null && !state.paused && left === planned)) return 0;
    return Math.max(0, Math.round((planned - left) / 1000));
  }

  function recordRelaxed() {
    if (phaseSeconds) phaseSeconds.value = String(relaxedSeconds());
    state.phaseSeconds = phaseSeconds ? phaseSeconds.value : null;
    save();
  }

  // The dark full-screen view while the countdown runs; it closes when the relaxation ends.
  function immersive(on) {
    root.classList.toggle("is-immersive", on);
    document.documentElement.classList.toggle("player-immersive", on);
    var asking = on && (!navigator.userActivation || navigator.userActivation.isActive);
    if (asking && document.documentElement.requestFullscreen && !document.fullscreenElement) {
      var asked = document.documentElement.requestFullscreen();
      if (asked && asked.catch) asked.catch(function () { /* the overlay is enough */ });
    } else if (!on && document.fullscreenElement && document.exitFullscreen) {
      document.exitFullscreen().catch(function () { /* already left */ });
    }
  }

  function startCountdown() {
    if (!state.phaseClock) askForPhaseClock();
    state.endsAt = Date.now() + (state.remainingMs || chosenMinutes() * 60000);
    state.paused = false;
    save();
    immersive(true);
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
    endRelax(true);
  }

  // Ends the relaxation, on time or skipped: what the countdown really ran is kept for the
  // form, and the timer stops.
  function endRelax(onTime) {
    recordRelaxed();
    clearTimeout(timer);
    state.endsAt = null;
    state.remainingMs = 0;
    state.paused = false;
    save();
    if (audio) audio.pause();
    releaseWakeLock();
    immersive(false);
    if (onTime) {
      chime();
      announce("Time is up. Take your time coming back.");
    }
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

  // --- exercises: a timer per hold, a count per repetition, a rest between sets -----------
  // Each exercise runs as a list of timed parts built from its data-* attributes. When the
  // last part ends, its "I did this exercise" box is ticked; Next skips it without a tick.
  var running = null; // { box, parts, index, endsAt, left, paused }

  function partsOf(box) {
    var reps = +box.getAttribute("data-reps");
    var sets = +box.getAttribute("data-sets");
    var seconds = +box.getAttribute("data-seconds");
    var rest = +box.getAttribute("data-rest");
    var sides = +box.getAttribute("data-sides");
    var hold = box.getAttribute("data-hold") === "1";
    var parts = [];
    for (var side = 1; side <= sides; side++) {
      for (var set = 1; set <= sets; set++) {
        for (var rep = 1; rep <= reps; rep++) {
          var where = (sides > 1 ? (side === 1 ? "First side" : "Other side") + " · " : "") +
            (sets > 1 ? "set " + set + " of " + sets + " · " : "");
          var label = where + (hold ? "hold " : "") + rep + " of " + reps;
          parts.push({ seconds: seconds, label: label.charAt(0).toUpperCase() + label.slice(1) });
        }
        if (set < sets && rest) parts.push({ seconds: rest, label: "Rest before set " + (set + 1) });
      }
      if (side < sides) parts.push({ seconds: 10, label: "Change to the other side" });
    }
    return parts;
  }

  function exerciseText(box, status, clockText) {
    box.querySelector("[data-exercise-status]").textContent = status;
    box.querySelector("[data-exercise-clock]").textContent = clockText;
  }

  function startExercise(box) {
    if (running && running.box !== box) stopExercise();
    askForPhaseClock();
    running = { box: box, parts: partsOf(box), index: 0, endsAt: null, left: null, paused: false };
    box.querySelector("[data-exercise-start]").hidden = true;
    var pauseBtn = box.querySelector("[data-exercise-pause]");
    pauseBtn.hidden = false;
    pauseBtn.focus();
    beginPart();
  }

  function beginPart() {
    var part = running.parts[running.index];
    running.endsAt = Date.now() + part.seconds * 1000;
    exerciseTick();
  }

  function exerciseTick() {
    clearTimeout(running.timer);
    var part = running.parts[running.index];
    var left = running.paused ? running.left : running.endsAt - Date.now();
    if (left <= 0) {
      running.index += 1;
      if (running.index >= running.parts.length) {
        exerciseDone();
        return;
      }
      beginPart();
      return;
    }
    exerciseText(running.box, part.label + (running.paused ? " (paused)" : ""), format(left));
    if (!running.paused) running.timer = setTimeout(exerciseTick, 200);
  }

  function toggleExercise(box) {
    if (!running || running.box !== box) return;
    var pauseBtn = box.querySelector("[data-exercise-pause]");
    if (running.paused) {
      running.paused = false;
      running.endsAt = Date.now() + running.left;
    } else {
      running.paused = true;
      running.left = running.endsAt - Date.now();
    }
    pauseBtn.textContent = running.paused ? "Resume" : "Pause";
    pauseBtn.setAttribute("aria-pressed", running.paused ? "true" : "false");
    exerciseTick();
  }

  function exerciseDone() {
    var box = running.box;
    var section = box.closest("[data-step]");
    var tick = section.querySelector('input[name="done"]');
    if (tick) tick.checked = true;
    collectValues();
    exerciseText(box, "Done. Well done; move on when you are ready.", "");
    box.querySelector("[data-exercise-pause]").hidden = true;
    var startBtn = box.querySelector("[data-exercise-start]");
    startBtn.hidden = false;
    startBtn.textContent = "Do it again";
    running = null;
    chime();
    var next = section.querySelector("[data-next]");
    if (next) next.focus();
  }

  function stopExercise() {
    if (!running) return;
    clearTimeout(running.timer);
    running.box.querySelector("[data-exercise-pause]").hidden = true;
    running.box.querySelector("[data-exercise-start]").hidden = false;
    exerciseText(running.box, "Stopped.", "");
    running = null;
  }

  root.addEventListener("click", function (event) {
    if (event.target.closest("[data-next], [data-back]")) stopExercise();
  }, true);

  // --- start ---------------------------------------------------------------------------
  root.classList.add("js-player");
  Array.prototype.forEach.call(root.querySelectorAll("[data-js-only]"), function (el) {
    el.hidden = false;
  });
  Array.prototype.forEach.call(root.querySelectorAll("[data-no-js-only]"), function (el) {
    el.hidden = true;
  });
  restoreValues();
  if (phaseClock && state.phaseClock && state.phaseClock !== "asking") phaseClock.value = state.phaseClock;
  if (state.phaseClock === "asking") state.phaseClock = null;
  if (phaseSeconds && state.phaseSeconds) phaseSeconds.value = state.phaseSeconds;
  show(state.step || 0, false);
})();
