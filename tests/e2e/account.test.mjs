// SPDX-License-Identifier: Apache-2.0
// Accounts and personal practice in a real browser: sign up, practise a question and save the
// attempt, see it on the progress page (keyboard only: Tab, Enter and typing, no mouse), then
// write a story linked to the question and read the role's coverage matrix. axe-core checks every
// new page in light and dark colour schemes.

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
} from "./helpers.mjs";

const QUESTION = "be-debugging-complex-issue";
const ANSWER =
  "Last spring our checkout service failed at random under load. I was asked to find the cause within a week. " +
  "I added tracing, reproduced the race in a test and fixed the lock ordering. Errors fell by 90% and stayed there.";
const PASSWORD = "plum orbit ladder 42";

let server;
let browser;

before(async () => {
  ({ server, browser } = await startSuite());
});

after(async () => {
  await stopSuite({ server, browser });
});

// Tabs to `selector`, presses Enter and waits for the navigation to a URL matching `url`.
async function activate(page, selector, url) {
  await tabTo(page, selector);
  await Promise.all([page.waitForURL(url), page.keyboard.press("Enter")]);
  await page.waitForLoadState("load");
}


test("sign up, practise, save and see progress with the keyboard only; stories and coverage", async (t) => {
  const context = await newContext(browser, server);
  const page = await context.newPage();
  const email = `keyboard-${Date.now()}@example.org`;
  try {
    await gotoSettled(page, "/signup");
    await assertNoBlockingViolationsLightAndDark(t, page, "sign-up form");
    await tabTo(page, "#email");
    await page.keyboard.type(email);
    await tabTo(page, "#display_name");
    await page.keyboard.type("Keyboard Tester");
    await tabTo(page, "#password");
    await page.keyboard.type(PASSWORD);
    await activate(page, "form.stack-form button[type=submit]", /\/progress$/);
    assert.match(await page.locator("h1").textContent(), /Your progress/);
    await assertNoBlockingViolationsLightAndDark(t, page, "progress (empty)");

    // From the empty state to the role, then to the question, by keyboard.
    await activate(page, 'main a[href="/roles/backend-developer"]', /\/roles\/backend-developer$/);
    await activate(page, `main a[href="/questions/${QUESTION}"]`, new RegExp(`/questions/${QUESTION}$`));
    await tabTo(page, "#answer");
    await page.keyboard.type(ANSWER);
    await eventually(async () => assert.ok(await page.locator("#coach-result .coach").count()));
    await activate(page, "button.save-attempt", /\/attempts\/\d+$/);
    assert.match(await page.locator(".saved-score").textContent(), /Saved score\s*\d+/);
    assert.match(await page.locator(".saved-answer").textContent(), /checkout service/);
    await assertNoBlockingViolationsLightAndDark(t, page, "attempt");

    await activate(page, 'header a[href="/progress"]', /\/progress$/);
    // Score trend, STAR parts, and the review forecast (the saved attempt made a review card).
    assert.equal(await page.locator("svg.chart[role=img]").count(), 3);
    assert.match(await page.locator(".chart-data").textContent(), /Tell me about a time you debugged/);
    assert.match(await page.locator(".stat-cards").textContent(), /1 day/);
    await assertNoBlockingViolationsLightAndDark(t, page, "progress");

    await gotoSettled(page, `/questions/${QUESTION}/attempts`);
    assert.equal(await page.locator("main tbody tr").count(), 1);
    await assertNoBlockingViolationsLightAndDark(t, page, "attempts of a question");
    await gotoSettled(page, page.url().replace(/\/questions\/.*$/, "") + (await page.locator("main tbody a").getAttribute("href")) + "/delete");
    await assertNoBlockingViolationsLightAndDark(t, page, "delete attempt confirmation");

    // A story linked to the question (keyboard again, including the closed role group).
    await gotoSettled(page, "/stories");
    await assertNoBlockingViolationsLightAndDark(t, page, "stories (empty)");
    await activate(page, 'main a[href="/stories/new"]', /\/stories\/new$/);
    await assertNoBlockingViolationsLightAndDark(t, page, "new story form");
    await tabTo(page, "#title");
    await page.keyboard.type("The checkout race <b>condition</b>");
    await tabTo(page, "#situation");
    await page.keyboard.type("Checkout failed at random under load.");
    await tabTo(page, "#action");
    await page.keyboard.type("I traced requests and fixed the lock ordering.");
    await tabTo(page, "#result");
    await page.keyboard.type("Errors fell by 90%.");
    await tabTo(page, "details:has(#q-" + QUESTION + ") > summary");
    await page.keyboard.press("Enter");
    await tabTo(page, `#q-${QUESTION}`);
    await page.keyboard.press("Space");
    await tabTo(page, 'input[name="competency:debugging"]');
    await page.keyboard.press("Space");
    await activate(page, "form.story-form button[type=submit]", /\/stories\/\d+$/);
    assert.match(await page.locator("h1").textContent(), /The checkout race <b>condition<\/b>/);
    assert.equal(await page.locator("h1 b").count(), 0, "the title is text, not HTML");
    assert.match(await page.locator("main").textContent(), /Tell me about a time you debugged/);
    await assertNoBlockingViolationsLightAndDark(t, page, "story");
    const storyUrl = page.url();

    await gotoSettled(page, "/stories/coverage?role=backend-developer");
    const row = page.locator("tr", { has: page.locator(`a[href="/questions/${QUESTION}"]`) });
    assert.match(await row.textContent(), /Yes/);
    assert.match(await row.textContent(), /The checkout race/);
    await assertNoBlockingViolationsLightAndDark(t, page, "story coverage");

    for (const [label, url] of [
      ["stories list", "/stories"],
      ["edit story", storyUrl + "/edit"],
      ["delete story confirmation", storyUrl + "/delete"],
      ["account", "/account"],
      ["delete account", "/account/delete"],
    ]) {
      await gotoSettled(page, url);
      await assertNoBlockingViolationsLightAndDark(t, page, label);
    }

    // Sign out from the header, then the sign-in form.
    await activate(page, "header form.signout button", /\/signin\?done=signed-out$/);
    assert.match(await page.locator(".notice").textContent(), /signed out/);
    await assertNoBlockingViolationsLightAndDark(t, page, "sign-in form");
    await gotoSettled(page, "/account/deleted");
    await assertNoBlockingViolationsLightAndDark(t, page, "account deleted");
  } catch (err) {
    await page.screenshot({ path: "/tmp/e2e-account-failure.png", fullPage: true }).catch(() => {});
    throw err;
  } finally {
    await context.close();
  }
});
