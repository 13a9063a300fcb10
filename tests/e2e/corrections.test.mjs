// SPDX-License-Identifier: Apache-2.0
// Correcting the coach from the practice panel, keyboard only: a signed-in candidate types an
// answer, opens a highlighted part's label chooser with Enter, changes the label with the arrow
// keys, closes it with Escape and sends the correction; the status is announced politely and the
// answer box keeps the text. axe checks the panel with the chooser open in light and dark.
// Anonymous visitors get no corrections UI.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  startSuite,
  stopSuite,
  newContext,
  gotoSettled,
  eventually,
  assertNoBlockingViolationsLightAndDark,
  tabTo,
  ACTION_TIMEOUT_MS,
} from "./helpers.mjs";

const QUESTION = "be-debugging-complex-issue";
// Situation, task, action, without a result: the coach names the result as missing.
const ANSWER =
  "Last year our checkout service started timing out during peak traffic. " +
  "I was responsible for finding the cause and fixing it before the holiday sale. " +
  "I profiled the database queries, added an index on the orders table and introduced a cache for product lookups.";
const PASSWORD = "plum orbit ladder 42";

let server;
let browser;

before(async () => {
  ({ server, browser } = await startSuite());
});

after(async () => {
  await stopSuite({ server, browser });
});

// The focused element: its tag, type, value, class and whether its focus is drawn.
async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      type: el.getAttribute("type"),
      value: el.value,
      cls: el.className,
      outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    };
  });
}

// Types ANSWER into the practice box and waits for the feedback on all of it.
async function typeAnswer(page) {
  const answered = page.waitForResponse(
    (r) =>
      r.request().method() === "POST" &&
      new URL(r.url()).searchParams.has("fragment") &&
      new URLSearchParams(r.request().postData()).get("answer") === ANSWER,
    { timeout: ACTION_TIMEOUT_MS },
  );
  await tabTo(page, "#answer");
  await page.keyboard.type(ANSWER);
  assert.equal((await answered).status(), 200);
}

test("a signed-in candidate corrects a label with the keyboard and sends it", { timeout: 120_000 }, async (t) => {
  const context = await newContext(browser, server);
  try {
    const email = `corrections-${Date.now()}@example.org`;
    const signup = await context.request.post("/api/v1/auth/signup", { data: { email, password: PASSWORD } });
    assert.equal(signup.status(), 201, await signup.text());
    const page = await context.newPage();
    await gotoSettled(page, `/questions/${QUESTION}`);
    await typeAnswer(page);
    const section = page.locator("#coach-result .coach-corrections");
    await section.waitFor({ state: "visible" });
    assert.match(await page.locator("#coach-result .coach-missing").innerText(), /Result/);
    assert.equal(await page.locator("#corr-share").isChecked(), false, "sharing is off by default");
    assert.match(await section.innerText(), /an editor may read this answer and add it, without your name/);

    // The third part (the action) becomes a result: Enter opens the chooser on the current label.
    const third = page.locator("#coach-result .coach-sentences li").nth(2);
    assert.match(await third.getAttribute("class"), /star-a/);
    await tabTo(page, "#coach-result .coach-sentences li:nth-child(3) .cs-edit");
    let now = await focused(page);
    assert.ok(now.outline, "the part's button shows its focus");
    await page.keyboard.press("Enter");
    const button = third.locator(".cs-edit");
    assert.equal(await button.getAttribute("aria-expanded"), "true");
    now = await focused(page);
    assert.deepEqual([now.type, now.value], ["radio", "action"], "focus moves to the checked label");
    assert.ok(now.outline, "the radio button shows its focus");
    await page.keyboard.press("ArrowDown");
    now = await focused(page);
    assert.equal(now.value, "result");
    await eventually(async () => assert.match(await third.getAttribute("class"), /star-r/));
    assert.match(await third.locator(".cs-label").innerText(), /Result.*your correction/is);
    assert.equal(await third.locator(".star-icon").first().innerText(), "R");

    // axe on the panel with the chooser open, light and dark.
    await assertNoBlockingViolationsLightAndDark(t, page, "practice panel with the label chooser open");

    await page.keyboard.press("Escape");
    assert.equal(await button.getAttribute("aria-expanded"), "false");
    assert.equal(await page.locator("#corr-control").count(), 0, "the chooser is closed");
    now = await focused(page);
    assert.match(now.cls, /cs-edit/, "Escape returns focus to the part");

    // Send with the keyboard; the polite status says what was saved.
    await tabTo(page, "#coach-result .corr-send");
    await page.keyboard.press("Enter");
    const status = page.locator("#coach-result .corr-status");
    assert.equal(await status.getAttribute("aria-live"), "polite");
    await eventually(async () => assert.equal((await status.innerText()).trim(), "Thanks — 1 correction saved."));
    assert.equal(await page.locator("#answer").inputValue(), ANSWER, "the answer box keeps the text");
    await page.keyboard.press("Enter");
    await eventually(async () => assert.match(await status.innerText(), /already saved/));

    const saved = await (await context.request.get("/api/v1/coach/corrections")).json();
    assert.equal(saved.total, 1);
    const item = saved.items[0];
    assert.equal(item.answer, ANSWER);
    assert.equal(item.question_id, QUESTION);
    assert.equal(item.shared, false);
    assert.deepEqual(item.present, []);
    assert.equal(item.spans.length, 1);
    assert.equal(item.spans[0].component, "result");
    const bytes = Buffer.from(ANSWER, "utf8");
    assert.match(bytes.subarray(item.spans[0].start, item.spans[0].end).toString("utf8"), /^I profiled/);
  } finally {
    await context.close();
  }
});

test("anonymous visitors get the feedback without the corrections UI", { timeout: 60_000 }, async () => {
  const context = await newContext(browser, server);
  try {
    const page = await context.newPage();
    await gotoSettled(page, `/questions/${QUESTION}`);
    await typeAnswer(page);
    await page.locator("#coach-result .coach-sentences li").first().waitFor({ state: "visible" });
    assert.equal(await page.locator("#coach-result .coach-corrections").count(), 0);
    assert.equal(await page.locator("#coach-result .cs-edit").count(), 0);
  } finally {
    await context.close();
  }
});

test("without JavaScript a signed-in candidate gets the feedback and no corrections UI", { timeout: 60_000 }, async () => {
  const context = await newContext(browser, server, { javaScriptEnabled: false });
  try {
    const email = `no-js-${Date.now()}@example.org`;
    const signup = await context.request.post("/api/v1/auth/signup", { data: { email, password: PASSWORD } });
    assert.equal(signup.status(), 201, await signup.text());
    const page = await context.newPage();
    await gotoSettled(page, `/questions/${QUESTION}`);
    await page.locator("#answer").fill(ANSWER);
    await Promise.all([page.waitForURL(/\/practice/), page.locator("form.practice-form button[type=submit]").first().click()]);
    await page.locator("#coach-result .coach-sentences li").first().waitFor({ state: "visible" });
    assert.equal(await page.locator("#coach-result .coach-corrections").isVisible(), false);
    assert.equal(await page.locator("#coach-result .cs-edit").count(), 0);
    assert.equal(await page.locator("#answer").inputValue(), ANSWER);
  } finally {
    await context.close();
  }
});
