// starprep: progressive enhancement for the "Was this answer helpful?" widget.
// Without this script the buttons submit the page's feedback form (POST, then redirect).
(function () {
  "use strict";
  var form = document.getElementById("feedback");
  if (!form || !window.fetch) return;
  var token = form.elements.csrf ? form.elements.csrf.value : "";
  var role = form.getAttribute("data-role");
  // Public pages are the same for every visitor and carry no token: fetch one (it also sets the
  // visitor cookie it is bound to) the first time this visitor votes.
  function withToken() {
    if (token) return Promise.resolve(token);
    return fetch("/api/v1/csrf-token", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(new Error("token")); })
      .then(function (body) { token = body.csrf_token; return token; });
  }
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

  // A live character count under each comment box, counted as the server does (code points of
  // the trimmed text). Nothing is cut: an over-long comment stays as typed, marked invalid.
  // Counted at load only for a box that holds text (the server's "Up to 1,000 characters." says
  // the rest), and grouped by hand: Number.toLocaleString loads the browser's locale data on first
  // use, ~100 ms of main thread on a throttled phone for every page with a feedback widget.
  var MAX_COMMENT = 1000;
  function grouped(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }
  function count(textarea) {
    var out = document.getElementById("cc-" + textarea.id.slice(2));
    if (!out) return;
    var n = Array.from(textarea.value.trim()).length;
    var over = n > MAX_COMMENT;
    out.textContent = over
      ? grouped(n) + " characters: " + grouped(n - MAX_COMMENT) + " over the 1,000 limit. Shorten it to send it."
      : grouped(n) + " of 1,000 characters";
    out.classList.toggle("over", over);
    if (over) textarea.setAttribute("aria-invalid", "true");
    else if (!document.getElementById("ce-" + textarea.id.slice(2))) textarea.removeAttribute("aria-invalid");
    if (over !== (textarea.getAttribute("data-over") === "1")) {
      textarea.setAttribute("data-over", over ? "1" : "0");
      var w = textarea.closest(".feedback");
      if (w) w.querySelector(".fb-status").textContent = over ? " · The comment is over the 1,000-character limit." : "";
    }
  }
  document.querySelectorAll(".fb-comment textarea").forEach(function (t) {
    if (t.value) count(t);
    t.addEventListener("input", function () { count(t); });
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[form='feedback'][name='vote']");
    if (!button) return;
    event.preventDefault();
    var parts = button.value.split(":");
    var answer = parts.pop();
    var id = parts.join(":");
    var w = widget(id);
    var textarea = w && w.querySelector("textarea");
    var status = w.querySelector(".fb-status");
    var commentOnly = answer === "comment";
    if (commentOnly) {
      // "Send comment": the comment goes with the reader's current vote.
      var pressed = w.querySelector('.fb-buttons button[aria-pressed="true"]');
      if (!pressed) {
        status.textContent = " · Choose Yes or No first: a comment is sent with your vote (your text is kept).";
        return;
      }
      if (!textarea || textarea.value.trim() === "") {
        status.textContent = " · The comment is empty: write what would make the answer better.";
        textarea && textarea.focus();
        return;
      }
      answer = pressed.classList.contains("fb-yes") ? "yes" : "no";
    }
    touched[id] = true;
    var payload = { helpful: answer === "yes" };
    if (textarea && textarea.value.trim() !== "") payload.comment = textarea.value;
    status.textContent = " · saving…";
    withToken()
      .then(function (csrf) {
        return fetch("/api/v1/questions/" + encodeURIComponent(id) + "/feedback", {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
          body: JSON.stringify(payload)
        });
      })
      .then(function (r) {
        return r.json().then(function (body) { return { ok: r.ok, body: body }; });
      })
      .then(function (res) {
        if (res.ok) {
          var withComment = textarea && textarea.value.trim() !== "";
          if (textarea) {
            textarea.value = "";
            count(textarea);
          }
          show(id, res.body, commentOnly ? " · Thanks, your comment is saved." :
            withComment ? " · Thanks, your vote and comment are saved. You can change your vote at any time." :
            " · Thanks, your vote is saved. You can change it at any time.");
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
// comes back with the coach's feedback; with it, the part labels follow the typing (debounced),
// while the score (and the polite live region that announces it) waits until the candidate asks
// ("Get feedback") or has paused for ANNOUNCE_IDLE_MS: no score mid-sentence.
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
  var ANNOUNCE_IDLE_MS = 2000;
  var scoreWait = form.querySelector(".score-wait");
  if (scoreWait) scoreWait.hidden = false;
  var idle = null;             // timer: announce once typing has paused
  var shownFor = null;         // the text the feedback on screen is for
  var announceWanted = false;  // announce the next feedback (asked for, or typing paused)

  function announce() {
    announceWanted = false;
    result.classList.remove("score-pending");  // the score shows once announced
    var coach = result.querySelector(".coach");
    var message = coach ? "Feedback updated: " + coach.getAttribute("data-score") + " of 100." : "";
    if (status.textContent === message) status.textContent = "";  // so that a repeat is read again
    setTimeout(function () { status.textContent = message; }, 50);
  }
  // Announce now if the feedback on screen is for the text in the box, else when it arrives.
  function announceSoon() {
    if (shownFor !== null && shownFor === textarea.value) announce();
    else announceWanted = true;
  }

  // `asked`: the candidate pressed "Get feedback". Typing blank text clears the feedback without a
  // request; asking with blank text sends it, so the server's "The answer is empty" message shows
  // just as it does without this script.
  function check(asked) {
    var text = textarea.value;
    if (text === lastSent && !asked) return;
    lastSent = text;
    if (inflight) inflight.abort();
    if (text.trim() === "" && !asked) {
      result.innerHTML = "";
      status.textContent = "";
      shownFor = null;
      announceWanted = false;
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
          enhanceCorrections(text);
          shownFor = text;
          // Part labels follow the typing; the score waits for a pause or "Get feedback".
          if (announceWanted && text === textarea.value) announce();
          else result.classList.add("score-pending");
          return;
        }
        lastSent = null;  // let the next keystroke or submit try again
        var message = "Could not check the answer.";
        try { message = JSON.parse(res.text).error.message; } catch (e) {}
        if (res.status === 400 || res.status === 413) {
          // What is wrong with the answer itself: shown where the feedback goes, as without JS.
          var alert = document.createElement("p");
          alert.className = "coach-error";
          alert.setAttribute("role", "alert");
          alert.textContent = message;
          result.replaceChildren(alert);
          status.textContent = "";
          return;
        }
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

  // Corrections, for signed-in candidates only: their feedback holds a hidden section
  // (.coach-corrections) and each highlighted part's byte offsets in the analysed `answer`. Each
  // part becomes a button that opens a label chooser; "Send corrections" posts the relabelled
  // parts and the parts ticked as present to the API. The answer box is never touched, and new
  // feedback (typing on) starts afresh.
  var KINDS = {
    situation: { letter: "S", name: "Situation", cls: "star-s" },
    task: { letter: "T", name: "Task", cls: "star-t" },
    action: { letter: "A", name: "Action", cls: "star-a" },
    result: { letter: "R", name: "Result", cls: "star-r" },
    other: { letter: "\u2013", name: "Other", cls: "star-o" }
  };
  var csrf = form.elements.csrf ? form.elements.csrf.value : "";

  function labelChooser() {
    var box = document.createElement("div");
    box.className = "corr-control";
    box.id = "corr-control";
    var group = document.createElement("fieldset");
    var legend = document.createElement("legend");
    legend.textContent = "Label for this part";
    group.appendChild(legend);
    Object.keys(KINDS).forEach(function (kind) {
      var label = document.createElement("label");
      label.className = KINDS[kind].cls;
      var input = document.createElement("input");
      input.type = "radio";
      input.name = "corr-label";
      input.value = kind;
      var icon = document.createElement("span");
      icon.className = "star-icon";
      icon.setAttribute("aria-hidden", "true");
      icon.textContent = KINDS[kind].letter;
      label.append(input, icon, " " + KINDS[kind].name);
      group.appendChild(label);
    });
    var done = document.createElement("button");
    done.type = "button";
    done.className = "corr-done";
    done.textContent = "Done";
    box.append(group, done);
    return box;
  }

  function enhanceCorrections(answer) {
    var section = result.querySelector(".coach-corrections");
    if (!section) return;
    var items = Array.prototype.slice.call(result.querySelectorAll(".coach-sentences li[data-start]"));
    var chooser = labelChooser();
    var status = section.querySelector(".corr-status");
    var share = section.querySelector("#corr-share");
    var open = null;   // the <li> whose chooser is open
    var saved = null;  // the body last saved, so the same corrections are not saved twice

    function show(li, kind) {
      var k = KINDS[kind];
      var corrected = kind !== li.getAttribute("data-coach");
      li.setAttribute("data-component", kind);
      li.className = "cs " + k.cls + (corrected ? " corrected" : "");
      li.querySelector(".star-icon").textContent = k.letter;
      var label = li.querySelector(".cs-label");
      label.firstChild.nodeValue = k.name;
      label.querySelector(".cs-conf").textContent = corrected ? " · your correction" : li.getAttribute("data-conf");
    }
    function close(refocus) {
      if (!open) return;
      var button = open.querySelector(".cs-edit");
      button.setAttribute("aria-expanded", "false");
      button.removeAttribute("aria-controls");
      chooser.remove();
      open = null;
      if (refocus) button.focus();
    }
    function choose(li) {
      close(false);
      open = li;
      var button = li.querySelector(".cs-edit");
      li.appendChild(chooser);
      button.setAttribute("aria-expanded", "true");
      button.setAttribute("aria-controls", chooser.id);
      var current = chooser.querySelector('input[value="' + li.getAttribute("data-component") + '"]');
      current.checked = true;
      current.focus();
    }

    items.forEach(function (li) {
      li.setAttribute("data-coach", li.getAttribute("data-component"));
      li.setAttribute("data-conf", li.querySelector(".cs-conf").textContent);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "cs-edit";
      button.setAttribute("aria-expanded", "false");
      while (li.firstChild) button.appendChild(li.firstChild);
      var hint = document.createElement("span");
      hint.className = "sr-only";
      hint.textContent = " (select to change its label)";
      button.appendChild(hint);
      li.appendChild(button);
      button.addEventListener("click", function () {
        if (open === li) close(true);
        else choose(li);
      });
    });
    chooser.addEventListener("change", function (event) {
      if (open && event.target.name === "corr-label") show(open, event.target.value);
    });
    chooser.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        close(true);
      }
    });
    chooser.querySelector(".corr-done").addEventListener("click", function () {
      close(true);
    });

    section.querySelector(".corr-send").addEventListener("click", function () {
      var spans = [];
      items.forEach(function (li) {
        var kind = li.getAttribute("data-component");
        if (kind === li.getAttribute("data-coach")) return;
        spans.push({ start: Number(li.getAttribute("data-start")), end: Number(li.getAttribute("data-end")), component: kind });
      });
      var present = Array.prototype.map.call(section.querySelectorAll(".corr-present input:checked"), function (box) {
        return box.value;
      });
      var count = spans.length + present.length;
      if (count === 0) {
        status.textContent = "Nothing to send yet: change a part's label or tick a part that is there.";
        return;
      }
      var body = JSON.stringify({
        answer: answer,
        question_id: form.getAttribute("data-question"),
        spans: spans,
        present: present,
        share: share.checked
      });
      if (body === saved) {
        status.textContent = "These corrections are already saved.";
        return;
      }
      status.textContent = "Sending…";
      fetch("/api/v1/coach/corrections", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
        body: body
      })
        .then(function (r) {
          return r.json().then(function (json) { return { ok: r.ok, status: r.status, json: json }; });
        })
        .then(function (res) {
          if (res.ok) {
            saved = body;
            status.textContent = "Thanks — " + count + (count === 1 ? " correction" : " corrections") + " saved.";
          } else if (res.status === 401) {
            status.textContent = "Your session has ended: sign in again to send corrections. Your answer is still in the box.";
          } else {
            status.textContent = res.json && res.json.error ? res.json.error.message : "The corrections could not be saved.";
          }
        })
        .catch(function () {
          status.textContent = "Could not reach the server; your corrections are still here. Please try again.";
        });
    });
    section.hidden = false;
  }
  enhanceCorrections(textarea.value);  // feedback rendered with the page (the form was posted)

  textarea.addEventListener("input", function () {
    clearTimeout(pending);
    pending = setTimeout(check, 300);
    clearTimeout(idle);
    announceWanted = false;
    idle = setTimeout(announceSoon, ANNOUNCE_IDLE_MS);
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
    clearTimeout(idle);
    announceWanted = true;  // asked for: announce the fresh feedback as soon as it is here
    check(true);
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
  // The button says what it will do ("Start…" / "Stop…"); it has no pressed state as well, which
  // would read "Stop speaking timer, pressed".
  toggle.addEventListener("click", function () {
    if (ticking) {
      stopped = elapsed();
      clearInterval(ticking);
      ticking = null;
      toggle.textContent = "Start speaking timer";
    } else {
      started = Date.now();
      show();
      ticking = setInterval(show, 1000);
      toggle.textContent = "Stop speaking timer";
    }
  });
})();

// starprep: nothing typed is lost across sign-in. "Save attempt" while signed out keeps the answer
// in this browser's storage (localStorage; it is not sent anywhere until it is saved). Once
// signed in, the question page puts it back in the box and offers to save it at once; any other
// page says that a draft is waiting. Saving it (or discarding it) removes it.
(function () {
  "use strict";
  var PREFIX = "starprep:draft:";
  var store;
  try {
    store = window.localStorage;
    store.getItem(PREFIX);
  } catch (e) {
    return;  // storage disabled: the server's notice still says to copy the answer
  }
  var signedIn = !!document.querySelector("header form.signout");
  var signedOut = !!document.querySelector('header a[href="/signin"]');
  var main = document.getElementById("main");

  function read(key) {
    try {
      var d = JSON.parse(store.getItem(key));
      return d && typeof d.answer === "string" && typeof d.question === "string" ? d : null;
    } catch (e) {
      return null;
    }
  }
  function drafts() {
    var out = [];
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (key && key.indexOf(PREFIX) === 0) {
        var d = read(key);
        if (d) out.push(d);
      }
    }
    return out;
  }
  function notice(children) {
    var box = document.createElement("div");
    box.className = "notice draft-notice";
    box.setAttribute("role", "status");
    var p = document.createElement("p");
    children.forEach(function (c) { p.append(c); });
    box.appendChild(p);
    return box;
  }
  function button(text, cls) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = cls;
    b.textContent = text;
    return b;
  }

  var form = document.querySelector("form.practice-form");
  var id = form ? form.getAttribute("data-question") : null;
  if (form) {
    var textarea = form.querySelector("textarea");
    form.addEventListener("submit", function (event) {
      if (!event.submitter || !event.submitter.classList.contains("save-attempt")) return;
      if (signedOut && textarea.value.trim() !== "") {
        var title = document.querySelector("h1");
        store.setItem(PREFIX + id, JSON.stringify({
          question: id,
          title: title ? title.textContent : id,
          answer: textarea.value,
          kept: new Date().toISOString()
        }));
      } else if (signedIn) {
        store.removeItem(PREFIX + id);  // saved now (if it fails, the page comes back with the text)
      }
    });
  }
  if (!signedIn) return;

  var mine = form ? read(PREFIX + id) : null;
  if (mine) {
    var area = form.querySelector("textarea");
    if (area.value.trim() === "" || area.value === mine.answer) {
      area.value = mine.answer;
      area.dispatchEvent(new Event("input", { bubbles: true }));  // the coach reads it again
      var save = button("Save it now", "draft-save");
      var discard = button("Discard the draft", "draft-discard secondary");
      var box = notice(["Your answer from before you signed in is back in the box. ", save, " ", discard]);
      form.parentNode.insertBefore(box, form);
      save.addEventListener("click", function () {
        form.requestSubmit(form.querySelector("button.save-attempt"));
      });
      discard.addEventListener("click", function () {
        store.removeItem(PREFIX + id);
        box.querySelector("p").textContent = "Draft discarded. The text stays in the box until you leave the page.";
      });
      return;
    }
  }
  var waiting = drafts().filter(function (d) { return d.question !== id; });
  if (waiting.length && main) {
    var link = document.createElement("a");
    link.href = "/questions/" + encodeURIComponent(waiting[0].question) + "#practice";
    link.textContent = waiting[0].title;
    main.insertBefore(notice(["You have an unsaved answer to \u201c", link, "\u201d in this browser: open it to save it."]), main.firstChild);
  }
})();


// starprep: the story form's competencies. The server offers those of the roles whose questions
// the story answers (all while it answers none) and renders the others hidden; this script
// re-filters when questions are ticked, and adds a box that filters the list as you type.
// Ticked competencies always stay visible.
(function () {
  "use strict";
  var form = document.querySelector("form.story-form");
  var list = form && form.querySelector("#competency-list");
  if (!list) return;
  var items = Array.prototype.slice.call(list.querySelectorAll("li[data-roles]"));
  var scope = form.querySelector("#competency-scope");
  var titles = {};
  form.querySelectorAll(".story-questions details[data-role]").forEach(function (d) {
    titles[d.getAttribute("data-role")] = d.querySelector("summary").textContent;
  });

  var box = document.createElement("p");
  box.className = "competency-filter";
  var label = document.createElement("label");
  label.htmlFor = "competency-filter";
  label.textContent = "Filter competencies";
  var input = document.createElement("input");
  input.type = "search";
  input.id = "competency-filter";
  input.autocomplete = "off";
  input.setAttribute("aria-controls", "competency-list");
  input.setAttribute("aria-describedby", "competency-scope");
  box.append(label, " ", input);
  list.parentNode.insertBefore(box, list);
  scope.setAttribute("aria-live", "polite");

  function norm(text) {
    return text.toLowerCase().replace(/[\s_-]+/g, " ").trim();
  }
  function apply() {
    var roles = {};
    var any = false;
    form.querySelectorAll(".story-questions input[type=checkbox][data-role]:checked").forEach(function (q) {
      roles[q.getAttribute("data-role")] = true;
      any = true;
    });
    var typed = norm(input.value);
    var offered = 0, shown = 0;
    items.forEach(function (li) {
      var checked = li.querySelector("input").checked;
      var inRoles = !any || li.getAttribute("data-roles").split(" ").some(function (r) { return roles[r]; });
      var matches = typed === "" || norm(li.querySelector("label").textContent).indexOf(typed) !== -1;
      if (inRoles || checked) offered++;
      var show = checked || (inRoles && matches);
      li.hidden = !show;
      if (show) shown++;
    });
    var names = Object.keys(roles).map(function (r) { return titles[r] || r; });
    var text = any
      ? "Competencies for " + names.join(", ") + ", from the questions it answers"
      : "Competencies of every role";
    text += typed === "" ? " (" + offered + ")." : ": " + shown + " of " + offered + " match \u201c" + input.value.trim() + "\u201d.";
    if (any) text += " Any other: type it under \u201cOther competencies\u201d.";
    scope.textContent = text;
  }
  input.addEventListener("input", apply);
  form.addEventListener("change", function (event) {
    if (event.target.matches(".story-questions input[type=checkbox], #competency-list input")) apply();
  });
  apply();
})();

// starprep: a new API token (shown once on /account) takes focus and gets a Copy button.
(function () {
  "use strict";
  var box = document.getElementById("new-token");
  if (!box) return;
  // After the browser has scrolled to "#tokens" (which clears focus), so that focus stays here.
  function focusBox() { setTimeout(function () { box.focus(); }, 0); }
  if (document.readyState === "complete") focusBox();
  else window.addEventListener("load", focusBox);
  var value = document.getElementById("new-token-value");
  var status = box.querySelector(".copy-status");
  if (!value || !navigator.clipboard) return;
  var copy = document.createElement("button");
  copy.type = "button";
  copy.className = "copy-token";
  copy.textContent = "Copy";
  copy.setAttribute("aria-label", "Copy the new token");
  value.after(" ", copy);
  copy.addEventListener("click", function () {
    navigator.clipboard.writeText(value.textContent).then(
      function () { status.textContent = "Copied."; },
      function () { status.textContent = "Could not copy: select the token and copy it yourself."; }
    );
  });
})();

// starprep: times in the reader's own time zone. The server writes <time datetime="…Z"> with the
// UTC time as its text; with this script each <time data-local> shows the reader's local time
// (and keeps the UTC time as its title). A day (data-local="day") is the reader's calendar day in
// the site's own format ("7 December 2026", as the server writes dates), from Date's local-time
// getters; a time is formatted by Intl.DateTimeFormat in the reader's locale, made only when the
// page has one: the first formatter loads the browser's locale data, 350 ms of main thread on a
// throttled phone (Lighthouse), which every page paid before, times or not.
(function () {
  "use strict";
  var times = document.querySelectorAll("time[data-local]");
  if (!times.length) return;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  var withTime = null;
  times.forEach(function (el) {
    var at = new Date(el.getAttribute("datetime"));
    if (isNaN(at.getTime())) return;
    var text;
    if (el.getAttribute("data-local") === "day") {
      text = at.getDate() + " " + MONTHS[at.getMonth()] + " " + at.getFullYear();
    } else {
      if (!window.Intl || !Intl.DateTimeFormat) return;
      if (!withTime) withTime = new Intl.DateTimeFormat(undefined, { dateStyle: "long", timeStyle: "short" });
      text = withTime.format(at);
    }
    el.title = el.textContent;
    el.textContent = text;
  });
})();

// starprep: the header's search box as a WAI-ARIA combobox with a list of suggestions. Without
// this script it is a plain GET form to /search. With it, typing asks /api/v1/search/suggest
// (after a pause of DEBOUNCE_MS; an answer for older text is dropped) and lists the best pages,
// then completed searches: ArrowDown/ArrowUp move through them, Enter opens the active one (or
// submits the form when none is active), Escape closes the list, then clears the box. A polite
// status says how many suggestions there are. Focus stays in the box throughout.
(function () {
  "use strict";
  var form = document.querySelector("form.site-search");
  if (!form || !window.fetch || !window.AbortController) return;
  var input = form.querySelector("input[name=q]");
  var DEBOUNCE_MS = 120;
  var KINDS = { question: "Question", role: "Role", job: "Job" };

  var list = document.createElement("ul");
  list.id = "site-q-list";
  list.className = "ss-list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Suggestions");
  list.hidden = true;
  var status = document.createElement("p");
  status.className = "sr-only";
  status.setAttribute("role", "status");
  form.append(list, status);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  var options = [];      // the <li role=option> shown, each with data-url
  var active = -1;       // index of the active option, -1 for none
  var shownFor = null;   // the text the options are for
  var timer = null;      // debounce
  var inflight = null;   // AbortController of the request in flight
  var latest = 0;        // number of the newest request: older answers are ignored

  function setActive(i) {
    if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
    active = i;
    if (i < 0) {
      input.removeAttribute("aria-activedescendant");
      return;
    }
    options[i].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", options[i].id);
    if (options[i].scrollIntoView) options[i].scrollIntoView({ block: "nearest" });
  }
  function open() {
    if (!options.length) return false;
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    return true;
  }
  function close() {
    setActive(-1);
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
  }
  function isOpen() {
    return !list.hidden;
  }
  function addOption(label, kind, url) {
    var li = document.createElement("li");
    li.id = "site-q-opt-" + options.length;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    li.setAttribute("data-url", url);
    var title = document.createElement("span");
    title.textContent = label;
    var tag = document.createElement("span");
    tag.className = "ss-kind";
    tag.textContent = kind;
    li.append(title, " ", tag);
    list.appendChild(li);
    options.push(li);
  }
  function show(text, body) {
    list.replaceChildren();
    options = [];
    active = -1;
    input.removeAttribute("aria-activedescendant");
    (body.items || []).forEach(function (hit) { addOption(hit.title, KINDS[hit.type] || hit.type, hit.url); });
    (body.completions || []).forEach(function (c) {
      addOption(c, "Search", "/search?q=" + encodeURIComponent(c));
    });
    shownFor = text;
    var n = options.length;
    if (!n) {
      close();
      status.textContent = "No suggestions. Press Enter to search.";
      return;
    }
    if (document.activeElement === input) open();
    status.textContent = n + (n === 1 ? " suggestion" : " suggestions") + ". Use the up and down arrow keys to choose.";
  }
  function forget() {
    clearTimeout(timer);
    if (inflight) inflight.abort();
    inflight = null;
    latest++;
  }
  function suggest() {
    var text = input.value;
    forget();
    if (text.trim() === "") {
      list.replaceChildren();
      options = [];
      shownFor = null;
      close();
      status.textContent = "";
      return;
    }
    if (text === shownFor) {
      open();
      return;
    }
    var mine = latest;
    inflight = new AbortController();
    fetch("/api/v1/search/suggest?q=" + encodeURIComponent(text), {
      signal: inflight.signal,
      headers: { Accept: "application/json" }
    })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (mine !== latest || input.value !== text) return;  // stale: the text changed since
        inflight = null;
        if (body) show(text, body);
        else close();
      })
      .catch(function () {});
  }

  input.addEventListener("input", function () {
    forget();
    timer = setTimeout(suggest, DEBOUNCE_MS);
  });
  input.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!isOpen()) {
          if (shownFor === input.value && open()) setActive(0);
          else suggest();
        } else {
          setActive(active + 1 < options.length ? active + 1 : 0);
        }
        break;
      case "ArrowUp":
        if (!isOpen()) return;
        event.preventDefault();
        setActive(active > 0 ? active - 1 : options.length - 1);
        break;
      case "Enter":
        if (isOpen() && active >= 0) {
          event.preventDefault();
          var url = options[active].getAttribute("data-url");
          close();
          window.location.assign(url);
        }
        break;  // otherwise the form submits: /search?q=…
      case "Escape":
        if (isOpen()) {
          event.preventDefault();
          close();
        } else if (input.value !== "") {
          event.preventDefault();
          forget();
          input.value = "";
          shownFor = null;
          status.textContent = "";
        }
        break;
      case "Tab":
        close();
        break;
    }
  });
  input.addEventListener("focus", function () {
    if (shownFor !== null && shownFor === input.value) open();
  });
  input.addEventListener("blur", close);
  form.addEventListener("submit", forget);
  // A click keeps the focus in the box (mousedown) and opens the option it lands on.
  list.addEventListener("mousedown", function (event) { event.preventDefault(); });
  list.addEventListener("click", function (event) {
    var li = event.target.closest("li[role=option]");
    if (!li) return;
    close();
    window.location.assign(li.getAttribute("data-url"));
  });
})();

// starprep: rating a practised question with one key. On an attempt's page, pressing 1, 2, 3 or 4
// (outside text fields, without modifiers) chooses Again, Hard, Good or Easy and submits the
// rating form, the same POST the form makes without this script. A mock's report has one form per
// question: the key rates the question whose form has the focus.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-rate-keys]");
  if (!forms.length) return;
  Array.prototype.forEach.call(forms, function (f) {
    var hint = f.querySelector(".rate-keys-hint");
    if (hint) hint.hidden = false;
  });
  document.addEventListener("keydown", function (e) {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.repeat) return;
    if (e.key < "1" || e.key > "4" || e.key.length !== 1) return;
    var target = e.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) && target.type !== "radio")) return;
    var form = target && target.closest ? target.closest("form[data-rate-keys]") : null;
    if (!form && forms.length === 1) form = forms[0];
    if (!form) return;
    var choice = form.querySelector('input[name="rating"][value="' + e.key + '"]');
    if (!choice) return;
    e.preventDefault();
    choice.checked = true;
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  });
})();

// A guest's mock interview in this browser's localStorage: { state, index, text } (the server's
// sealed state token, the open question, the draft). null when there is none or storage is off.
var GUEST_MOCK_KEY = "starprep:guest-mock";
function guestStore(value) {
  try {
    if (value) localStorage.setItem(GUEST_MOCK_KEY, JSON.stringify(value));
    else localStorage.removeItem(GUEST_MOCK_KEY);
  } catch (e) { /* storage off: the page's own form still carries the mock */ }
}
function guestLoad() {
  try {
    return JSON.parse(localStorage.getItem(GUEST_MOCK_KEY) || "null");
  } catch (e) {
    return null;
  }
}

// A guest's report (kept until they keep it in an account) and the page a reload lands on.
(function () {
  "use strict";
  var report = document.getElementById("mock-report");
  if (report && report.getAttribute("data-guest-kept") === "1") guestStore(null);
  if (report && report.getAttribute("data-guest") === "1") {
    var state = report.querySelector('input[name="state"]');
    if (state) guestStore({ state: state.value, index: "", text: "" });
    if (history.replaceState) history.replaceState(null, "", "/mock/guest");
  }
  var waiting = document.getElementById("mock-guest-waiting"); // the set-up page
  if (waiting && guestLoad()) waiting.hidden = false;
  var resume = document.getElementById("mock-resume-form");
  if (!resume) return;
  var saved = guestLoad();
  if (!saved || !saved.state) {
    document.getElementById("mock-resume-status").textContent =
      "There is no mock interview in progress in this browser.";
    return;
  }
  document.getElementById("mock-resume-status").textContent = "Picking up your mock interview…";
  resume.elements.state.value = saved.state;
  resume.elements.index.value = saved.index || "";
  resume.elements.text.value = saved.text || "";
  resume.submit();
})();

// Mock interview, the run page (/mock/{id}). Without this script the page is a plain form: the
// remaining time is printed, and "Next" sends the answer. With it: a countdown from the server's
// remaining seconds (never the client's idea of the deadline), amber from 75 % of the answer time
// and red at 100 %, with words too; a polite live region that speaks only at minute marks; drafts
// saved through the API 1.5 s after typing stops; and at the time-out the form's "Next" is sent
// with what was typed, so the draft is kept and the next question starts. A reload shows the same
// time left, because the server keeps the timestamps.
(function () {
  "use strict";
  var run = document.getElementById("mock-run");
  var form = document.getElementById("mock-form");
  if (!run || !form) return;
  var text = document.getElementById("mock-text");
  var clock = document.getElementById("mock-clock");
  var meter = document.getElementById("mock-meter");
  var bar = document.getElementById("mock-meter-bar");
  var live = document.getElementById("mock-announce");
  var next = document.getElementById("mock-next");
  var token = form.elements.csrf ? form.elements.csrf.value : "";
  var total = Number(run.getAttribute("data-answer-seconds"));
  var loaded = Date.now();
  var thinkEnd = loaded + Number(run.getAttribute("data-think-left")) * 1000;
  var deadline = thinkEnd + Number(run.getAttribute("data-answer-left")) * 1000;
  var draftUrl = "/api/v1/me/mocks/" + run.getAttribute("data-mock") + "/questions/" +
    run.getAttribute("data-index") + "/draft";
  // A guest's mock is stored nowhere but in its page: keep its state token and the draft in this
  // browser, and make a reload land on /mock/guest, which sends them back (see below).
  var guest = run.getAttribute("data-guest") === "1";
  function keepGuest() {
    guestStore({ state: form.elements.state.value, index: run.getAttribute("data-index"), text: text.value });
  }
  if (guest) {
    keepGuest();
    if (history.replaceState) history.replaceState(null, "", "/mock/guest");
  }
  var lastMinute = null;
  var moved = false;
  var saveTimer = null;
  meter.hidden = false;
  if (location.hash === "#mock-question") document.getElementById("mock-question").focus();

  function duration(s) {
    var m = Math.floor(s / 60), r = s % 60;
    return m ? m + " min " + (r < 10 ? "0" : "") + r + " s" : r + " s";
  }
  function state(name) {
    ["warn", "over"].forEach(function (c) {
      clock.classList.toggle(c, c === name);
      meter.classList.toggle(c, c === name);
    });
  }
  function saveDraft() {
    saveTimer = null;
    if (guest) return keepGuest();
    if (!window.fetch || moved) return;
    fetch(draftUrl, {
      method: "PUT", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token },
      body: JSON.stringify({ text: text.value })
    }).catch(function () { /* the form still sends it with "Next" */ });
  }
  function tick() {
    var now = Date.now();
    if (now >= thinkEnd) {  // the answer time runs: "Next" now ends the question
      ["mock-start", "mock-think-hint"].forEach(function (id) {
        var el = document.getElementById(id);
        if (el) el.hidden = true;
      });
    }
    if (now < thinkEnd) {
      clock.textContent = "Think time left: " + duration(Math.ceil((thinkEnd - now) / 1000)) + "; then " +
        duration(total) + " to answer.";
      bar.style.width = "0%";
      return;
    }
    var left = Math.max(0, Math.ceil((deadline - now) / 1000));
    var used = Math.min(1, (total - (deadline - now) / 1000) / total);
    bar.style.width = (used * 100).toFixed(1) + "%";
    if (left <= 0) {
      state("over");
      clock.textContent = "Time is up: your answer is kept and the next question starts.";
      if (!moved) {
        moved = true;
        live.textContent = "Time is up.";
        if (saveTimer) clearTimeout(saveTimer);
        if (form.requestSubmit) form.requestSubmit(next); else next.click();
      }
      return;
    }
    state(used >= 0.75 ? "warn" : "");
    clock.textContent = "Answer time left: " + duration(left) + (used >= 0.75 ? " (almost out of time)" : "");
    var minute = Math.ceil(left / 60);
    if (lastMinute !== null && minute < lastMinute)
      live.textContent = minute + (minute === 1 ? " minute left." : " minutes left.");
    lastMinute = minute;
  }
  text.addEventListener("input", function () {
    if (guest) return keepGuest(); // local: every keystroke, nothing sent
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(saveDraft, 1500);
  });
  form.addEventListener("submit", function () { moved = true; });
  tick();
  setInterval(tick, 250);
})();

// Speaking practice on the mock's run page, all off by default and only where the browser offers
// it: the question read aloud (speech synthesis; the choice is remembered in this browser),
// dictation into the answer box (SpeechRecognition: the browser maker's service hears it, as the
// label says), and a local recording with playback (MediaRecorder; the audio never leaves the page).
(function () {
  "use strict";
  var box = document.getElementById("mock-speaking");
  var text = document.getElementById("mock-text");
  if (!box || !text) return;
  var Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
  var canSpeak = "speechSynthesis" in window && "SpeechSynthesisUtterance" in window;
  var canRecord = !!(window.MediaRecorder && navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
  if (!canSpeak && !Recognition && !canRecord) return;
  box.hidden = false;
  var KEY = "starprep:mock:read-aloud";

  if (canSpeak) {
    var read = document.getElementById("mock-read-aloud");
    document.getElementById("mock-read-row").hidden = false;
    try { read.checked = localStorage.getItem(KEY) === "1"; } catch (e) { /* storage off: unticked */ }
    var speak = function () {
      var q = document.getElementById("mock-question");
      window.speechSynthesis.cancel();
      window.speechSynthesis.speak(new SpeechSynthesisUtterance(q.textContent.trim()));
    };
    read.addEventListener("change", function () {
      try { localStorage.setItem(KEY, read.checked ? "1" : "0"); } catch (e) { /* not remembered */ }
      if (read.checked) speak(); else window.speechSynthesis.cancel();
    });
    if (read.checked) speak();
  }

  if (Recognition) {
    var dictate = document.getElementById("mock-dictate");
    var listening = null;
    document.getElementById("mock-dictate-row").hidden = false;
    dictate.addEventListener("change", function () {
      if (!dictate.checked) {
        if (listening) listening.stop();
        listening = null;
        return;
      }
      listening = new Recognition();
      listening.continuous = true;
      listening.onresult = function (event) {
        for (var i = event.resultIndex; i < event.results.length; i++) {
          if (!event.results[i].isFinal) continue;
          var said = event.results[i][0].transcript.trim();
          text.value += (text.value && !/\s$/.test(text.value) ? " " : "") + said;
          text.dispatchEvent(new Event("input"));  // autosaved like typing
        }
      };
      listening.onend = function () { if (listening) dictate.checked = false; listening = null; };
      listening.start();
    });
  }

  if (canRecord) {
    var button = document.getElementById("mock-record");
    var playback = document.getElementById("mock-playback");
    var recorder = null;
    document.getElementById("mock-record-row").hidden = false;
    button.addEventListener("click", function () {
      if (recorder) {
        recorder.stop();
        return;
      }
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
        var chunks = [];
        recorder = new MediaRecorder(stream);
        recorder.ondataavailable = function (e) { chunks.push(e.data); };
        recorder.onstop = function () {
          stream.getTracks().forEach(function (t) { t.stop(); });
          if (playback.src) URL.revokeObjectURL(playback.src);
          playback.src = URL.createObjectURL(new Blob(chunks, { type: recorder.mimeType }));
          playback.hidden = false;
          recorder = null;
          button.textContent = "Record again";
          button.setAttribute("aria-pressed", "false");
        };
        recorder.start();
        button.textContent = "Stop recording";
        button.setAttribute("aria-pressed", "true");
      }).catch(function () {
        button.disabled = true;
        button.textContent = "No microphone allowed";
      });
    });
  }
})();

// The header's review count on pages that do not count it themselves (the cached role and question
// pages' signed-in copy is every member's, so it holds an empty placeholder): asked for once per
// page view, shown only when something is due.
(function () {
  "use strict";
  var slot = document.getElementById("review-due-later");
  if (!slot || !window.fetch) return;
  fetch("/api/v1/me/reviews/due-count", { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (body) {
      if (!body || !(body.count > 0)) return;
      slot.textContent = String(body.count);
      var sr = document.createElement("span");
      sr.className = "sr-only";
      sr.textContent = " due today";
      slot.appendChild(sr);
      slot.hidden = false;
    })
    .catch(function () { /* no count: the link still works */ });
})();
