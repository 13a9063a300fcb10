// SPDX-License-Identifier: Apache-2.0
// Responsive layout: no horizontal scrolling on a phone-sized viewport. Also saves reference
// screenshots (outside the repository) for a human to look at.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import {
  startSuite,
  stopSuite,
  newContext,
  getJson,
  roleSlugsFromApi,
  gotoSettled,
  ensureShotsDir,
} from "./helpers.mjs";

const PHONE = { width: 375, height: 812 };

let server;
let browser;
let slugs;
let backend;

before(async () => {
  ({ server, browser } = await startSuite());
  slugs = await roleSlugsFromApi(server);
  backend = await getJson(server, "/api/v1/roles/backend-developer");
});

after(async () => {
  await stopSuite({ server, browser });
});

// Elements whose right edge sticks out past the viewport: the usual culprits of sideways scroll.
function overflowReport(page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const wide = [];
    for (const el of document.querySelectorAll("body *")) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > width + 0.5) {
        const id = el.id ? `#${el.id}` : "";
        const cls = typeof el.className === "string" && el.className ? `.${el.className.split(/\s+/).join(".")}` : "";
        const text = (el.textContent || "").trim().slice(0, 60);
        const section = el.closest("section[id]")?.id;
        wide.push(`${el.tagName.toLowerCase()}${id}${cls} "${text}"${section ? ` in #${section}` : ""} right=${Math.round(r.right)}`);
        if (wide.length >= 10) break;
      }
    }
    return { scrollWidth: root.scrollWidth, clientWidth: width, wide };
  });
}

for (const scheme of ["light", "dark"]) {
  test(`at 375px wide no page scrolls horizontally (${scheme})`, { timeout: 300_000 }, async (t) => {
    const urls = ["/", ...slugs.map((s) => `/roles/${s}`), `/questions/${backend.questions[0].id}`, "/no/such/page"];
    const context = await newContext(browser, server, { viewport: PHONE, colorScheme: scheme, isMobile: true, hasTouch: true });
    try {
      for (const url of urls) {
        await t.test(url, { timeout: 60_000 }, async () => {
          const page = await context.newPage();
          await gotoSettled(page, url);
          // Open every comment box too: the textarea must fit as well.
          await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
          const r = await overflowReport(page);
          assert.equal(r.clientWidth, PHONE.width, "viewport width not applied");
          assert.ok(
            r.scrollWidth <= r.clientWidth,
            `${url}: scrollWidth ${r.scrollWidth} > clientWidth ${r.clientWidth}; overflowing: ${r.wide.join(", ")}`,
          );
          await page.close();
        });
      }
    } finally {
      await context.close();
    }
  });
}

test("role page shows the question index beside the text on wide screens, folded above the questions on phones", { timeout: 60_000 }, async () => {
  const wide = await newContext(browser, server, { viewport: { width: 1280, height: 900 } });
  const narrow = await newContext(browser, server, { viewport: PHONE });
  try {
    const w = await wide.newPage();
    await gotoSettled(w, "/roles/backend-developer");
    assert.equal(await w.locator("nav.toc").isVisible(), true, "question index visible at 1280px");
    const tocBox = await w.locator("nav.toc").boundingBox();
    const articleBox = await w.locator("article.role").boundingBox();
    assert.ok(tocBox.x + tocBox.width <= articleBox.x, "the index should sit beside the article at 1280px");
    const n = await narrow.newPage();
    await gotoSettled(n, "/roles/backend-developer");
    assert.equal(await n.locator("nav.toc").isVisible(), false, "question index hidden beside the text at 375px");
    // On a phone the index is folded above the questions instead (and hidden when it is beside).
    assert.equal(await n.locator("nav.toc-fold summary").isVisible(), true, "folded question index shown at 375px");
    assert.equal(await n.locator("nav.toc-fold details").evaluate((d) => d.open), false, "folded index starts closed");
    assert.equal(await w.locator("nav.toc-fold").isVisible(), false, "no folded index beside the wide one at 1280px");
  } finally {
    await wide.close();
    await narrow.close();
  }
});

test("question index numbers are not clipped on wide screens", { timeout: 60_000 }, async () => {
  // The index (nav.toc) scrolls (overflow: auto), so list markers that stick out to the left of
  // the <ol>'s padding are cut off: "10." shows as "0." when the padding is too narrow.
  const context = await newContext(browser, server, { viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    for (const slug of slugs) {
      await gotoSettled(page, `/roles/${slug}`);
      const clipped = await page.evaluate(() => {
        const toc = document.querySelector("nav.toc");
        const ol = toc.querySelector("ol");
        const clipLeft = toc.getBoundingClientRect().left + toc.clientLeft;
        const ctx = document.createElement("canvas").getContext("2d");
        const out = [];
        [...ol.children].forEach((li, i) => {
          const cs = getComputedStyle(li);
          ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
          const markerWidth = ctx.measureText(`${i + 1}. `).width;
          const contentLeft = li.getBoundingClientRect().left + parseFloat(cs.paddingLeft);
          const markerLeft = contentLeft - markerWidth;
          if (markerLeft < clipLeft - 0.5) out.push(`item ${i + 1}: marker starts ${(clipLeft - markerLeft).toFixed(1)}px left of the index's clip edge`);
        });
        return { clipped: out, padding: getComputedStyle(ol).paddingLeft };
      });
      assert.deepEqual(clipped.clipped, [], `/roles/${slug}: question index numbers clipped (ol padding-left ${clipped.padding})`);
    }
  } finally {
    await context.close();
  }
});

test("screenshots: role page (light, 1280px) and question page (dark, 375px)", { timeout: 120_000 }, async () => {
  const dir = await ensureShotsDir();
  const light = await newContext(browser, server, { viewport: { width: 1280, height: 900 }, colorScheme: "light" });
  const dark = await newContext(browser, server, { viewport: PHONE, colorScheme: "dark", isMobile: true, hasTouch: true });
  try {
    const p1 = await light.newPage();
    await gotoSettled(p1, "/roles/backend-developer");
    const roleShot = path.join(dir, "role-backend-developer-light-1280.png");
    const b1 = await p1.screenshot({ path: roleShot, fullPage: true, timeout: 60_000 });
    assert.ok(b1.length > 10_000, `role screenshot suspiciously small (${b1.length} bytes)`);

    const p2 = await dark.newPage();
    await gotoSettled(p2, `/questions/${backend.questions[0].id}`);
    const bg = await p2.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r, g, b] = bg.match(/\d+/g).map(Number);
    assert.ok(0.2126 * r + 0.7152 * g + 0.0722 * b < 64, `dark colour scheme should give a dark background, got ${bg}`);
    const questionShot = path.join(dir, "question-dark-375.png");
    const b2 = await p2.screenshot({ path: questionShot, fullPage: true, timeout: 60_000 });
    assert.ok(b2.length > 10_000, `question screenshot suspiciously small (${b2.length} bytes)`);
  } finally {
    await light.close();
    await dark.close();
  }
});
