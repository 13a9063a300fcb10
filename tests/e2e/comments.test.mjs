// SPDX-License-Identifier: Apache-2.0
// Nothing typed is lost (issue 16, item 3): the comment under "Was this answer helpful?" has its
// own "Send comment" action (it works after a vote), a live character count and no silent
// truncation; without JavaScript an over-long comment brings the question page back with the text
// kept and the error beside it.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startSuite, stopSuite, newContext, gotoSettled, getJson, eventually, assertNoBlockingViolationsLightAndDark } from "./helpers.mjs";

const QUESTION = "be-debugging-complex-issue";
const LONG = "This answer would be better with a concrete number in the result. ".repeat(25).slice(0, 1640);

let server;
let browser;

before(async () => {
  ({ server, browser } = await startSuite());
});

after(async () => {
  await stopSuite({ server, browser });
});

async function comments() {
  const body = await getJson(server, "/api/v1/roles/backend-developer/feedback");
  return body.items.find((i) => i.question_id === QUESTION)?.comments ?? 0;
}

test("a comment is sent on its own after a vote, with a live count and no truncation", { timeout: 60_000 }, async (t) => {
  const context = await newContext(browser, server);
  try {
    const page = await context.newPage();
    await gotoSettled(page, `/questions/${QUESTION}`);
    const w = page.locator(`.feedback[data-question="${QUESTION}"]`);
    const before = await comments();

    // "Send comment" before any vote says what to do and keeps the text.
    await w.locator("summary").click();
    const box = w.locator("textarea");
    await box.fill("Add the number of users affected.");
    assert.match(await w.locator(".fb-count").textContent(), /33 of 1,000 characters/);
    await w.locator("button.fb-send").click();
    assert.match(await w.locator(".fb-status").textContent(), /Choose Yes or No first/);
    assert.equal(await box.inputValue(), "Add the number of users affected.");

    // Vote first (without the comment), then send the comment with "Send comment".
    await box.fill("");
    await w.locator("button.fb-yes").click();
    await eventually(async () => assert.match(await w.locator(".fb-status").textContent(), /vote is saved/));
    await box.fill("Add the number of users affected.");
    await w.locator("button.fb-send").click();
    await eventually(async () => assert.match(await w.locator(".fb-status").textContent(), /comment is saved/));
    assert.equal(await box.inputValue(), "", "a sent comment leaves the box");
    assert.equal(await w.locator(".fb-yes").getAttribute("aria-pressed"), "true", "the vote stays Yes");
    assert.equal(await comments(), before + 1, "the comment reached the server");

    // A 1,640-character paste is kept whole; the count says how far over it is; the server refuses it.
    await box.fill(LONG);
    assert.equal((await box.inputValue()).length, 1640, "nothing is cut off");
    assert.match(await w.locator(".fb-count").textContent(), /1,640 characters: 640 over the 1,000 limit/);
    assert.equal(await box.getAttribute("aria-invalid"), "true");
    await w.locator("button.fb-send").click();
    await eventually(async () => assert.match(await w.locator(".fb-status").textContent(), /1640 characters long; the limit is 1000/));
    assert.equal(await box.inputValue(), LONG, "the text is kept after the refusal");
    await assertNoBlockingViolationsLightAndDark(t, page, "question with an over-long comment");
  } finally {
    await context.close();
  }
});

test("without JavaScript an over-long comment comes back inline with the text kept", { timeout: 60_000 }, async (t) => {
  // The page's script is blocked (axe itself needs JavaScript), as in practice.test.mjs.
  const context = await newContext(browser, server);
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
    await page.goto(`/questions/${QUESTION}`, { waitUntil: "load" });
    assert.ok(blocked >= 1, "app.js was not requested: is the route pattern right?");
    const w = page.locator(`.feedback[data-question="${QUESTION}"]`);
    await w.locator("summary").click();
    await w.locator("textarea").fill(LONG);
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith("/feedback")), w.locator("button.fb-no").click()]);
    await page.waitForLoadState("load");
    assert.equal(response.status(), 400);
    assert.match(await page.locator("h1").textContent(), /debugged/i, "the question page, not an error page");
    const again = page.locator(`.feedback[data-question="${QUESTION}"]`);
    assert.match(await again.locator(".form-error").textContent(), /1640 characters long; the limit is 1000/);
    assert.equal(await again.locator("textarea").inputValue(), LONG, "the text is kept");
    assert.equal(await again.locator("details.fb-comment").getAttribute("open"), "", "the comment box is open");
    assert.equal(await again.locator("textarea").getAttribute("aria-invalid"), "true");
    await assertNoBlockingViolationsLightAndDark(t, page, "no-JS comment error");

    // Shortened, the same vote goes through; then "Send comment" without JavaScript keeps the vote.
    await again.locator("textarea").fill("Shorter: add the number of users affected.");
    await Promise.all([page.waitForURL(new RegExp(`/questions/${QUESTION}#${QUESTION}$`)), again.locator("button.fb-no").click()]);
    const before = await comments();
    await page.locator(`.feedback[data-question="${QUESTION}"] summary`).click();
    await page.locator(`.feedback[data-question="${QUESTION}"] textarea`).fill("And a second thought.");
    await Promise.all([
      page.waitForURL(new RegExp(`/questions/${QUESTION}#${QUESTION}$`)),
      page.locator(`.feedback[data-question="${QUESTION}"] button.fb-send`).click(),
    ]);
    assert.equal(await comments(), before, "the comment replaced this browser's earlier one (one vote per browser)");
    const summary = await getJson(server, "/api/v1/roles/backend-developer/feedback");
    const item = summary.items.find((i) => i.question_id === QUESTION);
    assert.ok(item.not_helpful >= 1, "the No vote stayed");
  } finally {
    await context.close();
  }
});

test("without JavaScript, Send comment before a vote asks for one and keeps the text", { timeout: 60_000 }, async () => {
  const context = await newContext(browser, server, { javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await gotoSettled(page, `/questions/${QUESTION}`);
    const w = page.locator(`.feedback[data-question="${QUESTION}"]`);
    await w.locator("summary").click();
    await w.locator("textarea").fill("Needs a number.");
    await Promise.all([page.waitForResponse((r) => r.url().endsWith("/feedback")), w.locator("button.fb-send").click()]);
    await page.waitForLoadState("load");
    const again = page.locator(`.feedback[data-question="${QUESTION}"]`);
    assert.match(await again.locator(".form-error").textContent(), /Choose Yes or No first/);
    assert.equal(await again.locator("textarea").inputValue(), "Needs a number.");
  } finally {
    await context.close();
  }
});
