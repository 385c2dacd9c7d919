/* kneecoach Today page: progressive enhancement only. Without this file every form still posts
   and the page comes back; with it, sets are logged through the JSON API without a reload, and
   the countdown timers (for timed sets and rests) appear. Every text shown comes from the page
   (data-* attributes written by the translated template). */
(function () {
  "use strict";

  var csrf = document.querySelector('meta[name="csrf-token"]');

  function say(region, text) {
    // Clear first so the same message twice is announced twice.
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  /* --- countdown timers --------------------------------------------------------------------- */

  var timers = [];
  var wakeLock = null;

  function format(seconds) {
    var m = Math.floor(seconds / 60);
    var s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function keepAwake() {
    // Wake Lock: the screen stays on while a timer runs (where the browser allows it).
    if (wakeLock || !navigator.wakeLock || !navigator.wakeLock.request) { return; }
    navigator.wakeLock.request("screen").then(function (lock) {
      wakeLock = lock;
      lock.addEventListener("release", function () { wakeLock = null; });
    }).catch(function () { wakeLock = null; });
  }

  function letSleep() {
    var running = timers.some(function (t) { return t.running(); });
    if (!running && wakeLock) { wakeLock.release(); wakeLock = null; }
  }

  document.addEventListener("visibilitychange", function () {
    // The browser drops the lock when the page is hidden; take it again on return.
    if (document.visibilityState === "visible" && timers.some(function (t) { return t.running(); })) {
      keepAwake();
    }
  });

  var audio = null;

  function chime() {
    // Three short tones through Web Audio (no file to download); silent where not allowed.
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) { return; }
    try {
      audio = audio || new Context();
      if (audio.resume) { audio.resume(); }
      [0, 0.35, 0.7].forEach(function (start) {
        var tone = audio.createOscillator();
        var gain = audio.createGain();
        tone.frequency.value = 880;
        gain.gain.setValueAtTime(0.0001, audio.currentTime + start);
        gain.gain.exponentialRampToValueAtTime(0.4, audio.currentTime + start + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + start + 0.25);
        tone.connect(gain);
        gain.connect(audio.destination);
        tone.start(audio.currentTime + start);
        tone.stop(audio.currentTime + start + 0.3);
      });
    } catch (error) { /* no sound on this device */ }
  }

  function storageKey(box) {
    var card = box.closest("article.exercise");
    return "kneecoach-timer:" + location.pathname + ":" + (card ? card.id : "") + ":" + box.dataset.kind;
  }

  function remember(box, endsAt) {
    try {
      if (endsAt) { localStorage.setItem(storageKey(box), String(endsAt)); }
      else { localStorage.removeItem(storageKey(box)); }
    } catch (error) { /* private mode: the timer just does not survive a reload */ }
  }

  function remembered(box) {
    try { return parseInt(localStorage.getItem(storageKey(box)) || "", 10) || 0; }
    catch (error) { return 0; }
  }

  function setUpTimer(box) {
    var total = parseInt(box.dataset.seconds, 10);
    if (!(total > 0)) { return null; }
    var display = box.querySelector(".timer-display");
    var toggle = box.querySelector('[data-action="toggle"]');
    var reset = box.querySelector('[data-action="reset"]');
    var status = box.querySelector("[data-status]");
    var left = total;
    var ticking = null;
    var endsAt = 0;

    function show() {
      display.textContent = format(left);
      display.setAttribute("aria-label", left + " " + box.dataset.left);
    }

    function fill() {
      // A timed set: the seconds actually done go into the set's form.
      var input = box.dataset.fill && document.getElementById(box.dataset.fill);
      if (input) { input.value = String(total - left); }
    }

    function stop() {
      window.clearInterval(ticking);
      ticking = null;
      box.classList.remove("running");
      remember(box, 0);
      letSleep();
    }

    function tick() {
      left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
      show();
      if (left === 10) { say(status, left + " " + box.dataset.left); }
      if (left === 0) {
        stop();
        fill();
        toggle.textContent = box.dataset.start;
        box.classList.add("done");
        say(status, box.dataset.done);
        box.dataset.finished = String(Date.now());
        chime();
        if (navigator.vibrate) { navigator.vibrate([300, 150, 300, 150, 300]); }
      }
    }

    function run(until) {
      box.classList.remove("done");
      box.classList.add("running");
      endsAt = until;
      remember(box, endsAt);
      keepAwake();
      window.clearInterval(ticking);
      ticking = window.setInterval(tick, 250);
      toggle.textContent = box.dataset.pause;
      tick();
    }

    function start() {
      if (left === 0) { left = total; }
      run(Date.now() + left * 1000);
      say(status, box.dataset.started + " " + left + " " + box.dataset.left);
    }

    toggle.addEventListener("click", function () {
      if (ticking) {
        stop();
        fill();
        toggle.textContent = box.dataset.resume;
        say(status, box.dataset.paused + " " + format(left));
        return;
      }
      start();
    });

    reset.addEventListener("click", function () {
      stop();
      left = total;
      show();
      toggle.textContent = box.dataset.start;
      box.classList.remove("done");
    });

    show();
    box.hidden = false;
    var saved = remembered(box);
    if (saved > Date.now()) { run(saved); } else if (saved) { remember(box, 0); }
    return {
      box: box,
      running: function () { return ticking !== null; },
      restart: function () { left = total; start(); },
      stop: function () { if (ticking) { stop(); toggle.textContent = box.dataset.start; } }
    };
  }

  document.querySelectorAll(".timer[data-seconds]").forEach(function (box) {
    var timer = setUpTimer(box);
    if (timer) { timers.push(timer); }
  });

  function stopAllTimers() {
    timers.forEach(function (t) { t.stop(); });
  }

  function startRest(card) {
    // After a set, the rest before the next one counts down by itself.
    var box = card.querySelector('.timer[data-kind="rest"]');
    var timer = timers.find(function (t) { return t.box === box; });
    if (timer) { timer.restart(); }
  }

  /* --- logging a set through the JSON API ------------------------------------------------------ */

  function number(form, name) {
    var input = form.elements[name];
    if (!input || input.value.trim() === "") { return null; }
    var value = Number(input.value);
    return Number.isInteger(value) ? value : input.value;
  }

  function text(form, name) {
    var input = form.elements[name];
    return input ? input.value : "";
  }

  function body(form) {
    var side = form.elements.side ? form.elements.side.value : "";
    var load = text(form, "load").trim();
    var data = {
      exercise: text(form, "exercise"),
      set_number: number(form, "set_number"),
      pain: number(form, "pain"),
      side: side || null,
      load: load || null,
      note: text(form, "note")
    };
    data[form.dataset.unit] = number(form, form.dataset.unit);
    data.replace = form.dataset.replace === "1" || Boolean(form.elements.replace && form.elements.replace.checked);
    return data;
  }

  function clearErrors(form) {
    form.querySelectorAll(".js-error").forEach(function (node) { node.remove(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (node) {
      node.removeAttribute("aria-invalid");
    });
    form.querySelectorAll("fieldset.pain-field.has-error").forEach(function (group) {
      group.classList.remove("has-error");
      group.setAttribute("aria-describedby", group.id + "_help");
    });
    var top = form.querySelector(".form-errors");
    top.hidden = true;
    top.textContent = "";
  }

  function showError(form, field, message) {
    var input = field && form.elements[field];
    if (input && input.type === undefined && input.length) {
      // A group of radio buttons (the pain scale): the message goes under its legend.
      var group = input[0].closest("fieldset");
      var groupNote = document.createElement("div");
      groupNote.className = "field-errors js-error";
      groupNote.id = group.id + "_jserror";
      groupNote.textContent = message;
      group.querySelector("legend").insertAdjacentElement("afterend", groupNote);
      group.classList.add("has-error");
      group.setAttribute("aria-describedby", groupNote.id);
      Array.prototype.forEach.call(input, function (radio) {
        radio.setAttribute("aria-invalid", "true");
      });
      input[0].focus();
      return;
    }
    if (input && input.type !== "hidden") {
      var note = document.createElement("div");
      note.className = "field-errors js-error";
      note.id = input.id + "_jserror";
      note.textContent = message;
      input.insertAdjacentElement("afterend", note);
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", note.id);
      input.focus();
      return;
    }
    var top = form.querySelector(".form-errors");
    var line = document.createElement("p");
    line.textContent = message;
    top.appendChild(line);
    top.hidden = false;
  }

  function cell(value) {
    var td = document.createElement("td");
    td.textContent = value === null || value === undefined ? "" : String(value);
    return td;
  }

  function sideName(form, side) {
    var select = form.elements.side;
    if (!select || !side) { return ""; }
    var option = Array.prototype.find.call(select.options, function (o) { return o.value === side; });
    return option ? option.textContent : side;
  }

  function addRow(card, form, set) {
    var tbody = card.querySelector("table.logged tbody");
    var empty = tbody.querySelector("tr.empty");
    if (empty) { empty.remove(); }
    var key = set.set_number + "-" + (set.side || "");
    var row = document.createElement("tr");
    row.dataset.key = key;
    row.appendChild(cell(set.set_number));
    if (card.dataset.sides) { row.appendChild(cell(sideName(form, set.side))); }
    row.appendChild(cell(form.dataset.unit === "seconds" ? set.seconds : set.reps));
    row.appendChild(cell(set.pain + "/10"));
    row.appendChild(cell(set.note));
    var table = card.querySelector("table.logged");
    if (table.dataset.attachUrl) {
      // The camera column: the new set can have its video checked straight away. The server
      // reversed the URL for set 0 of side "SIDE"; this set's number and side go in their place.
      var link = document.createElement("a");
      link.href = table.dataset.attachUrl.replace(
        "/0/SIDE/video/", "/" + set.set_number + "/" + (set.side || "both") + "/video/");
      link.textContent = table.dataset.attachLabel;
      var td = cell("");
      td.appendChild(link);
      row.appendChild(td);
    }
    row.appendChild(actionsCell(card, form, set));
    var old = tbody.querySelector('tr[data-key="' + key + '"]');
    if (old) { old.replaceWith(row); } else { tbody.appendChild(row); }
  }

  function actionsCell(card, form, set) {
    // The row's "Change" and "Delete" forms, from the card's empty copy, with this set's values.
    var template = card.querySelector("template.set-actions-template");
    var td = template.content.querySelector("td").cloneNode(true);
    var suffix = set.set_number + "-" + (set.side || "both");
    td.querySelectorAll("[id]").forEach(function (node) { node.id = node.id.replace("-new-", "-" + suffix + "-"); });
    td.querySelectorAll("label[for]").forEach(function (node) {
      node.htmlFor = node.htmlFor.replace("-new-", "-" + suffix + "-");
    });
    td.querySelectorAll("form").forEach(function (f) {
      f.elements.set_number.value = String(set.set_number);
      f.elements.side.value = set.side || "";
      if (f.elements.load) { f.elements.load.value = set.load || ""; }
      if (f.elements.note) { f.elements.note.value = set.note || ""; }
      if (f.elements.pain) { f.elements.pain.value = String(set.pain); }
      var amount = f.elements[form.dataset.unit];
      if (amount) { amount.value = String(form.dataset.unit === "seconds" ? set.seconds : set.reps); }
    });
    var hidden = td.querySelector("summary .visually-hidden");
    if (hidden) {
      var side = sideName(form, set.side);
      hidden.textContent = " " + set.set_number + (side ? " (" + side + ")" : "");
    }
    return td;
  }

  function doneCount(card) {
    var sets = parseInt(card.dataset.sets, 10);
    var sides = card.dataset.sides ? card.dataset.sides.split(" ") : [""];
    var count = 0;
    for (var n = 1; n <= sets; n += 1) {
      for (var i = 0; i < sides.length; i += 1) {
        if (card.querySelector('table.logged tr[data-key="' + n + "-" + sides[i] + '"]')) { count += 1; }
      }
    }
    return { done: count, total: sets * sides.length };
  }

  function afterSet(card) {
    // Tick the exercise off and fold it when its sets are done, count the session, offer the
    // next set, and start the rest; the last set of the day brings the summary.
    var count = doneCount(card);
    var finished = count.done >= count.total;
    if (finished && !card.classList.contains("done")) {
      card.classList.add("done");
      card.querySelector(".done-mark").hidden = false;
      card.querySelector("details.card-body").open = false;
    }
    var cards = document.querySelectorAll("article.exercise");
    var doneCards = document.querySelectorAll("article.exercise.done").length;
    var line = document.getElementById("session-progress");
    if (line) {
      var strong = document.createElement("strong");
      strong.textContent = line.dataset.template.replace("__DONE__", doneCards).replace("__TOTAL__", cards.length);
      line.replaceChildren(strong);
      document.getElementById("session-meter").value = doneCards;
    }
    if (doneCards === cards.length) {
      stopAllTimers();
      window.history.replaceState(null, "", window.location.pathname + "#summary");
      window.location.reload();
      return;
    }
    nextLabel(card, finished);
    if (finished) { openNext(card); }
    if (!finished || card.nextElementSibling) { startRest(card); }
  }

  function openNext(card) {
    // The next exercise not done yet opens, so the session reads as one card at a time.
    var next = Array.prototype.find.call(document.querySelectorAll("article.exercise"), function (other) {
      return !other.classList.contains("done");
    });
    if (next) { next.querySelector("details.card-body").open = true; }
  }

  function nextLabel(card, finished) {
    var form = card.querySelector("form.log-set");
    var legend = form.querySelector("legend");
    if (finished) { legend.textContent = legend.dataset.extra; return; }
    var side = form.elements.side ? form.elements.side.value : "";
    var text = side ? legend.dataset.nextSide.replace("__SIDE__", legend.dataset[side]) : legend.dataset.next;
    legend.textContent = text.replace("__N__", form.elements.set_number.value);
  }

  function advance(card, form) {
    // The next set and side not logged yet, as the server would pre-fill it.
    var sets = parseInt(card.dataset.sets, 10);
    var sides = card.dataset.sides ? card.dataset.sides.split(" ") : [""];
    var done = {};
    card.querySelectorAll("table.logged tbody tr[data-key]").forEach(function (row) {
      done[row.dataset.key] = true;
    });
    for (var n = 1; n <= sets; n += 1) {
      for (var i = 0; i < sides.length; i += 1) {
        if (!done[n + "-" + sides[i]]) {
          form.elements.set_number.value = String(n);
          if (form.elements.side) { form.elements.side.value = sides[i]; }
          return;
        }
      }
    }
    form.elements.set_number.value = String(Math.min(sets + 1, 10));
  }

  /* --- the answer to pain above the limit, at once ------------------------------------------- */

  function paragraphs(box, lines) {
    lines.forEach(function (line) {
      var p = document.createElement("p");
      p.textContent = line;
      box.appendChild(p);
    });
  }

  function answerPain(card, set) {
    // The server words what to do now (the rule is the engine's): above 5/10 ease off or stop
    // this exercise; at 8/10 end the session, with the relief advice.
    var old = card.querySelector(".pain-alert");
    if (old) { old.remove(); }
    if (!set.pain_advice || !set.pain_advice.length) { return; }
    var box = document.createElement("div");
    box.className = "pain-alert " + set.pain_response;
    box.setAttribute("role", "alert");
    box.tabIndex = -1;
    if (set.pain_response === "stop_session") {
      endSession(set.pain_advice);
      return;
    }
    paragraphs(box, set.pain_advice);
    var table = card.querySelector("table.logged");
    (table.closest(".table-wrap") || table).insertAdjacentElement("afterend", box);
    box.focus();
  }

  function endSession(lines) {
    // No more sets today: every card's form goes, the advice goes on top of the page.
    var main = document.getElementById("main");
    var box = document.createElement("section");
    box.className = "card pain-alert stop_session";
    box.id = "pain-stop";
    box.setAttribute("role", "alert");
    box.tabIndex = -1;
    paragraphs(box, lines);
    var lead = main.querySelector("h1");
    lead.insertAdjacentElement("afterend", box);
    document.querySelectorAll("form.log-set, .timers").forEach(function (node) {
      node.hidden = true;
    });
    stopAllTimers();
    box.focus();
    box.scrollIntoView({ block: "start" });
  }

  // A refused number or text is said in the page's words, with the field's range (the
  // form's own messages, data-field-messages): the API's message is the validator's English.
  function fieldMessage(form, field, error) {
    if (error.error !== "invalid" || !form.dataset.fieldMessages) { return null; }
    var messages = JSON.parse(form.dataset.fieldMessages);
    return Object.prototype.hasOwnProperty.call(messages, field) ? messages[field] : null;
  }

  function enhance(form) {
    form.addEventListener("submit", function (event) {
      if (!window.fetch || !csrf) { return; }
      event.preventDefault();
      clearErrors(form);
      var pain = form.querySelector("fieldset.pain-field");
      if (pain && number(form, "pain") === null) {
        // Nothing chosen: say so in plain words, without asking the server.
        showError(form, "pain", pain.dataset.required);
        return;
      }
      var card = form.closest("article.exercise");
      var button = form.querySelector('button[type="submit"]');
      button.disabled = true;
      fetch(form.dataset.api, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf.content },
        body: JSON.stringify(body(form))
      }).then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      }).then(function (result) {
        if (!result.ok) {
          if (result.data.error === "conflict" && window.confirm(form.dataset.msgAgain)) {
            // The same set again: asked, then sent once more as a correction.
            form.dataset.replace = "1";
            button.disabled = false;
            form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit"));
            return;
          }
          var field = (result.data.field || "").split(".").pop();
          showError(form, field, fieldMessage(form, field, result.data) || result.data.message);
          return;
        }
        delete form.dataset.replace;
        var set = result.data;
        addRow(card, form, set);
        advance(card, form);
        form.elements.note.value = "";
        Array.prototype.forEach.call(form.querySelectorAll('input[name="pain"]'), function (radio) {
          radio.checked = false;  // the next set's pain is chosen afresh, never carried over
        });
        var side = sideName(form, set.side);
        say(form.querySelector("[data-status]"),
          form.dataset.msgLogged + " " + set.set_number + (side ? " (" + side + ")" : ""));
        var after = document.getElementById("pain-after");
        if (after) { after.hidden = false; }
        answerPain(card, set);
        if (set.pain_response !== "stop_session") { afterSet(card); }
      }).catch(function () {
        showError(form, null, form.dataset.msgFailed);
      }).then(function () {
        button.disabled = false;
      });
    });
  }

  document.querySelectorAll("form.log-set[data-api]").forEach(enhance);

  /* --- the drawings: a pause control, and no motion where the system asks for less -------- */

  var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function figureControl(figure) {
    var svg = figure.querySelector("svg");
    if (!svg || !svg.pauseAnimations || !svg.querySelector("animate")) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary figure-toggle";
    function show(paused) {
      button.textContent = paused ? figure.dataset.play : figure.dataset.pause;
    }
    button.addEventListener("click", function () {
      var paused = svg.animationsPaused();
      if (paused) { svg.unpauseAnimations(); } else { svg.pauseAnimations(); }
      show(!paused);
    });
    if (still) {
      // the far position, held still: it shows the movement without moving
      svg.pauseAnimations();
      svg.setCurrentTime((parseFloat(svg.querySelector("animate").getAttribute("dur")) || 0) / 2);
    }
    show(still);
    figure.appendChild(button);
  }

  document.querySelectorAll("figure.illustration[data-pause]").forEach(figureControl);
})();
