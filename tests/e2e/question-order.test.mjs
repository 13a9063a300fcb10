// SPDX-License-Identifier: Apache-2.0
// The question page in the order people think (issue 16, item 7): a short "why / dos" summary
// above the practice box; on a phone the model answer right under the box; while typing the
// coach labels the parts but the score waits for a ~2 s pause or "Get feedback"; nothing typed is
// lost. axe in light and dark, no sideways scroll at 320 px, screenshots for a human to look at.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import {
  startSuite,
  stopSuite,
  newContext,
  gotoSettled,
  eventually,
  ensureShotsDir,
  assertNoBlockingViolations,
} from "./helpers.mjs";

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

test("phone: why and dos above the box, the model answer right under it; axe; no sideways scroll", { timeout: 60_000 }, async (t) => {
  const context = await newContext(browser, server, { viewport: { width: 390, height: 844 } });
  try {
    const page = await context.newPage();
    await gotoSettled(page, `/questions/${QUESTION}`);
    const summary = page.locator("section.before-answer");
    assert.match(await summary.innerText(), /Why they ask:/);
    assert.ok((await summary.locator(".dos-summary li").count()) >= 1, "at least one Do");
    const box = await page.locator("#answer").boundingBox();
    const brief = await summary.boundingBox();
    assert.ok(brief.y + brief.height <= box.y, "the summary comes before the practice box");
    assert.ok(box.y < 2 * 844, `the practice box starts within two screens (y=${Math.round(box.y)})`);

    const form = await page.locator("form.practice-form").boundingBox();
    const model = await page.locator("details.model-compare").boundingBox();
    const gap = model.y - (form.y + form.height);
    assert.ok(gap >= 0 && gap < 80, `the model answer sits right under the box (gap ${Math.round(gap)} px)`);
    await page.locator("details.model-compare summary").click();
    assert.equal(await page.locator("details.model-compare .star-part.star-s").isVisible(), true);

    for (const colorScheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme });
      await assertNoBlockingViolations(t, page, `question page (${colorScheme})`);
      const dir = await ensureShotsDir();
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: path.join(dir, `question-order-390-${colorScheme}.png`) });
    }
    await page.setViewportSize({ width: 320, height: 700 });
    const r = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(r[0] <= r[1], `sideways scroll at 320 px: ${r[0]} > ${r[1]}`);
  } finally {
    await context.close();
  }
});

test("wide: the open model answer stands beside the box and the feedback", { timeout: 60_000 }, async () => {
  const context = await newContext(browser, server, { viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await gotoSettled(page, `/questions/${QUESTION}`);
    await page.locator("details.model-compare summary").click();
    await page.locator("#answer").fill(ANSWER);
    await page.getByRole("button", { name: "Get feedback" }).click();
    await page.locator("#coach-result .coach-score").waitFor({ state: "visible" });
    const form = await page.locator("form.practice-form").boundingBox();
    const model = await page.locator("details.model-compare").boundingBox();
    const result = await page.locator("#coach-result").boundingBox();
    assert.ok(model.x >= form.x + form.width - 1, "the model answer is to the right of the box");
    assert.ok(Math.abs(model.y - form.y) < 50, "and starts level with it");
    assert.ok(result.x < model.x && result.y > form.y, "the feedback stays under the box, left of the model answer");
    const dir = await ensureShotsDir();
    for (const colorScheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme });
      await page.locator("#practice").screenshot({ path: path.join(dir, `question-order-1280-${colorScheme}.png`) });
    }
  } finally {
    await context.close();
  }
});

test("while typing: part labels at once, the score after a pause or on request; nothing typed is lost", { timeout: 60_000 }, async () => {
  const context = await newContext(browser, server);
  try {
    const page = await context.newPage();
    await gotoSettled(page, `/questions/${QUESTION}`);
    assert.equal(await page.locator(".score-wait").isVisible(), true, "the panel says when the score comes");
    const score = page.locator("#coach-result .coach-score");
    const isFragment = (r) => r.url().includes("/practice?fragment=1") && r.request().method() === "POST";

    let responded = page.waitForResponse(isFragment);
    await page.locator("#answer").fill(ANSWER.slice(0, 120));
    await responded;
    await page.locator("#coach-result .coach-sentences li").first().waitFor({ state: "visible" });
    assert.equal(await score.isVisible(), false, "no score mid-typing");
    await eventually(async () => assert.equal(await score.isVisible(), true, "the score after a pause"), { timeout: 8_000 });

    // Typing on hides it again until the next pause; "Get feedback" shows it at once.
    responded = page.waitForResponse(isFragment);
    await page.locator("#answer").pressSequentially(" Then", { delay: 20 });
    await responded;
    await eventually(async () => assert.equal(await score.isVisible(), false));
    await page.locator("#answer").fill(ANSWER);
    await page.getByRole("button", { name: "Get feedback" }).click();
    await eventually(async () => assert.equal(await score.isVisible(), true), { timeout: 1_500 });

    // Nothing typed is lost: opening the model answer and asking again keep the text as typed.
    await page.locator("details.model-compare summary").click();
    await page.getByRole("button", { name: "Get feedback" }).click();
    assert.equal(await page.locator("#answer").inputValue(), ANSWER);
  } finally {
    await context.close();
  }
});

test("without JavaScript: the summary, the box, the model answer, and the posted feedback with its score", { timeout: 60_000 }, async () => {
  const context = await newContext(browser, server, { javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await gotoSettled(page, `/questions/${QUESTION}`);
    assert.equal(await page.locator("section.before-answer").isVisible(), true);
    assert.equal(await page.locator(".score-wait").isVisible(), false, "no promise of live feedback without script");
    await page.locator("#answer").fill(ANSWER);
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.getByRole("button", { name: "Get feedback" }).click()]);
    assert.equal(await page.locator("#coach-result .coach-score").isVisible(), true);
    assert.equal(await page.locator("#answer").inputValue(), ANSWER);
  } finally {
    await context.close();
  }
});
