// SPDX-License-Identifier: Apache-2.0
// The progress page says what to do next (issue 16, item 6, the "Next up" card): the weakest STAR
// part lately and the question to practise again, reached with the keyboard; axe in light and
// dark; no sideways scroll at 320 px; screenshots for a human to look at.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { startSuite, stopSuite, newContext, gotoSettled, ensureShotsDir, assertNoBlockingViolations, tabTo } from "./helpers.mjs";

const QUESTION = "be-debugging-complex-issue";
const ANSWER =
  "Last spring our checkout service failed at random under load. I was asked to find the cause within a week. " +
  "I added tracing, reproduced the race in a test and fixed the lock ordering.";

let server;
let browser;

before(async () => {
  ({ server, browser } = await startSuite());
});

after(async () => {
  await stopSuite({ server, browser });
});

test("Next up: the weakest part and the question to practise, by keyboard; axe; 320 px", { timeout: 90_000 }, async (t) => {
  const context = await newContext(browser, server, { viewport: { width: 390, height: 844 } });
  try {
    const page = await context.newPage();
    await gotoSettled(page, "/signup");
    await page.fill("#email", `next-${Date.now()}@example.org`);
    await page.fill("#password", "plum orbit ladder 42");
    await Promise.all([page.waitForURL(/\/progress$/), page.click("form.stack-form button[type=submit]")]);
    await gotoSettled(page, `/questions/${QUESTION}`);
    await page.fill("#answer", ANSWER);
    await Promise.all([page.waitForURL(/\/attempts\/\d+$/), page.click("button.save-attempt")]);

    await gotoSettled(page, "/progress");
    const card = page.locator("section.next-up");
    assert.match(await card.innerText(), /Your weakest STAR part lately: .*(Situation|Task|Action|Result)/s);
    for (const colorScheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme });
      await assertNoBlockingViolations(t, page, `progress with Next up (${colorScheme})`);
      const dir = await ensureShotsDir();
      for (const width of [390, 1280]) {
        await page.setViewportSize({ width, height: 844 });
        await card.screenshot({ path: path.join(dir, `next-up-${width}-${colorScheme}.png`) });
      }
    }
    await page.setViewportSize({ width: 320, height: 700 });
    const r = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(r[0] <= r[1], `sideways scroll at 320 px: ${r[0]} > ${r[1]}`);

    await tabTo(page, "section.next-up a");
    await Promise.all([page.waitForURL(new RegExp(`/questions/${QUESTION}#practice$`)), page.keyboard.press("Enter")]);
  } finally {
    await context.close();
  }
});
