// SPDX-License-Identifier: Apache-2.0
// The role page on a phone (issue 16, item 2): the question list near the top (folded on phones,
// beside the text on wide screens), each question as its title, tags and the start of its answer
// with the whole answer one tap away; the first question within the first screen of a 390x844
// phone, a page a fraction of its former height, axe clean at 390 and 1280 px, light and dark.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import {
  startSuite,
  stopSuite,
  newContext,
  getJson,
  gotoSettled,
  ensureShotsDir,
  assertNoBlockingViolations,
} from "./helpers.mjs";

const PHONE = { width: 390, height: 844 };
const SCHEMES = ["light", "dark"];
// The page was ~49,000 px tall at 390 px before questions showed only the start of their answer.
const MAX_PHONE_HEIGHT = 20_000;

let server;
let browser;
let role;

before(async () => {
  ({ server, browser } = await startSuite());
  role = await getJson(server, "/api/v1/roles/backend-developer");
});

after(async () => {
  await stopSuite({ server, browser });
});

const phone = (colorScheme = "light") => ({ viewport: PHONE, colorScheme, isMobile: true, hasTouch: true });

test("on a 390x844 phone the first question link is within the first screen and the page is short", { timeout: 90_000 }, async (t) => {
  const context = await newContext(browser, server, phone());
  try {
    const page = await context.newPage();
    const heights = {};
    for (const slug of ["backend-developer", "product-manager", "engineering-manager"]) {
      await gotoSettled(page, `/roles/${slug}`);
      const api = await getJson(server, `/api/v1/roles/${slug}`);
      const first = page.locator(`section.question#${api.questions[0].id} h2 a`);
      assert.equal(await first.getAttribute("href"), `/questions/${api.questions[0].id}`);
      const box = await first.boundingBox();
      assert.ok(box, `${slug}: the first question's link is not rendered`);
      assert.ok(box.y + box.height <= PHONE.height, `${slug}: the first question link ends at ${Math.round(box.y + box.height)} px, below the first ${PHONE.height} px screen`);
      const sizes = await page.evaluate(() => ({
        height: document.documentElement.scrollHeight,
        width: document.documentElement.scrollWidth,
      }));
      assert.ok(sizes.width <= PHONE.width, `${slug}: the page scrolls sideways (${sizes.width} px)`);
      assert.ok(sizes.height <= MAX_PHONE_HEIGHT, `${slug}: the page is ${sizes.height} px tall at 390 px`);
      heights[slug] = sizes.height;
      t.diagnostic(`/roles/${slug} at 390x844: first question link ends at ${Math.round(box.y + box.height)} px; page ${sizes.height} px (${(sizes.height / PHONE.height).toFixed(1)} screens)`);
    }

    // The folded index: closed, one tap opens it, and its links go to the questions.
    await gotoSettled(page, "/roles/backend-developer");
    const fold = page.locator("nav.toc-fold");
    assert.equal(await fold.getAttribute("aria-label"), "Questions on this page");
    const summary = fold.locator("summary");
    assert.equal((await summary.innerText()).trim(), `All ${role.question_count} questions`);
    const summaryBox = await summary.boundingBox();
    assert.ok(summaryBox.y + summaryBox.height <= PHONE.height, "the folded index is within the first screen");
    assert.equal(await fold.locator("a").first().isVisible(), false, "the index starts folded");
    await summary.tap();
    const links = fold.locator("a");
    assert.equal(await links.count(), role.question_count);
    const last = role.questions.at(-1);
    await fold.locator(`a[href="#${last.id}"]`).tap();
    await page.waitForFunction((id) => location.hash === `#${id}`, last.id);
    const target = await page.locator(`section.question#${last.id} h2`).boundingBox();
    assert.ok(target.y >= 0 && target.y < PHONE.height, `the index link scrolled to the question (h2 at ${target.y})`);

    // One tap from a question to its whole answer, on the question's own page.
    await Promise.all([
      page.waitForURL(new RegExp(`/questions/${last.id}$`)),
      page.locator(`section.question#${last.id} .read-more a[href="/questions/${last.id}"]`).tap(),
    ]);
    assert.equal(await page.locator("section.question dl.star .star-part").count(), 4, "the question page has the whole STAR answer");
  } finally {
    await context.close();
  }
});

test("role page: axe clean and screenshots at 390 and 1280 px, light and dark", { timeout: 180_000 }, async (t) => {
  const dir = await ensureShotsDir();
  for (const width of [390, 1280]) {
    for (const colorScheme of SCHEMES) {
      const options = width === 390 ? phone(colorScheme) : { viewport: { width, height: 900 }, colorScheme };
      const context = await newContext(browser, server, options);
      try {
        const page = await context.newPage();
        await page.emulateMedia({ colorScheme });
        await gotoSettled(page, "/roles/backend-developer");
        if (width === 390) await page.locator("nav.toc-fold summary").click();  // the open index too
        await assertNoBlockingViolations(t, page, `role page at ${width}px (${colorScheme})`);
        const top = await page.screenshot({ path: path.join(dir, `role-top-${colorScheme}-${width}.png`) });
        assert.ok(top.length > 5_000, "screenshot suspiciously small");
        const full = await page.screenshot({ path: path.join(dir, `role-full-${colorScheme}-${width}.png`), fullPage: true, timeout: 60_000 });
        assert.ok(full.length > 10_000, "screenshot suspiciously small");
        if (width === 1280) {
          assert.equal(await page.locator("nav.toc").isVisible(), true, "the index is beside the text at 1280 px");
          assert.equal(await page.locator("nav.toc-fold").isVisible(), false, "one index at a time");
        }
      } finally {
        await context.close();
      }
    }
  }
});
