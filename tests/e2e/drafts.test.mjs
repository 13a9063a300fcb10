// SPDX-License-Identifier: Apache-2.0
// Nothing typed is lost (issue 16, item 3): "Save attempt" while signed out keeps the answer in
// this browser's storage, and after signing up it is back in the box with an offer to save it.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startSuite, stopSuite, newContext, gotoSettled, assertNoBlockingViolationsLightAndDark } from "./helpers.mjs";

const QUESTION = "be-debugging-complex-issue";
const ANSWER =
  "Last spring our checkout service failed at random under load. I was asked to find the cause within a week. " +
  "I added tracing, reproduced the race in a test and fixed the lock ordering. Errors fell by 90% and stayed there.";
const PASSWORD = "plum orbit ladder 42";
const KEY = `starprep:draft:${QUESTION}`;

let server;
let browser;

before(async () => {
  ({ server, browser } = await startSuite());
});

after(async () => {
  await stopSuite({ server, browser });
});

async function saveSignedOut(page) {
  await gotoSettled(page, `/questions/${QUESTION}`);
  await page.fill("#answer", ANSWER);
  await Promise.all([page.waitForURL(/\/questions\/[^/]+\/attempts$/), page.click("button.save-attempt")]);
  await page.waitForLoadState("load");
  assert.match(await page.locator(".notice").first().textContent(), /To save attempts/);
  const kept = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)), KEY);
  assert.equal(kept?.answer, ANSWER, "the draft is kept in localStorage");
}

async function signUp(page, tag) {
  await page.fill("#email", `${tag}-${Date.now()}@example.org`);
  await page.fill("#display_name", "Draft Tester");
  await page.fill("#password", PASSWORD);
  await page.click("form.stack-form button[type=submit]");
}

test("a draft saved while signed out is restored after sign-up and saved at once", { timeout: 90_000 }, async (t) => {
  const context = await newContext(browser, server);
  try {
    const page = await context.newPage();
    const sent = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && (r.postData() || "").includes("checkout")) sent.push(new URL(r.url()).pathname);
    });
    await saveSignedOut(page);

    // The notice's "create a free account" link comes back to the question.
    await Promise.all([page.waitForURL(/\/signup\?next=/), page.click('.notice a[href^="/signup"]')]);
    sent.length = 0;
    await Promise.all([page.waitForURL(new RegExp(`/questions/${QUESTION}$`)), signUp(page, "draft")]);
    await page.waitForLoadState("load");
    assert.equal(await page.locator("#answer").inputValue(), ANSWER, "the answer is back in the box");
    const offer = page.locator(".draft-notice");
    assert.match(await offer.textContent(), /back in the box/);
    await assertNoBlockingViolationsLightAndDark(t, page, "question with a restored draft");
    assert.ok(!sent.some((p) => p.endsWith("/attempts")), "nothing was saved before the user asked");

    // "Save it now" with the keyboard.
    await offer.locator("button.draft-save").focus();
    await Promise.all([page.waitForURL(/\/attempts\/\d+$/), page.keyboard.press("Enter")]);
    assert.match(await page.locator(".saved-answer").textContent(), /checkout service/);
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), KEY), null, "the draft is gone once saved");
  } finally {
    await context.close();
  }
});

test("signing up from the header: any page says a draft is waiting; discarding removes it", { timeout: 90_000 }, async () => {
  const context = await newContext(browser, server);
  try {
    const page = await context.newPage();
    await saveSignedOut(page);
    await Promise.all([page.waitForURL(/\/signup$/), page.click('header a[href="/signup"]')]);
    await Promise.all([page.waitForURL(/\/progress$/), signUp(page, "header")]);
    await page.waitForLoadState("load");
    const waiting = page.locator(".draft-notice a");
    assert.match(await waiting.textContent(), /debugged/);
    await Promise.all([page.waitForURL(new RegExp(`/questions/${QUESTION}#practice$`)), waiting.click()]);
    await page.waitForLoadState("load");
    assert.equal(await page.locator("#answer").inputValue(), ANSWER);
    await page.click(".draft-notice button.draft-discard");
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), KEY), null);
    assert.match(await page.locator(".draft-notice").textContent(), /discarded/);
  } finally {
    await context.close();
  }
});
