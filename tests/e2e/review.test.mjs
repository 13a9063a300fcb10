// SPDX-License-Identifier: Apache-2.0
// The review queue (issue 13): a member saves an attempt, the question waits in /review and the
// header counts it, "Practise due questions" starts a mock of it at once (the set-up's default
// times), one keypress on the attempt's page rates it (3 = Good, pre-selected from the coach's
// score or not), and it leaves today's queue. axe in light and dark on the queue and on
// the rating form. No clock control is needed: a rating schedules the question at least a day
// later, so "today" cannot end between the steps in a way that changes what they check.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startSuite, stopSuite, newContext, gotoSettled, assertNoBlockingViolationsLightAndDark } from "./helpers.mjs";

const QUESTION = "be-debugging-complex-issue";
const ANSWER =
  "Last spring our checkout service failed at random under load. I was asked to find the cause within a week. " +
  "I added tracing, reproduced the race in a test and fixed the lock ordering. Errors fell by 90% and stayed there.";

let server;
let browser;

before(async () => {
  ({ server, browser } = await startSuite());
});

after(async () => {
  await stopSuite({ server, browser });
});


test("practise, rate with one key, and the question leaves today's queue; axe light and dark", { timeout: 90_000 }, async (t) => {
  const context = await newContext(browser, server, { viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await gotoSettled(page, "/signup");
    await page.fill("#email", `review-${Date.now()}@example.org`);
    await page.fill("#password", "plum orbit ladder 42");
    await Promise.all([page.waitForURL(/\/progress$/), page.click("form.stack-form button[type=submit]")]);

    // Before any practice: an empty queue that says what to do.
    await gotoSettled(page, "/review");
    assert.match(await page.locator("main").innerText(), /Nothing to review today/);
    assert.equal(await page.locator("header .due-count").count(), 0);

    await gotoSettled(page, `/questions/${QUESTION}`);
    await page.fill("#answer", ANSWER);
    await Promise.all([page.waitForURL(/\/attempts\/\d+$/), page.click("button.save-attempt")]);
    const attemptUrl = page.url();

    // The attempt's page: a rating form with one choice pre-selected and the key hint shown.
    const form = page.locator("form.rate-form");
    assert.equal(await form.locator("input[name=rating]:checked").count(), 1);
    assert.ok(await page.locator(".rate-keys-hint").isVisible());
    assert.equal((await page.locator("header .due-count").innerText()).replace(/\s+/g, " ").trim(), "1 due today");
    await assertNoBlockingViolationsLightAndDark(t, page, "attempt page with the rating form");

    // The queue lists the practised question; "Practise due questions" starts a mock of it at
    // once with the set-up's default times, and the set-up page stays a link away.
    await gotoSettled(page, "/review");
    const queue = page.locator("ol.review-queue li");
    assert.equal(await queue.count(), 1);
    assert.match(await page.locator("#review-mock-setup").getAttribute("href"), new RegExp(`questions=${QUESTION}$`));
    await assertNoBlockingViolationsLightAndDark(t, page, "review queue with one question");
    await Promise.all([page.waitForURL(/\/mock\/\d+$/), page.click("#review-mock")]);
    assert.match(await page.locator("main h1").innerText(), /Question 1 of 1/);
    assert.equal(await page.locator("#mock-run").getAttribute("data-answer-seconds"), "120");
    const thinkLeft = Number(await page.locator("#mock-run").getAttribute("data-think-left"));
    assert.ok(thinkLeft > 20 && thinkLeft <= 30, `the default 30 s think time, ${thinkLeft} s left`);

    // One keypress rates it: 3 = Good.
    await gotoSettled(page, attemptUrl);
    await page.locator("h1").click();  // focus outside any field
    await Promise.all([page.waitForURL(/\?rated=good#rate$/), page.keyboard.press("3")]);
    assert.match(await page.locator("#rate .notice").innerText(), /Rated “good”/);

    await gotoSettled(page, "/review");
    assert.equal(await page.locator("ol.review-queue li").count(), 0);
    assert.match(await page.locator("main").innerText(), /Nothing to review today\. Your next question is due on/);
    assert.equal(await page.locator("header .due-count").count(), 0);
    await assertNoBlockingViolationsLightAndDark(t, page, "review queue, empty after rating");
  } finally {
    await context.close();
  }
});
