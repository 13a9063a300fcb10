// SPDX-License-Identifier: Apache-2.0
// The mock interview (issue 13) in a real browser, by keyboard only: a 3-question mock from the
// "Quick 3 questions" preset; an answer sent with "Next"; a draft autosaved, the page reloaded
// mid-question (it resumes from the stored draft and the server's timestamps); the time-out that
// moves on by itself and keeps the draft; the report; axe in light and dark. Then a guest's mock:
// run, reload, report, "sign up to keep this", rating from the report, the header's due count.
//
// Time: the page's clock is Playwright's (page.clock); the server's is moved with it through
// STARPREP_TEST_CLOCK_FILE (app/app.cpp MockNow), because the server decides when a question's
// time is up, not the browser.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  startSuite,
  stopSuite,
  newContext,
  gotoSettled,
  assertNoBlockingViolations,
  tabTo,
  eventually,
  ensureShotsDir,
  SHOTS_DIR,
} from "./helpers.mjs";

const PASSWORD = "plum orbit ladder 42";
const FIRST =
  "Last spring our checkout service failed at random under load. I was asked to find the cause within a week. " +
  "I added tracing, reproduced the race in a test and fixed the lock ordering. Errors fell by 90% and stayed there.";
const DRAFT = "Our release pipeline took an hour and I had to halve it";

let server;
let browser;
let clockFile;

// Moves the server's mock clock `seconds` past the real time.
async function serverClock(seconds) {
  await writeFile(clockFile, `${seconds}\n`);
}

before(async () => {
  clockFile = path.join(await mkdtemp(path.join(tmpdir(), "starprep-mock-clock-")), "clock");
  await serverClock(0);
  process.env.STARPREP_TEST_CLOCK_FILE = clockFile; // the server started next inherits it
  ({ server, browser } = await startSuite());
});

after(async () => {
  await stopSuite({ server, browser });
});

async function signUp(page) {
  await gotoSettled(page, "/signup?next=/mock%3Frole%3Dbackend-developer");
  await page.fill("#email", `mock-${Date.now()}@example.org`);
  await page.fill("#display_name", "Mock Tester");
  await page.fill("#password", PASSWORD);
  await Promise.all([page.waitForURL(/\/mock\?role=backend-developer$/), page.click("form.stack-form button[type=submit]")]);
}

async function step(page) {
  return (await page.locator("#mock-question .mock-step").textContent()).trim();
}

test("a 3-question mock by keyboard: Next, autosave, reload, time-out, report", { timeout: 180_000 }, async (t) => {
  const context = await newContext(browser, server);
  try {
    const page = await context.newPage();
    await page.clock.install();
    await signUp(page);
    await assertNoBlockingViolations(t, page, "/mock (light)");

    // The preset starts the mock: question 1 of 3, thinking.
    await tabTo(page, 'button[name="preset"][value="quick"]');
    await Promise.all([page.waitForURL(/\/mock\/\d+/), page.keyboard.press("Enter")]);
    assert.equal(await step(page), "Question 1 of 3");
    assert.match(await page.locator("#mock-clock").textContent(), /Think time left/);
    await ensureShotsDir();
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: path.join(SHOTS_DIR, `mock-run-${width}.png`), fullPage: true });
    }
    await assertNoBlockingViolations(t, page, "run page (light)");
    await page.emulateMedia({ colorScheme: "dark" });
    await assertNoBlockingViolations(t, page, "run page (dark)");
    await page.emulateMedia({ colorScheme: "light" });

    // Question 1: typed while thinking, then "Next" by keyboard: the first press, still in the
    // think time, starts the answer time (it used to end the question with 0 s of answer); the
    // second ends the question.
    await tabTo(page, "#mock-text");
    await page.keyboard.type(FIRST);
    await tabTo(page, "#mock-next");
    await page.keyboard.press("Enter");
    await eventually(async () => assert.match(await page.locator("#mock-clock").textContent(), /Answer time left/));
    assert.equal(await step(page), "Question 1 of 3", "Next while thinking does not skip the question");
    assert.equal(await page.locator("#mock-text").inputValue(), FIRST);
    await serverClock(20); // 20 s of answering, on both clocks
    await page.clock.runFor(20_000);
    await tabTo(page, "#mock-next");
    await page.keyboard.press("Enter");
    await eventually(async () => assert.equal(await step(page), "Question 2 of 3"));

    // Question 2: a draft autosaved 1.5 s after typing stops, then a reload resumes it.
    await tabTo(page, "#mock-text");
    const saved = page.waitForResponse((r) => r.url().includes("/questions/1/draft") && r.request().method() === "PUT");
    await page.keyboard.type(DRAFT);
    await page.clock.runFor(2_000);
    assert.equal((await saved).status(), 200);
    await page.reload();
    assert.equal(await step(page), "Question 2 of 3");
    assert.equal(await page.locator("#mock-text").inputValue(), DRAFT, "the stored draft is back after a reload");

    // The answer time runs out (30 s to think + 2 min): the page moves on by itself, keeping the draft.
    await page.locator("#mock-text").focus();
    await page.keyboard.press("Control+End");
    await page.keyboard.type(" within a month.");
    await serverClock(20 + 151);
    await page.clock.runFor(152_000);
    await eventually(async () => assert.equal(await step(page), "Question 3 of 3"), { timeout: 10_000 });
    assert.match(await page.locator("#mock-clock").textContent(), /Think time left|Answer time left/);

    // Question 3: finished from the keyboard; the report follows.
    await tabTo(page, "#mock-text");
    await page.keyboard.type("I would ask the team what blocks them first.");
    await tabTo(page, "#mock-next");
    await page.keyboard.press("Enter"); // in the think time: starts the answer
    await eventually(async () => assert.match(await page.locator("#mock-clock").textContent(), /Answer time left/));
    await tabTo(page, "#mock-next");
    await Promise.all([page.waitForSelector("h1:has-text('Your mock interview report')"), page.keyboard.press("Enter")]);
    const sections = page.locator(".mock-report-question");
    assert.equal(await sections.count(), 3);
    assert.doesNotMatch(
      await sections.nth(0).locator("tr", { hasText: "Answer time" }).textContent(),
      /Answer time\s*0 s/,
      "question 1's answer time was measured",
    );
    assert.match(await sections.nth(1).textContent(), /the time ran out/);
    assert.match(await sections.nth(1).textContent(), /halve it within a month/, "the time-out kept the last typed text");
    assert.match(await page.locator(".mock-summary").textContent(), /Overall score \d+/);
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: path.join(SHOTS_DIR, `mock-report-${width}.png`), fullPage: true });
    }
    await assertNoBlockingViolations(t, page, "report (light)");
    await page.emulateMedia({ colorScheme: "dark" });
    await assertNoBlockingViolations(t, page, "report (dark)");
    await page.emulateMedia({ colorScheme: "light", media: "print" });
    assert.equal(
      await sections.nth(1).evaluate((el) => getComputedStyle(el).breakBefore),
      "page",
      "print: one question per page",
    );
  } finally {
    await serverClock(0);
    await context.close();
  }
});

// A guest (no account): the mock runs and reports the same way without being stored; a reload
// picks the question back up with the typed text (the browser keeps the server's sealed state and
// the draft); the report offers "sign up to keep this", which keeps it with its answers; the
// kept report rates each question in one keypress, and the header of a cached role page then
// shows the due count.
test("a guest's mock: run, reload, report, sign up to keep it, rate, header count", { timeout: 180_000 }, async (t) => {
  const context = await newContext(browser, server);
  try {
    const page = await context.newPage();
    await page.clock.install();
    await gotoSettled(page, "/mock?role=backend-developer");
    await page.selectOption("#mock-count", "3");
    await page.fill("#mock-think", "0");
    await Promise.all([
      page.waitForSelector("#mock-run"),
      page.click("button:has-text('Start the mock interview')"),
    ]);
    assert.equal(await step(page), "Question 1 of 3");
    assert.match(await page.locator("#mock-guest-note").textContent(), /not stored/);
    await eventually(async () => assert.equal(new URL(page.url()).pathname, "/mock/guest"));
    await assertNoBlockingViolations(t, page, "guest run page (light)");
    await page.emulateMedia({ colorScheme: "dark" });
    await assertNoBlockingViolations(t, page, "guest run page (dark)");
    await page.emulateMedia({ colorScheme: "light" });

    await page.fill("#mock-text", FIRST);
    await Promise.all([page.waitForLoadState("load"), page.click("#mock-next")]);
    await eventually(async () => assert.equal(await step(page), "Question 2 of 3"));

    // A reload lands on /mock/guest, whose script sends the stored state and draft back.
    await page.locator("#mock-text").pressSequentially(DRAFT);
    await page.reload();
    await eventually(async () => assert.equal(await step(page), "Question 2 of 3"));
    assert.equal(await page.locator("#mock-text").inputValue(), DRAFT, "the draft is back after a reload");
    // Leaving the page does not lose it either: the set-up page offers to carry on.
    await gotoSettled(page, "/mock");
    await Promise.all([page.waitForSelector("#mock-run"), page.click("#mock-guest-waiting a")]);
    assert.equal(await step(page), "Question 2 of 3");
    assert.equal(await page.locator("#mock-text").inputValue(), DRAFT);

    await Promise.all([page.waitForSelector("h1:has-text('Your mock interview report')"), page.click("#mock-finish")]);
    assert.match(await page.locator(".mock-report-question").nth(1).textContent(), /halve it/);
    assert.equal(await page.locator('input[name="rating"]').count(), 0, "a guest has no cards to rate");
    await assertNoBlockingViolations(t, page, "guest report (light)");
    await page.emulateMedia({ colorScheme: "dark" });
    await assertNoBlockingViolations(t, page, "guest report (dark)");
    await page.emulateMedia({ colorScheme: "light" });

    // "Sign up to keep this": the account gets the mock, nothing retyped.
    await Promise.all([page.waitForSelector("#email"), page.click("#mock-keep")]);
    await page.fill("#email", `guest-${Date.now()}@example.org`);
    await page.fill("#password", PASSWORD);
    await Promise.all([page.waitForURL(/\/mock\/\d+\?kept=1$/), page.click("form.stack-form button[type=submit]")]);
    assert.match(await page.locator(".mock-report-page").textContent(), /kept in your account/);
    assert.match(await page.locator(".mock-report-question").nth(0).textContent(), /checkout service failed/);
    await assertNoBlockingViolations(t, page, "kept report with ratings (light)");
    await page.emulateMedia({ colorScheme: "dark" });
    await assertNoBlockingViolations(t, page, "kept report with ratings (dark)");
    await page.emulateMedia({ colorScheme: "light" });

    // One keypress rates the question whose form has the focus.
    await page.locator("#rate-q1 input[name=rating]:checked").focus();
    await Promise.all([page.waitForURL(/\?rated=good#rate-q1$/), page.keyboard.press("3")]);
    assert.match(await page.locator(".mock-report-page > .notice").first().textContent(), /Rated “good”/);
    assert.match(await page.locator("#rate-q1").textContent(), /comes back on/);

    // The cached role page's header asks for the count: 2 of the 3 new cards are left today.
    await gotoSettled(page, "/roles/backend-developer");
    await eventually(async () => assert.equal((await page.locator("#review-due-later").textContent()).trim(), "2 due today"));
    assert.equal(await page.locator("#review-due-later").isVisible(), true);
  } finally {
    await context.close();
  }
});
