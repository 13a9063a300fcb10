// SPDX-License-Identifier: Apache-2.0
// Keyboard-only use: the skip link comes first and works, every focus stop shows a visible
// focus indicator, and a reader can vote with Enter and Space.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  startSuite,
  stopSuite,
  newContext,
  getJson,
  gotoSettled,
  eventually,
  readCount,
} from "./helpers.mjs";

const MAX_TABS = 300;

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

// Describes document.activeElement: what it is, where it is, and how its focus is drawn.
function describeFocus(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: "body", inMain: false, inHeader: false };
    const cs = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return {
      tag: el.tagName.toLowerCase(),
      cls: el.className || "",
      text: (el.textContent || "").trim().slice(0, 60),
      href: el.getAttribute("href"),
      inMain: !!el.closest("main"),
      inHeader: !!el.closest("header"),
      outlineStyle: cs.outlineStyle,
      outlineWidth: parseFloat(cs.outlineWidth) || 0,
      boxShadow: cs.boxShadow,
      focusVisible: el.matches(":focus-visible"),
      rect: { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height },
      viewport: { width: innerWidth, height: innerHeight },
    };
  });
}

function hasVisibleIndicator(f) {
  return (f.outlineStyle !== "none" && f.outlineWidth > 0) || (f.boxShadow && f.boxShadow !== "none");
}

function label(f) {
  return `<${f.tag} class="${f.cls}"${f.href ? ` href="${f.href}"` : ""}> "${f.text}"`;
}

for (const url of ["/", "/roles/backend-developer", "/questions/<first backend question>"]) {
  test(`${url}: first Tab reaches the skip link, which moves to main`, { timeout: 60_000 }, async () => {
    const target = url.replace("<first backend question>", role.questions[0].id);
    const context = await newContext(browser, server);
    try {
      const page = await context.newPage();
      await gotoSettled(page, target);
      await page.keyboard.press("Tab");
      const skip = await describeFocus(page);
      assert.equal(skip.tag, "a", `first Tab stop on ${target}: ${label(skip)}`);
      assert.equal(skip.href, "#main", `first Tab stop on ${target} should be the skip link: ${label(skip)}`);
      assert.ok(
        skip.rect.left >= 0 && skip.rect.top >= 0 && skip.rect.right <= skip.viewport.width && skip.rect.width > 0,
        `focused skip link must be on screen: ${JSON.stringify(skip.rect)}`,
      );
      assert.ok(hasVisibleIndicator(skip), `focused skip link has no focus indicator: ${JSON.stringify(skip)}`);

      await page.keyboard.press("Enter");
      await eventually(async () => assert.equal(new URL(page.url()).hash, "#main"));
      const mainTop = await page.evaluate(() => document.querySelector("main").getBoundingClientRect().top);
      const scrollY = await page.evaluate(() => window.scrollY);
      const scrollable = await page.evaluate(
        () => document.documentElement.scrollHeight - innerHeight >= document.querySelector("main").offsetTop,
      );
      if (scrollable) assert.ok(Math.abs(mainTop) <= 2, `main should be scrolled to the top, its top is at ${mainTop}px (scrollY ${scrollY})`);

      await page.keyboard.press("Tab");
      const next = await describeFocus(page);
      assert.ok(next.inMain, `after the skip link, Tab should continue inside main, got ${label(next)}`);
    } finally {
      await context.close();
    }
  });
}

test("keyboard only: Tab to a question's Yes button, vote with Enter, change with Space; focus always visible", { timeout: 90_000 }, async () => {
  const qid = role.questions[0].id;
  const context = await newContext(browser, server);
  try {
    const page = await context.newPage();
    await gotoSettled(page, "/roles/backend-developer");
    const widget = page.locator(`.feedback[data-question="${qid}"]`);
    const yesBefore = await readCount(widget, ".fb-n-yes");
    const noBefore = await readCount(widget, ".fb-n-no");

    const invisible = [];
    const stops = [];
    let reached = false;
    for (let i = 0; i < MAX_TABS; i += 1) {
      await page.keyboard.press("Tab");
      const f = await describeFocus(page);
      stops.push(label(f));
      if (f.tag !== "body" && !hasVisibleIndicator(f)) invisible.push(`${label(f)} outline=${f.outlineStyle} ${f.outlineWidth}px`);
      const isYes = await page.evaluate(
        (id) => document.activeElement?.matches(`.feedback[data-question="${CSS.escape(id)}"] .fb-yes`) ?? false,
        qid,
      );
      if (isYes) {
        reached = true;
        break;
      }
    }
    assert.ok(reached, `Yes button of ${qid} not reached within ${MAX_TABS} Tab presses; stops: ${stops.slice(0, 40).join(" | ")}`);
    assert.deepEqual(invisible, [], "focus stops without a visible focus indicator");
    const yesFocus = await describeFocus(page);
    assert.equal(yesFocus.focusVisible, true, "keyboard focus on the Yes button should match :focus-visible");

    // A link too: the skip link and TOC links were checked above; check one explicitly.
    const linkStop = stops.find((s) => s.startsWith("<a "));
    assert.ok(linkStop, "no link was focused on the way to the Yes button");

    // Enter on Yes.
    let posted = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes(`/api/v1/questions/${qid}/feedback`));
    await page.keyboard.press("Enter");
    assert.equal((await posted).status(), 200);
    await eventually(async () => {
      assert.equal(await readCount(widget, ".fb-n-yes"), yesBefore + 1, "yes count after Enter");
      assert.equal(await widget.locator(".fb-yes").getAttribute("aria-pressed"), "true");
    });
    const stillYes = await page.evaluate(() => document.activeElement?.classList.contains("fb-yes"));
    assert.equal(stillYes, true, "focus should stay on the Yes button after voting");

    // Tab to No and press Space.
    await page.keyboard.press("Tab");
    const noFocus = await describeFocus(page);
    assert.match(noFocus.cls, /\bfb-no\b/, `Tab after Yes should reach No, got ${label(noFocus)}`);
    assert.ok(hasVisibleIndicator(noFocus), `No button focus indicator: ${JSON.stringify(noFocus)}`);
    posted = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes(`/api/v1/questions/${qid}/feedback`));
    await page.keyboard.press("Space");
    assert.equal((await posted).status(), 200);
    await eventually(async () => {
      assert.equal(await readCount(widget, ".fb-n-yes"), yesBefore, "yes count after changing to No");
      assert.equal(await readCount(widget, ".fb-n-no"), noBefore + 1, "no count after Space on No");
      assert.equal(await widget.locator(".fb-no").getAttribute("aria-pressed"), "true");
      assert.equal(await widget.locator(".fb-yes").getAttribute("aria-pressed"), "false");
    });
  } finally {
    await context.close();
  }
});

test("keyboard only: the comment box opens with Enter on its summary and takes text", { timeout: 60_000 }, async () => {
  const qid = role.questions[1].id;
  const context = await newContext(browser, server);
  try {
    const page = await context.newPage();
    await gotoSettled(page, `/questions/${qid}`);
    let found = false;
    for (let i = 0; i < MAX_TABS && !found; i += 1) {
      await page.keyboard.press("Tab");
      // The practice panel's "model answer" summary comes first; the comment's is in .feedback.
      found = await page.evaluate(
        () => document.activeElement?.tagName === "SUMMARY" && !!document.activeElement.closest(".feedback"),
      );
    }
    assert.ok(found, "the comment <summary> is not reachable with Tab");
    const f = await describeFocus(page);
    assert.ok(hasVisibleIndicator(f), `summary focus indicator: ${JSON.stringify(f)}`);
    await page.keyboard.press("Enter");
    assert.equal(await page.locator(`.feedback[data-question="${qid}"] details`).evaluate((d) => d.open), true);
    await page.keyboard.press("Tab");
    const ta = await describeFocus(page);
    assert.equal(ta.tag, "textarea", `Tab after opening the comment should reach the textarea, got ${label(ta)}`);
    assert.ok(hasVisibleIndicator(ta), `textarea focus indicator: ${JSON.stringify(ta)}`);
    await page.keyboard.type("typed with the keyboard");
    assert.equal(await page.locator(`#c-${qid}`).inputValue(), "typed with the keyboard");
  } finally {
    await context.close();
  }
});
