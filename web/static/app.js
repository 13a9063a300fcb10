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
