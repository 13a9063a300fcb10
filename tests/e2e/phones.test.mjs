// SPDX-License-Identifier: Apache-2.0
// Phones first (issue 16, item 1): no page scrolls sideways at 320, 390 or 1280 px, light and
// dark, signed in or out; the signed-in header wraps and every item in it can be reached and used
// with the keyboard; "API" lives in the footer, not the main navigation; wide tables scroll in
// their own labelled region. Saves header and /progress screenshots (outside the repository) for
// a human to look at.

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
  assertNoBlockingViolations,
} from "./helpers.mjs";

const WIDTHS = [320, 390, 1280];
const SCHEMES = ["light", "dark"];
const QUESTION = "be-debugging-complex-issue";
const ANSWER =
  "Last spring our checkout service failed at random under load. I was asked to find the cause within a week. " +
  "I added tracing, reproduced the race in a test and fixed the lock ordering. Errors fell by 90% and stayed there.";
const PASSWORD = "plum orbit ladder 42";

let server;
let browser;
let slugs;
let jobId;
let signedIn; // storage state of a signed-up user with two saved attempts and a story
let email;
let attemptPath;
let storyPath;

before(async () => {
  ({ server, browser } = await startSuite());
  slugs = await roleSlugsFromApi(server);
  const jobs = await getJson(server, "/api/v1/jobs?limit=1");
  jobId = jobs.items[0]?.id;

  const context = await newContext(browser, server);
  try {
    const page = await context.newPage();
    await gotoSettled(page, "/signup");
    email = `phones-${Date.now()}@example.org`;
    await page.fill("#email", email);
    await page.fill("#display_name", "Phone Tester");
    await page.fill("#password", PASSWORD);
    await Promise.all([page.waitForURL(/\/progress$/), page.click("form.stack-form button[type=submit]")]);
    // Two saved attempts: the progress page then has its charts, its data table and the
    // comparison table on the attempt page.
    for (let i = 0; i < 2; i++) {
      await gotoSettled(page, `/questions/${QUESTION}`);
      await page.fill("#answer", ANSWER + " ".repeat(i));
      await Promise.all([page.waitForURL(/\/attempts\/\d+$/), page.click("button.save-attempt")]);
    }
    attemptPath = new URL(page.url()).pathname;
    await gotoSettled(page, "/stories/new");
    await page.fill("#title", "The checkout race condition");
    await page.fill("#situation", "Checkout failed at random under load.");
    await page.fill("#action", "I traced requests and fixed the lock ordering.");
    await page.fill("#result", "Errors fell by 90%.");
    await Promise.all([page.waitForURL(/\/stories\/\d+$/), page.click("form.story-form button[type=submit]")]);
    storyPath = new URL(page.url()).pathname;
    signedIn = await context.storageState();
  } finally {
    await context.close();
  }
});

after(async () => {
  await stopSuite({ server, browser });
});

function publicPages() {
  const pages = ["/", ...slugs.map((s) => `/roles/${s}`), `/questions/${QUESTION}`, "/jobs", "/roles/backend-developer/jobs",
    "/search?q=kubernetes", "/search?q=zzzzqqq"];
  if (jobId) pages.push(`/jobs/${jobId}`);
  return [...pages, "/no/such/page"];
}

function signedInPages() {
  return [
    ...publicPages(),
    "/progress",
    `/questions/${QUESTION}/attempts`,
    attemptPath,
    `${attemptPath}/delete`,
    "/stories",
    "/stories/new",
    storyPath,
    `${storyPath}/edit`,
    "/stories/coverage?role=backend-developer",
    "/account",
    "/account/delete",
  ];
}

// Measures sideways scrolling of the page as laid out now; names the elements that stick out.
function overflowReport(page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const wide = [];
    for (const el of document.querySelectorAll("body *")) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > width + 0.5 && !el.closest(".table-scroll")) {
        const cls = typeof el.className === "string" && el.className ? `.${el.className.split(/\s+/).join(".")}` : "";
        wide.push(`${el.tagName.toLowerCase()}${cls} "${(el.textContent || "").trim().slice(0, 50)}" right=${Math.round(r.right)}`);
        if (wide.length >= 8) break;
      }
    }
    return { scrollWidth: root.scrollWidth, clientWidth: width, wide };
  });
}

async function checkNoSidewaysScroll(t, storageState, urls, who) {
  const context = await newContext(browser, server, { storageState, viewport: { width: 390, height: 844 } });
  try {
    const page = await context.newPage();
    for (const url of urls) {
      await gotoSettled(page, url);
      // Open every <details> too (comment boxes, the model answer): they must fit as well.
      await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
      if (who === "signed in" && url !== "/no/such/page") {
        assert.equal(await page.locator('header a[href="/account"]').count(), 1, `${url}: not signed in`);
      }
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 844 });
        for (const colorScheme of SCHEMES) {
          await page.emulateMedia({ colorScheme });
          const r = await overflowReport(page);
          assert.equal(r.clientWidth, width, "viewport width not applied");
          assert.ok(
            r.scrollWidth <= r.clientWidth,
            `${who} ${url} at ${width}px (${colorScheme}): scrollWidth ${r.scrollWidth} > ${r.clientWidth}; ` +
              `sticking out: ${r.wide.join(", ")}`,
          );
        }
      }
    }
    t.diagnostic(`${urls.length} pages × ${WIDTHS.join("/")} px × light/dark`);
  } finally {
    await context.close();
  }
}

test("no page scrolls sideways at 320, 390 or 1280 px, light or dark, signed out", { timeout: 300_000 }, async (t) => {
  await checkNoSidewaysScroll(t, undefined, [...publicPages(), "/signin", "/signup"], "signed out");
});

test("no page scrolls sideways at 320, 390 or 1280 px, light or dark, signed in", { timeout: 300_000 }, async (t) => {
  await checkNoSidewaysScroll(t, signedIn, signedInPages(), "signed in");
});

test("API is linked from the footer, not the main navigation", { timeout: 60_000 }, async () => {
  const context = await newContext(browser, server, { storageState: signedIn });
  try {
    const page = await context.newPage();
    await gotoSettled(page, "/");
    assert.equal(await page.locator('nav[aria-label="Site"] a[href="/api/v1/openapi.json"]').count(), 0);
    assert.equal(await page.locator('footer nav[aria-label="Footer"] a[href="/api/v1/openapi.json"]').count(), 1);
  } finally {
    await context.close();
  }
});

// Every header item, in Tab order, is on screen (not clipped or off to the right) at `width`.
async function headerStops(page) {
  const stops = [];
  await page.evaluate(() => document.activeElement?.blur());
  await page.locator("body").focus();
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press("Tab");
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      return {
        inHeader: !!el.closest("header.site"),
        inMain: !!el.closest("main"),
        text: (el.textContent || "").trim(),
        left: r.left,
        right: r.right,
        top: r.top,
        bottom: r.bottom,
        width: innerWidth,
        visible: cs.visibility !== "hidden" && r.width > 0 && r.height > 0,
        indicator: (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== "none",
      };
    });
    if (f.inMain) break;
    if (f.inHeader) stops.push(f);
  }
  return stops;
}

for (const width of [320, 390]) {
  test(`the signed-in header fits at ${width}px and works with the keyboard alone`, { timeout: 60_000 }, async () => {
    // A session of its own (it signs out at the end; the other tests keep theirs).
    const context = await newContext(browser, server, { viewport: { width, height: 740 } });
    try {
      const page = await context.newPage();
      await gotoSettled(page, "/signin");
      await page.fill("#email", email);
      await page.fill("#password", PASSWORD);
      await Promise.all([page.waitForURL(/\/progress$/), page.click("form.stack-form button[type=submit]")]);
      await gotoSettled(page, "/roles/backend-developer");
      // This member saved attempts at one question above, so that question is due today: the
      // cached role page's header fills in the count after loading, and it must fit too.
      await page.locator("#review-due-later").waitFor({ state: "visible" });
      const stops = await headerStops(page);
      assert.deepEqual(
        stops.map((s) => s.text),
        ["starprep", "", "Search", "Roles", "Jobs", "The STAR method", "Review 1 due today", "Progress", "Stories", "Account", "Sign out"],
        "Tab visits the brand, the search box and its button, and every header item, in order",
      );
      for (const s of stops) {
        assert.ok(s.visible, `${s.text}: focused but not visible`);
        assert.ok(s.left >= 0 && s.right <= s.width + 0.5, `${s.text}: off screen (left ${s.left}, right ${s.right}, viewport ${s.width})`);
        assert.ok(s.indicator, `${s.text}: no visible focus indicator`);
      }
      const header = await page.locator("header.site").boundingBox();
      assert.ok(header.height < 200, `the header takes ${Math.round(header.height)} px of a ${width}px-wide screen`);

      // Enter on a header link follows it; Enter on "Sign out" signs out.
      await gotoSettled(page, "/roles/backend-developer");
      for (let i = 0; i < 20; i++) {
        await page.keyboard.press("Tab");
        if (await page.evaluate(() => document.activeElement.matches('header a[href="/stories"]'))) break;
      }
      await Promise.all([page.waitForURL(/\/stories$/), page.keyboard.press("Enter")]);
      await page.locator('header form.signout button').focus();
      await Promise.all([page.waitForURL(/\/signin\?done=signed-out$/), page.keyboard.press("Enter")]);
      assert.equal(await page.locator('header a[href="/signin"]').count(), 1, "signed out: the header offers Sign in");
    } finally {
      await context.close();
    }
  });
}

test("tables scroll inside their own labelled region on a phone; axe clean", { timeout: 240_000 }, async (t) => {
  const context = await newContext(browser, server, { storageState: signedIn, viewport: { width: 320, height: 700 } });
  try {
    const page = await context.newPage();
    for (const url of ["/progress", attemptPath, `/questions/${QUESTION}/attempts`, "/stories/coverage?role=backend-developer", "/account"]) {
      await gotoSettled(page, url);
      const tables = await page.evaluate(() =>
        [...document.querySelectorAll("main table.data-table")].map((table) => {
          const box = table.parentElement;
          return {
            wrapped: box.matches('.table-scroll[role="region"][tabindex="0"]') && !!box.getAttribute("aria-label"),
            boxRight: box.getBoundingClientRect().right,
          };
        }),
      );
      for (const [i, tb] of tables.entries()) {
        assert.ok(tb.wrapped, `${url}: table ${i + 1} is not in a labelled, focusable scroll region`);
        assert.ok(tb.boxRight <= 320.5, `${url}: table ${i + 1}'s region sticks out (right ${tb.boxRight})`);
      }
      for (const colorScheme of SCHEMES) {
        await page.emulateMedia({ colorScheme });
        await assertNoBlockingViolations(t, page, `${url} at 320px (${colorScheme})`);
      }
    }
    // The progress page has tables wider than a 320px phone: they scroll in their box.
    await gotoSettled(page, "/progress");
    const scrolls = await page.evaluate(() =>
      [...document.querySelectorAll(".table-scroll")].some((b) => b.scrollWidth > b.clientWidth),
    );
    t.diagnostic(`a /progress table scrolls inside its own box at 320px: ${scrolls}`);
    for (const [label, url] of [["home", "/"], ["role", "/roles/backend-developer"], ["question", `/questions/${QUESTION}`]]) {
      await gotoSettled(page, url);
      for (const colorScheme of SCHEMES) {
        await page.emulateMedia({ colorScheme });
        await assertNoBlockingViolations(t, page, `${label} signed in at 320px (${colorScheme})`);
      }
    }
  } finally {
    await context.close();
  }
});

test("screenshots: header and /progress at 390 and 1280 px, light and dark", { timeout: 120_000 }, async () => {
  const dir = await ensureShotsDir();
  for (const width of [390, 1280]) {
    for (const colorScheme of SCHEMES) {
      const context = await newContext(browser, server, {
        storageState: signedIn,
        viewport: { width, height: 844 },
        colorScheme,
        ...(width < 500 ? { isMobile: true, hasTouch: true } : {}),
      });
      try {
        const page = await context.newPage();
        await gotoSettled(page, "/progress");
        const header = await page.locator("header.site").screenshot({ path: path.join(dir, `header-${colorScheme}-${width}.png`) });
        assert.ok(header.length > 1_000, "header screenshot suspiciously small");
        // The search box's placeholder is read whole, not cut off, on a 390 px phone too.
        const fit = await page.evaluate(() => {
          const input = document.querySelector("#site-q");
          const style = getComputedStyle(input);
          const ctx = document.createElement("canvas").getContext("2d");
          ctx.font = style.font;
          const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
          return { text: input.placeholder, need: ctx.measureText(input.placeholder).width, room };
        });
        assert.ok(fit.need <= fit.room, `"${fit.text}" needs ${Math.ceil(fit.need)} px, the box has ${fit.room} at ${width} px`);
        for (const [name, selector] of [["chart-data", ".chart-data"], ["coverage", "section[aria-labelledby=coverage-h]"]]) {
          await page.locator(selector).first().screenshot({ path: path.join(dir, `progress-${name}-${colorScheme}-${width}.png`) });
        }
        const full = await page.screenshot({ path: path.join(dir, `progress-${colorScheme}-${width}.png`), fullPage: true, timeout: 60_000 });
        assert.ok(full.length > 10_000, "progress screenshot suspiciously small");
      } finally {
        await context.close();
      }
    }
  }
});
