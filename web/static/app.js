// starprep: progressive enhancement for the "Was this answer helpful?" widget.
// Without this script the buttons submit the page's feedback form (POST, then redirect).
(function () {
  "use strict";
  var form = document.getElementById("feedback");
  if (!form || !window.fetch) return;
  var token = form.elements.csrf ? form.elements.csrf.value : "";
  var role = form.getAttribute("data-role");
  var touched = {};  // question ids voted on since the page loaded

  function widget(id) {
    return document.querySelector('.feedback[data-question="' + CSS.escape(id) + '"]');
  }
  function show(id, data, message) {
    var w = widget(id);
    if (!w) return;
    w.querySelector(".fb-n-yes").textContent = data.helpful;
    w.querySelector(".fb-n-no").textContent = data.not_helpful;
    w.querySelector(".fb-yes").setAttribute("aria-pressed", data.your_vote === "yes" ? "true" : "false");
    w.querySelector(".fb-no").setAttribute("aria-pressed", data.your_vote === "no" ? "true" : "false");
    if (message !== undefined) w.querySelector(".fb-status").textContent = message;
  }

  if (role) {
    fetch("/api/v1/roles/" + encodeURIComponent(role) + "/feedback", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (!body) return;
        body.items.forEach(function (item) {
          if (widget(item.question_id) && !touched[item.question_id]) show(item.question_id, item);
        });
      })
      .catch(function () {});
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[form='feedback'][name='vote']");
    if (!button) return;
    event.preventDefault();
    var parts = button.value.split(":");
    var answer = parts.pop();
    var id = parts.join(":");
    var w = widget(id);
    touched[id] = true;
    var textarea = w && w.querySelector("textarea");
    var payload = { helpful: answer === "yes" };
    if (textarea && textarea.value.trim() !== "") payload.comment = textarea.value;
    w.querySelector(".fb-status").textContent = " · saving…";
    fetch("/api/v1/questions/" + encodeURIComponent(id) + "/feedback", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token },
      body: JSON.stringify(payload)
    })
      .then(function (r) {
        return r.json().then(function (body) { return { ok: r.ok, body: body }; });
      })
      .then(function (res) {
        if (res.ok) {
          if (textarea) textarea.value = "";
          show(id, res.body, " · Thanks, your vote is saved. You can change it at any time.");
        } else {
          w.querySelector(".fb-status").textContent = " · " + (res.body.error ? res.body.error.message : "Could not save your vote.");
        }
      })
      .catch(function () {
        w.querySelector(".fb-status").textContent = " · Could not reach the server; please try again.";
      });
  });
})();

// starprep: the practice panel. Without this script "Get feedback" posts the form and the page
// comes back with the coach's feedback; with it, feedback follows the typing (debounced).
(function () {
  "use strict";
  var form = document.querySelector("form.practice-form");
  if (!form || !window.fetch || !window.AbortController) return;
  var textarea = form.querySelector("textarea");
  var result = document.getElementById("coach-result");
  var status = form.querySelector(".coach-status");
  var url = "/questions/" + encodeURIComponent(form.getAttribute("data-question")) + "/practice?fragment=1";
  var pending = null;   // debounce timer
  var inflight = null;  // AbortController of the request in flight
  var lastSent = null;

  function check() {
    var text = textarea.value;
    if (text === lastSent) return;
    lastSent = text;
    if (inflight) inflight.abort();
    if (text.trim() === "") {
      result.innerHTML = "";
      status.textContent = "";
      return;
    }
    inflight = new AbortController();
    var body = new URLSearchParams();
    body.set("answer", text);
    fetch(url, { method: "POST", body: body, signal: inflight.signal, headers: { Accept: "application/json" } })
      .then(function (r) {
        return r.text().then(function (t) { return { ok: r.ok, status: r.status, text: t, retry: r.headers.get("Retry-After") }; });
      })
      .then(function (res) {
        if (res.ok) {
          result.innerHTML = res.text;
          var coach = result.querySelector(".coach");
          status.textContent = coach ? "Feedback updated: " + coach.getAttribute("data-score") + " of 100." : "";
          return;
        }
        lastSent = null;  // let the next keystroke or submit try again
        var message = "Could not check the answer.";
        try { message = JSON.parse(res.text).error.message; } catch (e) {}
        status.textContent = message;
        if (res.status === 429) {
          clearTimeout(pending);
          pending = setTimeout(check, 1000 * (parseInt(res.retry, 10) || 1));
        }
      })
      .catch(function (e) {
        if (e.name !== "AbortError") {
          lastSent = null;
          status.textContent = "Could not reach the server; your text is still here.";
        }
      });
  }

  textarea.addEventListener("input", function () {
    clearTimeout(pending);
    pending = setTimeout(check, 300);
  });
  var secondsField = form.elements.seconds;
  form.addEventListener("submit", function (event) {
    // "Save attempt" posts the form for real, with the speaking timer's seconds.
    if (event.submitter && event.submitter.classList.contains("save-attempt")) {
      if (secondsField) secondsField.value = String(Math.min(elapsed(), 4 * 60 * 60));
      return;
    }
    event.preventDefault();
    clearTimeout(pending);
    lastSent = null;
    check();
  });

  // Optional speaking timer: practise saying the answer aloud in one to two minutes.
  var toggle = form.querySelector(".timer-toggle");
  var clock = form.querySelector(".timer");
  var started = 0, ticking = null, stopped = 0;  // stopped: seconds shown when the timer was stopped
  function elapsed() {
    return ticking ? Math.floor((Date.now() - started) / 1000) : stopped;
  }
  function show() {
    var s = elapsed();
    clock.textContent = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }
  toggle.hidden = false;
  clock.hidden = false;
  toggle.addEventListener("click", function () {
    if (ticking) {
      stopped = elapsed();
      clearInterval(ticking);
      ticking = null;
      toggle.textContent = "Start speaking timer";
      toggle.setAttribute("aria-pressed", "false");
    } else {
      started = Date.now();
      show();
      ticking = setInterval(show, 1000);
      toggle.textContent = "Stop speaking timer";
      toggle.setAttribute("aria-pressed", "true");
    }
  });
})();
