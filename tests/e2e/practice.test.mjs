// SPDX-License-Identifier: Apache-2.0
// The practice panel on a question page: feedback that follows the typing (app.js, debounced
// fetch of ?fragment=1), the model answer revealed on demand, the speaking timer, keyboard-only
// use, the no-JavaScript form round trip, and axe on the result pages in light and dark schemes.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import {
  startSuite,
  stopSuite,
  newContext,
  getJson,
  gotoSettled,
  eventually,
  assertNoBlockingViolations,
  ACTION_TIMEOUT_MS,
} from "./helpers.mjs";

// One sentence per STAR part; the coach labels them situation, task, action, result.
const SITUATION = "Last year our checkout service started timing out during peak traffic.";
const TASK = "I was responsible for finding the cause and fixing it before the holiday sale.";
const ACTION =
  "I profiled the database queries, added an index on the orders table and introduced a cache for product lookups.";
const RESULT = "As a result, p99 latency dropped from 2 seconds to 300 milliseconds and checkout errors fell by 40%.";
const COMPLETE = [SITUATION, TASK, ACTION, RESULT].join(" ");
const WITHOUT_RESULT = [SITUATION, TASK, ACTION].join(" ");
const LABELS = { "star-s": "Situation", "star-t": "Task", "star-a": "Action", "star-r": "Result", "star-o": "Other" };
const LETTERS = { "star-s": "S", "star-t": "T", "star-a": "A", "star-r": "R", "star-o": "–" };

let server;
let browser;
let qid;
let question; // the API's view of the question (model answer parts)

before(async () => {
  ({ server, browser } = await startSuite());
  const role = await getJson(server, "/api/v1/roles/backend-developer");
  qid = role.questions[0].id;
  question = await getJson(server, `/api/v1/questions/${encodeURIComponent(qid)}`);
});

after(async () => {
  await stopSuite({ server, browser });
});

const isFragment = (r) =>
  r.request().method() === "POST" && new URL(r.url()).pathname === `/questions/${qid}/practice` &&
  new URL(r.url()).searchParams.has("fragment");

// The highlighted sentences as [{ cls, letter, label, text }].
async function sentences(page) {
  return page.$$eval("#coach-result .coach-sentences li", (items) =>
    items.map((li) => ({
      cls: [...li.classList].find((c) => c.startsWith("star-")) || "",
      letter: li.querySelector(".star-icon")?.textContent.trim() ?? "",
      label: li.querySelector(".cs-label")?.textContent.trim() ?? "",
      text: li.querySelector(".cs-text")?.textContent ?? "",
    })),
  );
}

async function shownScore(page) {
  const text = (await page.locator("#coach-result .coach-score strong").textContent()).trim();
  assert.match(text, /^\d{1,3}$/, `the score shows "${text}"`);
  return Number(text);
}

function assertHighlighted(list, expected) {
  assert.deepEqual(
    list.map((s) => s.cls),
    expected,
    `sentence classes: ${JSON.stringify(list)}`,
  );
  for (const s of list) {
    assert.equal(s.letter, LETTERS[s.cls], `the letter of a ${s.cls} sentence`);
    assert.ok(s.label.startsWith(LABELS[s.cls]), `a ${s.cls} sentence is labelled "${s.label}", want ${LABELS[s.cls]}`);
  }
}

test("with JavaScript: feedback follows the typing, highlights STAR parts and names a missing result", { timeout: 60_000 }, async (t) => {
  const context = await newContext(browser, server);
  try {
    const page = await context.newPage();
    await gotoSettled(page, `/questions/${qid}`);
    await page.evaluate(() => {
      window.__noReload = true;
    });
    const url = page.url();
    const fragmentRequests = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && new URL(r.url()).pathname.endsWith("/practice")) fragmentRequests.push(r.postData() ?? "");
    });
    const textarea = page.locator("#answer");
    assert.equal(await page.locator("#coach-result").innerHTML(), "", "no feedback before typing");

    // Type the first part (the debounce waits for a pause), then fill the whole answer.
    const typed = SITUATION + " " + TASK;
    await textarea.click();
    const t0 = performance.now();
    let responded = page.waitForResponse(
      (r) => isFragment(r) && new URLSearchParams(r.request().postData()).get("answer") === typed,
      { timeout: ACTION_TIMEOUT_MS },
    );
    await page.keyboard.type(typed);
    let response = await responded;
    assert.equal(response.status(), 200, `fragment answered ${response.status()}`);
    assert.ok(
      fragmentRequests.length < typed.length / 4,
      `${fragmentRequests.length} requests for ${typed.length} keystrokes: the typing is not debounced`,
    );
    assert.equal(new URL(response.url()).search, "?fragment=1");
    assert.match(response.request().headers()["content-type"] || "", /^application\/x-www-form-urlencoded/);

    responded = page.waitForResponse(
      (r) => isFragment(r) && new URLSearchParams(r.request().postData()).get("answer") === COMPLETE,
      { timeout: ACTION_TIMEOUT_MS },
    );
    const t1 = performance.now();
    await textarea.fill(COMPLETE);
    response = await responded;
    assert.equal(response.status(), 200);
    await page.locator("#coach-result .coach-sentences li").nth(3).waitFor({ state: "visible" });
    const t2 = performance.now();
    const timing = response.request().timing();
    t.diagnostic(
      `fetch round trip (request start → response end): ${timing.responseEnd >= 0 ? timing.responseEnd.toFixed(1) : "?"} ms; ` +
        `fill → four sentences shown: ${(t2 - t1).toFixed(0)} ms (includes the 300 ms debounce); ` +
        `first keystroke → first response: ${(t1 - t0).toFixed(0)} ms`,
    );

    const list = await sentences(page);
    assertHighlighted(list, ["star-s", "star-t", "star-a", "star-r"]);
    assert.deepEqual(
      list.map((s) => s.text),
      [SITUATION, TASK, ACTION, RESULT],
    );
    const score = await shownScore(page);
    assert.ok(score > 0 && score <= 100, `score ${score}`);
    assert.equal(await page.locator("#coach-result .coach").getAttribute("data-score"), String(score));
    assert.equal(await page.locator("#coach-result .coach-missing").count(), 0, "nothing is missing");
    assert.match(await page.locator("#coach-result .coach-complete").innerText(), /All four STAR parts/);
    const status = page.locator("form.practice-form .coach-status");
    assert.equal(await status.getAttribute("aria-live"), "polite");
    await eventually(async () => assert.equal((await status.textContent()).trim(), `Feedback updated: ${score} of 100.`));

    // Remove the result sentence: the result disappears and "Missing" names it.
    responded = page.waitForResponse(
      (r) => isFragment(r) && new URLSearchParams(r.request().postData()).get("answer") === WITHOUT_RESULT,
      { timeout: ACTION_TIMEOUT_MS },
    );
    await textarea.fill(WITHOUT_RESULT);
    assert.equal((await responded).status(), 200);
    const missing = page.locator("#coach-result .coach-missing");
    await missing.waitFor({ state: "visible" });
    assert.match(await missing.innerText(), /Missing:.*Result/s);
    assert.doesNotMatch(await missing.innerText(), /Situation|Task|Action/);
    assertHighlighted(await sentences(page), ["star-s", "star-t", "star-a"]);
    const lower = await shownScore(page);
    assert.ok(lower < score, `score without the result (${lower}) should be below ${score}`);
    await eventually(async () => assert.equal((await status.textContent()).trim(), `Feedback updated: ${lower} of 100.`));
    assert.match(await page.locator("#coach-result .coach-suggestions").innerText(), /Result:/);

    // Clearing the answer clears the feedback (no request for blank text).
    const before = fragmentRequests.length;
    await textarea.fill("   ");
    await eventually(async () => assert.equal(await page.locator("#coach-result").innerHTML(), ""));
    // Nothing was sent for the blank text: the next request the page makes is for the next text.
    await textarea.fill("I fixed it.");
    await eventually(async () => assert.ok(fragmentRequests.length > before, "no request for the text typed after the blank"));
    assert.match(fragmentRequests[before], /answer=I(\+|%20)fixed/, "blank text must not be sent");

    assert.equal(page.url(), url, "the page must not navigate");
    assert.equal(await page.evaluate(() => window.__noReload), true, "the page was reloaded");
  } finally {
    await context.close();
  }
});

test("the model answer is revealed on demand, with the keyboard, side by side", { timeout: 60_000 }, async () => {
  const context = await newContext(browser, server, { viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await gotoSettled(page, `/questions/${qid}`);
    const details = page.locator("details.model-compare");
    assert.equal(await details.evaluate((d) => d.open), false, "the model answer starts closed");
    for (const part of ["star-s", "star-t", "star-a", "star-r"])
      assert.equal(await details.locator(`.star-part.${part}`).isVisible(), false, `${part} visible while closed`);

    const summary = details.locator("summary");
    await summary.focus();
    assert.equal(await summary.evaluate((el) => el === document.activeElement), true, "the summary takes focus");
    await page.keyboard.press("Enter");
    await eventually(async () => assert.equal(await details.evaluate((d) => d.open), true, "Enter opens the details"));

    const expectations = {
      "star-s": ["Situation", question.answer.situation],
      "star-t": ["Task", question.answer.task],
      "star-a": ["Action", question.answer.action],
      "star-r": ["Result", question.answer.result],
    };
    for (const [cls, [name, text]] of Object.entries(expectations)) {
      const part = details.locator(`.star-part.${cls}`);
      assert.equal(await part.isVisible(), true, `${name} is visible once open`);
      assert.match(await part.locator("dt").innerText(), new RegExp(name));
      const shown = (await part.locator("dd").innerText()).replace(/\s+/g, " ");
      const start = text.replace(/[*_`]/g, "").replace(/\s+/g, " ").slice(0, 30);
      assert.ok(shown.includes(start), `${name}: "${shown.slice(0, 80)}…" does not start like the model answer "${start}"`);
    }

    // Side by side on a wide screen: the model answer sits to the right of the form.
    const form = await page.locator("form.practice-form").boundingBox();
    const box = await details.boundingBox();
    assert.ok(box.x >= form.x + form.width - 1, `model answer at x=${box.x}, form ends at ${form.x + form.width}`);
    assert.ok(Math.abs(box.y - form.y) < 50, "the model answer and the form start at the same height");

    await page.keyboard.press("Enter");
    await eventually(async () => assert.equal(await details.evaluate((d) => d.open), false, "Enter closes it again"));
  } finally {
    await context.close();
  }
});

test("speaking timer: shown with JavaScript, says Start or Stop (no pressed state as well) and counts", { timeout: 60_000 }, async () => {
  const context = await newContext(browser, server);
  try {
    const page = await context.newPage();
    await page.clock.install(); // the page's own clock, advanced by the test: no waiting on real time
    await gotoSettled(page, `/questions/${qid}`);
    const toggle = page.locator("form.practice-form .timer-toggle");
    const clock = page.locator("form.practice-form .timer");
    assert.equal(await toggle.isVisible(), true, "the timer button is shown with JavaScript");
    assert.equal(await clock.isVisible(), true);
    assert.equal(await toggle.getAttribute("aria-pressed"), null);
    assert.match(await toggle.innerText(), /Start/);
    assert.equal((await clock.textContent()).trim(), "0:00");

    await toggle.click();
    assert.equal(await toggle.getAttribute("aria-pressed"), null);
    assert.match(await toggle.innerText(), /Stop/);
    await page.clock.runFor(3_000);
    assert.equal((await clock.textContent()).trim(), "0:03");
    await page.clock.runFor(62_000);
    assert.equal((await clock.textContent()).trim(), "1:05", "minutes and zero-padded seconds");

    await toggle.click();
    assert.equal(await toggle.getAttribute("aria-pressed"), null);
    assert.match(await toggle.innerText(), /Start/);
    await page.clock.runFor(10_000);
    assert.equal((await clock.textContent()).trim(), "1:05", "the timer keeps counting after Stop");
  } finally {
    await context.close();
  }
});

test("keyboard only: Tab from the answer reaches Get feedback, and Enter asks for feedback", { timeout: 60_000 }, async () => {
  const context = await newContext(browser, server);
  try {
    const page = await context.newPage();
    await gotoSettled(page, `/questions/${qid}`);
    await page.locator("#answer").focus();
    await page.keyboard.type(COMPLETE);
    // Let the typing's own (debounced) check finish, so that the next request can only come from Enter.
    await page.locator("#coach-result .coach-sentences li").nth(3).waitFor({ state: "visible" });
    await eventually(async () => assert.match(await page.locator(".coach-status").textContent(), /Feedback updated/));
    await page.evaluate(() => {
      document.getElementById("coach-result").innerHTML = "";
      document.querySelector(".coach-status").textContent = "";
    });

    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => ({
      tag: document.activeElement.tagName,
      type: document.activeElement.getAttribute("type"),
      text: document.activeElement.textContent.trim(),
    }));
    assert.deepEqual(focused, { tag: "BUTTON", type: "submit", text: "Get feedback" }, "the next stop after the answer");

    const responded = page.waitForResponse(isFragment, { timeout: ACTION_TIMEOUT_MS });
    await page.keyboard.press("Enter");
    const response = await responded;
    assert.equal(response.status(), 200);
    await page.locator("#coach-result .coach-sentences li").first().waitFor({ state: "visible" });
    assertHighlighted(await sentences(page), ["star-s", "star-t", "star-a", "star-r"]);
    await eventually(async () => assert.match(await page.locator(".coach-status").textContent(), /^Feedback updated: \d+ of 100\.$/));
    assert.equal(new URL(page.url()).pathname, `/questions/${qid}`, "Enter must not leave the page with JavaScript on");
  } finally {
    await context.close();
  }
});

test("without JavaScript: Get feedback posts the form and the page returns with feedback and the answer", { timeout: 60_000 }, async () => {
  const context = await newContext(browser, server, { javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await gotoSettled(page, `/questions/${qid}`);
    assert.equal(await page.locator(".timer-toggle").isVisible(), false, "no timer button without JavaScript");
    const answer = `${WITHOUT_RESULT}\n\nIt was <b>hard</b> & "new".`;
    await page.locator("#answer").fill(answer);
    const [response] = await Promise.all([
      page.waitForNavigation({ waitUntil: "load" }),
      page.getByRole("button", { name: "Get feedback" }).click(),
    ]);
    assert.equal(response.status(), 200);
    assert.equal(response.request().method(), "POST");
    assert.equal(response.headers()["cache-control"], "no-store");
    const url = new URL(page.url());
    assert.equal(url.pathname, `/questions/${qid}/practice`);
    assert.equal(url.hash, "#coach-result");
    assert.equal(await page.locator("h1").innerText(), question.question, "the whole question page came back");
    // Browsers submit textarea line breaks as CRLF; the value shown is normalised back to LF.
    assert.equal(await page.locator("#answer").inputValue(), answer, "the answer is kept in the textarea");
    const list = await sentences(page);
    assert.ok(list.length >= 3, `feedback sentences: ${JSON.stringify(list)}`);
    assertHighlighted(list.slice(0, 3), ["star-s", "star-t", "star-a"]);
    assert.ok(list.some((s) => s.text.includes("<b>hard</b>")), "markup in the answer is shown as text");
    assert.equal(await page.locator("#coach-result b").count(), 0, "markup in the answer must not become elements");
    await shownScore(page);
    assert.match(await page.locator("#coach-result .coach-metrics").innerText(), /words/);
  } finally {
    await context.close();
  }
});

// The textarea lets the candidate type 10,000 characters (maxlength counts a line break as one),
// and a browser without JavaScript submits each line break as CRLF: the server must accept what
// the form allowed.
test("without JavaScript: an answer of 10,000 characters with line breaks is accepted", { timeout: 60_000 }, async () => {
  const context = await newContext(browser, server, { javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await gotoSettled(page, `/questions/${qid}`);
    const line = "I checked the logs and fixed one more query.";
    let answer = "";
    while (answer.length + line.length + 1 <= 10_000) answer += (answer ? "\n" : "") + line;
    answer += "x".repeat(10_000 - answer.length);
    assert.equal(answer.length, 10_000);
    await page.locator("#answer").fill(answer);
    assert.equal((await page.locator("#answer").inputValue()).length, 10_000, "the textarea holds all of it (maxlength)");
    assert.equal(await page.locator("#answer").evaluate((el) => el.validity.valid), true, "the form accepts it");
    const [response] = await Promise.all([
      page.waitForNavigation({ waitUntil: "load" }),
      page.getByRole("button", { name: "Get feedback" }).click(),
    ]);
    const error = await page.locator(".coach-error").allInnerTexts();
    assert.equal(response.status(), 200, `a ${answer.length}-character answer was refused: ${error.join(" ")}`);
    assert.equal(await page.locator(".coach-error").count(), 0);
  } finally {
    await context.close();
  }
});

// An answer of only spaces passes the textarea's `required`; "Get feedback" must then say the
// answer is empty, the same words where the feedback goes, with and without JavaScript.
test("an answer of only spaces: Get feedback says the answer is empty, with and without JavaScript", { timeout: 60_000 }, async () => {
  const messages = {};
  for (const javaScriptEnabled of [false, true]) {
    const context = await newContext(browser, server, { javaScriptEnabled });
    try {
      const page = await context.newPage();
      await gotoSettled(page, `/questions/${qid}`);
      if (javaScriptEnabled) {
        // Feedback for a real answer first: asking with blank text must replace it, not keep it.
        await page.locator("#answer").fill(COMPLETE);
        await page.locator("#coach-result .coach").waitFor({ state: "visible" });
      }
      await page.locator("#answer").fill("     ");
      const button = page.getByRole("button", { name: "Get feedback" });
      if (javaScriptEnabled) {
        const responded = page.waitForResponse(isFragment, { timeout: ACTION_TIMEOUT_MS });
        await button.click();
        assert.equal((await responded).status(), 400);
        assert.equal(await page.evaluate(() => window.location.pathname), `/questions/${qid}`, "the page must not navigate");
      } else {
        const [response] = await Promise.all([page.waitForNavigation({ waitUntil: "load" }), button.click()]);
        assert.equal(response.status(), 400);
      }
      const alert = page.locator("#coach-result .coach-error[role=alert]");
      await alert.waitFor({ state: "visible" });
      messages[javaScriptEnabled ? "js" : "nojs"] = (await alert.innerText()).trim();
      assert.equal(await page.locator("#coach-result .coach").count(), 0, "no stale feedback beside the message");
    } finally {
      await context.close();
    }
  }
  assert.match(messages.nojs, /^The answer is empty/);
  assert.equal(messages.js, messages.nojs, "the same message with JavaScript as without");
});

for (const colorScheme of ["light", "dark"]) {
  test(`axe: practice feedback pages have no serious or critical violations (${colorScheme})`, { timeout: 180_000 }, async (t) => {
    await t.test(`with JavaScript, feedback shown and the model answer open (${colorScheme})`, { timeout: 90_000 }, async () => {
      const context = await newContext(browser, server, { colorScheme });
      try {
        const page = await context.newPage();
        await page.emulateMedia({ colorScheme });
        await gotoSettled(page, `/questions/${qid}`);
        assert.equal(await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches), colorScheme === "dark");
        await page.locator("#answer").fill(WITHOUT_RESULT + " It was kind of a lot of work.");
        await page.locator("#coach-result .coach-sentences li").first().waitFor({ state: "visible" });
        await eventually(async () => assert.match(await page.locator(".coach-status").textContent(), /Feedback updated/));
        await page.locator("details.model-compare summary").click();
        await page.locator("form.practice-form .timer-toggle").click(); // the pressed state too
        await assertNoBlockingViolations(t, page, `question page with feedback (${colorScheme})`);
      } finally {
        await context.close();
      }
    });
    await t.test(`without JavaScript, the posted result page (${colorScheme})`, { timeout: 90_000 }, async () => {
      // axe needs script execution, so the page's own script is blocked instead of all JavaScript:
      // the form posts natively and the result page is exactly what a browser without JS shows.
      const context = await newContext(browser, server, { colorScheme });
      try {
        const page = await context.newPage();
        let blocked = 0;
        await page.route(
          (u) => u.pathname === "/static/app.js",
          (route) => {
            blocked += 1;
            return route.abort();
          },
        );
        await page.emulateMedia({ colorScheme });
        await page.goto(`/questions/${qid}`, { waitUntil: "load" });
        assert.ok(blocked >= 1, "app.js was not requested: is the route pattern right?");
        assert.equal(await page.locator(".timer-toggle").isVisible(), false, "app.js must not have run");
        await page.locator("#answer").fill(COMPLETE);
        const [response] = await Promise.all([
          page.waitForNavigation({ waitUntil: "load" }),
          page.getByRole("button", { name: "Get feedback" }).click(),
        ]);
        assert.equal(response.status(), 200);
        assert.equal(new URL(page.url()).pathname, `/questions/${qid}/practice`, "the form was posted natively");
        await page.locator("#coach-result .coach-sentences li").first().waitFor({ state: "visible" });
        await assertNoBlockingViolations(t, page, `no-JS result page (${colorScheme})`);
      } finally {
        await context.close();
      }
    });
  });
}
