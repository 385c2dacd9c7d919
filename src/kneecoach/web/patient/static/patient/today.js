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

  function format(seconds) {
    var m = Math.floor(seconds / 60);
    var s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function setUpTimer(box) {
    var total = parseInt(box.dataset.seconds, 10);
    if (!(total > 0)) { return; }
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
        if (navigator.vibrate) { navigator.vibrate([200, 100, 200]); }
      }
    }

    toggle.addEventListener("click", function () {
      if (ticking) {
        stop();
        fill();
        toggle.textContent = box.dataset.resume;
        say(status, box.dataset.paused + " " + format(left));
        return;
      }
      if (left === 0) { left = total; }
      box.classList.remove("done");
      box.classList.add("running");
      endsAt = Date.now() + left * 1000;
      ticking = window.setInterval(tick, 250);
      toggle.textContent = box.dataset.pause;
      say(status, box.dataset.started + " " + left + " " + box.dataset.left);
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
  }

  document.querySelectorAll(".timer[data-seconds]").forEach(setUpTimer);

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
    return data;
  }

  function clearErrors(form) {
    form.querySelectorAll(".js-error").forEach(function (node) { node.remove(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (node) {
      node.removeAttribute("aria-invalid");
    });
    var top = form.querySelector(".form-errors");
    top.hidden = true;
    top.textContent = "";
  }

  function showError(form, field, message) {
    var input = field && form.elements[field];
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
    var old = tbody.querySelector('tr[data-key="' + key + '"]');
    if (old) { old.replaceWith(row); } else { tbody.appendChild(row); }
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

  function enhance(form) {
    form.addEventListener("submit", function (event) {
      if (!window.fetch || !csrf) { return; }
      event.preventDefault();
      clearErrors(form);
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
          var field = (result.data.field || "").split(".").pop();
          showError(form, field, result.data.message);
          return;
        }
        var set = result.data;
        addRow(card, form, set);
        advance(card, form);
        form.elements.note.value = "";
        var side = sideName(form, set.side);
        say(form.querySelector("[data-status]"),
          form.dataset.msgLogged + " " + set.set_number + (side ? " (" + side + ")" : ""));
        var after = document.getElementById("pain-after");
        if (after) { after.hidden = false; }
      }).catch(function () {
        showError(form, null, form.dataset.msgFailed);
      }).then(function () {
        button.disabled = false;
      });
    });
  }

  document.querySelectorAll("form.log-set[data-api]").forEach(enhance);
})();
