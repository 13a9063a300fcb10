// SPDX-License-Identifier: Apache-2.0
// Search in the browser (issue 12): the header's search box is an ARIA combobox — type with a
// typo, pick a suggestion with the keyboard and land on its page; Escape closes, then clears; an
// answer for older text never replaces a newer one. The /search page narrows by a facet. Without
// JavaScript the header box is a plain form. axe is clean in light and dark.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startSuite, stopSuite, newContext, gotoSettled, eventually, assertNoBlockingViolations } from "./helpers.mjs";

let server;
let browser;

before(async () => {
  ({ server, browser } = await startSuite());
});

after(async () => {
  await stopSuite({ server, browser });
});

// The header box's state as a screen reader sees it.
function comboState(page) {
  return page.evaluate(() => {
    const input = document.getElementById("site-q");
    const list = document.getElementById(input.getAttribute("aria-controls") || "");
    const activeId = input.getAttribute("aria-activedescendant");
    const active = activeId ? document.getElementById(activeId) : null;
    return {
      role: input.getAttribute("role"),
      expanded: input.getAttribute("aria-expanded"),
      listRole: list ? list.getAttribute("role") : null,
      listVisible: !!list && !list.hidden && list.getBoundingClientRect().height > 0,
      options: list ? [...list.querySelectorAll("[role=option]")].map((o) => o.textContent) : [],
      active: active ? { text: active.textContent, url: active.getAttribute("data-url"), selected: active.getAttribute("aria-selected") } : null,
      focused: document.activeElement === input,
      value: input.value,
      status: document.querySelector("form.site-search [role=status]")?.textContent ?? null,
    };
  });
}

test("header box: a typo, a suggestion picked with the keyboard, the right page", { timeout: 60_000 }, async () => {
  const context = await newContext(browser, server, { viewport: { width: 390, height: 844 } });
  try {
    const page = await context.newPage();
    await gotoSettled(page, "/roles/backend-developer");
    const box = page.locator("#site-q");
    assert.equal(await box.getAttribute("role"), "combobox");
    assert.equal(await box.getAttribute("aria-expanded"), "false");
    await box.focus();
    await box.pressSequentially("kubernets"); // "kubernetes" with a letter missing
    await eventually(async () => {
      const s = await comboState(page);
      assert.equal(s.expanded, "true");
      assert.ok(s.listVisible, "the suggestion list is shown");
      assert.ok(s.options.some((o) => /Kubernetes/.test(o)), `suggestions: ${s.options.join(" | ")}`);
      assert.match(s.status, /^\d+ suggestions?\./);
    });
    const state = await comboState(page);
    assert.equal(state.listRole, "listbox");
    assert.equal(state.active, null, "nothing is active before an arrow key");
    // The list fits on the phone's screen.
    const listBox = await page.locator("#site-q-list").boundingBox();
    assert.ok(listBox.x >= 0 && listBox.x + listBox.width <= 390.5, `list at ${listBox.x}+${listBox.width}`);

    // ArrowDown to the first suggestion that is a Kubernetes question, then Enter.
    let target = null;
    for (let i = 0; i < state.options.length; i++) {
      await page.keyboard.press("ArrowDown");
      const s = await comboState(page);
      assert.ok(s.focused, "focus stays in the box");
      assert.equal(s.active.selected, "true");
      if (/Kubernetes/.test(s.active.text) && s.active.url.startsWith("/questions/")) {
        target = s.active.url;
        break;
      }
    }
    assert.ok(target, "a Kubernetes question was among the suggestions");
    await Promise.all([page.waitForURL((u) => u.pathname === target), page.keyboard.press("Enter")]);
    assert.match(await page.locator("h1").innerText(), /Kubernetes/);
  } finally {
    await context.close();
  }
});

test("header box: Escape closes the list, then clears; Enter without a choice searches", { timeout: 60_000 }, async () => {
  const context = await newContext(browser, server);
  try {
    const page = await context.newPage();
    await gotoSettled(page, "/");
    const box = page.locator("#site-q");
    await box.focus();
    await box.pressSequentially("cach");
    await eventually(async () => assert.ok((await comboState(page)).listVisible));
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowUp"); // wraps to the last
    let s = await comboState(page);
    assert.equal(s.active.text, s.options[s.options.length - 1]);
    await page.keyboard.press("Escape");
    s = await comboState(page);
    assert.equal(s.expanded, "false");
    assert.equal(s.listVisible, false);
    assert.equal(s.value, "cach", "the first Escape only closes the list");
    await page.keyboard.press("Escape");
    assert.equal((await comboState(page)).value, "", "the second Escape clears the box");

    await box.pressSequentially("caching");
    await Promise.all([page.waitForURL(/\/search\?q=caching$/), page.keyboard.press("Enter")]);
    assert.match(await page.locator("#search-count").innerText(), / for “caching”$/);
    assert.equal(await page.locator(".search-hit h2 a").first().getAttribute("href"), "/questions/be-caching-strategy");
  } finally {
    await context.close();
  }
});

test("header box: an answer for older text never replaces the newer one", { timeout: 60_000 }, async () => {
  const context = await newContext(browser, server);
  try {
    const page = await context.newPage();
    let releaseStale;
    const staleHeld = new Promise((resolve) => (releaseStale = resolve));
    await page.route((url) => url.pathname === "/api/v1/search/suggest", async (route) => {
      const q = new URL(route.request().url()).searchParams.get("q");
      if (q !== "ka") return route.continue();
      await staleHeld; // answered only after the newer text's suggestions are on screen
      await route
        .fulfill({
          status: 200,
          contentType: "application/json",
          body: JSON.stringify({ query: "ka", completions: ["STALE"], items: [] }),
        })
        .catch(() => {}); // the page may have aborted it already
    });
    await gotoSettled(page, "/");
    const box = page.locator("#site-q");
    await box.focus();
    await box.pressSequentially("ka");
    await page.waitForRequest((r) => new URL(r.url()).searchParams.get("q") === "ka");
    await box.pressSequentially("fka");
    await eventually(async () => assert.ok((await comboState(page)).options.length > 0, "suggestions for kafka"));
    releaseStale();
    // Let the stale answer arrive (or fail as aborted), then look again.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const s = await comboState(page);
    assert.ok(!s.options.some((o) => o.includes("STALE")), `stale suggestions shown: ${s.options.join(" | ")}`);
    assert.equal(s.value, "kafka");
  } finally {
    await context.close();
  }
});

test("/search: a facet narrows the results and combines with the query; its chip removes it", { timeout: 60_000 }, async () => {
  const context = await newContext(browser, server);
  try {
    const page = await context.newPage();
    await gotoSettled(page, "/search?q=engineer");
    const count = async () => Number(/(\d+) results?|of (\d+)/.exec(await page.locator("#search-count").innerText()).slice(1).find(Boolean));
    const all = await count();
    const jobs = page.locator('nav[aria-label="Filter by Type"] a', { hasText: "Jobs" });
    const jobCount = Number(await jobs.locator("xpath=following-sibling::span[@class='facet-count']").innerText());
    assert.ok(jobCount > 0 && jobCount < all, `${jobCount} jobs of ${all} results`);
    await Promise.all([page.waitForURL(/type=job/), jobs.click()]);
    assert.match(page.url(), /q=engineer&type=job/);
    assert.equal(await count(), jobCount);
    const badges = await page.locator(".search-hit .badge").allInnerTexts();
    assert.ok(badges.length > 0 && badges.every((b) => b === "Job"), `badges: ${badges.join(", ")}`);
    assert.equal(await page.locator('nav[aria-label="Filter by Type"] a[aria-current="true"]').innerText(), "Jobs");

    // A second facet combines with the first.
    const hybrid = page.locator('nav[aria-label="Filter by Remote"] a', { hasText: "Hybrid" });
    if (await hybrid.count()) {
      await Promise.all([page.waitForURL(/remote=hybrid/), hybrid.click()]);
      assert.match(page.url(), /type=job&remote=hybrid/);
      assert.ok((await count()) <= jobCount);
    }
    await Promise.all([page.waitForURL(/\/search\?q=engineer$/), page.getByRole("link", { name: "Clear all filters" }).click()]);
    assert.equal(await count(), all);
  } finally {
    await context.close();
  }
});

test("without JavaScript the header box is a plain search form", { timeout: 60_000 }, async () => {
  const context = await newContext(browser, server, { javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await gotoSettled(page, "/jobs");
    const box = page.locator("#site-q");
    assert.equal(await box.getAttribute("role"), null, "no combobox role without the script");
    await box.fill("cachng");
    await Promise.all([page.waitForURL(/\/search\?q=cachng$/), box.press("Enter")]);
    assert.equal(await page.locator(".search-hit h2 a").first().getAttribute("href"), "/questions/be-caching-strategy");
  } finally {
    await context.close();
  }
});

// The search page's states (results with facets, nothing found, nothing typed, nothing with a
// filter) in light; the open list and the results page in dark too (colours are what differ).
test("axe: the open suggestion list and the search pages, light and dark", { timeout: 120_000 }, async (t) => {
  const pages = {
    light: ["/search", "/search?q=kubernetes", "/search?q=zzzzqqq", "/search?q=kafka&type=role"],
    dark: ["/search?q=kubernetes"],
  };
  for (const colorScheme of ["light", "dark"]) {
    const context = await newContext(browser, server, { colorScheme });
    try {
      const page = await context.newPage();
      await gotoSettled(page, "/");
      await page.locator("#site-q").focus();
      await page.locator("#site-q").pressSequentially("incident");
      await eventually(async () => assert.ok((await comboState(page)).listVisible));
      await page.keyboard.press("ArrowDown");
      await assertNoBlockingViolations(t, page, `suggestions (${colorScheme})`);
      for (const url of pages[colorScheme]) {
        await gotoSettled(page, url);
        await assertNoBlockingViolations(t, page, `${url} (${colorScheme})`);
      }
    } finally {
      await context.close();
    }
  }
});
