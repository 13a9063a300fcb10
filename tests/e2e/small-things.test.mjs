// SPDX-License-Identifier: Apache-2.0
// Screen readers and small things (issue 16, item 8), in a real browser: the practice panel's live
// region speaks when asked or after a pause, not after every keystroke; the speaking timer changes
// its label only; a new API token comes by post/redirect/get, takes focus, has a Copy button and
// is shown once; revoking asks first (also without JavaScript); error pages carry the visitor's own
// header and a missing job suggests jobs; times in the reader's time zone; the STAR icons' contrast
// in dark mode; "Account type"; who resets a forgotten password. axe on every page touched, no
// sideways scroll at 320 px. Screenshots go to SHOTS_DIR for a human to look at.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import {
  startSuite,
  stopSuite,
  newContext,
  getJson,
  gotoSettled,
  eventually,
  ensureShotsDir,
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
let signedIn; // storage state of a signed-up user with one saved attempt

before(async () => {
  ({ server, browser } = await startSuite());
  const context = await newContext(browser, server);
  try {
    const page = await context.newPage();
    await gotoSettled(page, "/signup");
    await page.fill("#email", `small-${Date.now()}@example.org`);
    await page.fill("#password", PASSWORD);
    await Promise.all([page.waitForURL(/\/progress$/), page.click("form.stack-form button[type=submit]")]);
    await gotoSettled(page, `/questions/${QUESTION}`);
    await page.fill("#answer", ANSWER);
    await Promise.all([page.waitForURL(/\/attempts\/\d+$/), page.click("button.save-attempt")]);
    signedIn = await context.storageState();
  } finally {
    await context.close();
  }
});

after(async () => {
  await stopSuite({ server, browser });
});


async function assertFitsAt320(page, label) {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 700 });
  const r = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.ok(r.scroll <= r.client, `${label} scrolls sideways at 320 px: ${r.scroll} > ${r.client}`);
  await page.setViewportSize(size);
}

// Screenshots of the page as it is now at 390 and 1280 px, light and dark.
async function shots(page, name) {
  const dir = await ensureShotsDir();
  const size = page.viewportSize();
  for (const width of [390, 1280])
    for (const colorScheme of ["light", "dark"]) {
      await page.setViewportSize({ width, height: 844 });
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: path.join(dir, `small-${name}-${width}-${colorScheme}.png`), fullPage: false });
    }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize(size);
}

test("the live region speaks after a 2 s pause or when asked, not while typing; the timer changes its label only", { timeout: 60_000 }, async () => {
  const context = await newContext(browser, server);
  try {
    const page = await context.newPage();
    await gotoSettled(page, `/questions/${QUESTION}`);
    const status = page.locator("form.practice-form .coach-status");
    const isFragment = (r) => r.url().includes("/practice?fragment=1") && r.request().method() === "POST";

    let responded = page.waitForResponse(isFragment);
    const typed = Date.now();
    await page.locator("#answer").fill(ANSWER);
    await responded;
    await page.locator("#coach-result .coach-sentences li").first().waitFor({ state: "visible" });
    assert.equal((await status.textContent()).trim(), "", "the feedback is on screen, but nothing is announced yet");
    await eventually(async () => assert.match(await status.textContent(), /^Feedback updated: \d+ of 100\.$/), { timeout: 8_000 });
    const waited = Date.now() - typed;
    assert.ok(waited >= 1_800, `announced ${waited} ms after typing: it should wait for a ~2 s pause`);

    // Asked for: announced at once.
    await page.evaluate(() => (document.querySelector(".coach-status").textContent = ""));
    responded = page.waitForResponse(isFragment);
    await page.locator("#answer").fill(`${ANSWER} I wrote it up for the team.`);
    await responded;
    const asked = Date.now();
    await page.getByRole("button", { name: "Get feedback" }).click();
    await eventually(async () => assert.match(await status.textContent(), /^Feedback updated: \d+ of 100\.$/));
    assert.ok(Date.now() - asked < 1_500, "Get feedback announces without waiting for the pause");

    const toggle = page.locator("form.practice-form .timer-toggle");
    assert.equal(await toggle.getAttribute("aria-pressed"), null, "no pressed state next to a changing label");
    await toggle.click();
    assert.equal((await toggle.innerText()).trim(), "Stop speaking timer");
    assert.equal(await toggle.getAttribute("aria-pressed"), null);
    await toggle.click();
    assert.equal((await toggle.innerText()).trim(), "Start speaking timer");
  } finally {
    await context.close();
  }
});

test("API tokens: post/redirect/get, the new token focused with Copy and shown once; revoking asks first, without JavaScript too", { timeout: 90_000 }, async (t) => {
  const context = await newContext(browser, server, {
    storageState: signedIn,
    viewport: { width: 390, height: 844 },
    permissions: ["clipboard-read", "clipboard-write"],
  });
  try {
    const page = await context.newPage();
    await gotoSettled(page, "/account");
    assert.equal(await page.locator("dl.facts dt", { hasText: "Account type" }).count(), 1);
    assert.equal(await page.locator("dl.facts dt", { hasText: /^Role$/ }).count(), 0);

    await tabTo(page, "#token-name");
    await page.keyboard.type("laptop");
    await Promise.all([page.waitForURL(/\/account#tokens$/), page.keyboard.press("Enter")]);
    await page.waitForLoadState("load");
    assert.doesNotMatch(page.url(), /spt_/, "the token is never in a URL");
    const token = (await page.locator("#new-token-value").textContent()).trim();
    assert.match(token, /^spt_/);
    await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement.id), "new-token", "the new token takes focus"));
    const box = await page.locator("#new-token").boundingBox();
    assert.ok(box.y >= 0 && box.y < 844, `the new token is on screen (y=${box.y})`);

    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.className), "copy-token", "Copy comes next");
    await page.keyboard.press("Enter");
    await eventually(async () => assert.equal((await page.locator("#new-token .copy-status").textContent()).trim(), "Copied."));
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), token);
    await assertNoBlockingViolationsLightAndDark(t, page, "account page with a new token");
    await shots(page, "new-token");

    await page.reload({ waitUntil: "load" });
    assert.equal(await page.locator("#new-token").count(), 0, "a reload does not show the token again");
    assert.equal(await page.locator("table.data-table tbody tr", { hasText: "laptop" }).count(), 1, "nor create another");

    // Revoking without JavaScript: the Revoke link opens a confirmation page whose form revokes.
    const noScript = await newContext(browser, server, {
      storageState: await context.storageState(),
      javaScriptEnabled: false,
      viewport: { width: 390, height: 844 },
    });
    try {
      const p = await noScript.newPage();
      await gotoSettled(p, "/account");
      await Promise.all([p.waitForURL(/\/account\/tokens\/\d+\/delete$/), p.click('a[aria-label="Revoke token laptop"]')]);
      assert.equal((await p.locator("h1").innerText()).trim(), "Revoke this API token?");
      await assertFitsAt320(p, "revoke confirmation");
      // axe needs script: check the same page in the JavaScript context.
      await gotoSettled(page, new URL(p.url()).pathname);
      await assertNoBlockingViolationsLightAndDark(t, page, "revoke confirmation");
      await shots(page, "revoke-confirm");
      const stillWorks = await fetch(`${server.baseURL}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
      assert.equal(stillWorks.status, 200, "asking revokes nothing");
      await Promise.all([p.waitForURL(/\/account\?done=token-revoked#tokens$/), p.click("button.danger")]);
      assert.match(await p.locator("p.notice").innerText(), /revoked/);
      assert.equal(await p.locator("table.data-table tbody tr", { hasText: "laptop" }).count(), 0);
      const revoked = await fetch(`${server.baseURL}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
      assert.equal(revoked.status, 401);
    } finally {
      await noScript.close();
    }
  } finally {
    await context.close();
  }
});

test("error pages carry the visitor's own header; a missing job suggests open jobs", { timeout: 60_000 }, async (t) => {
  const anonymous = await newContext(browser, server);
  const member = await newContext(browser, server, { storageState: signedIn });
  try {
    const page = await anonymous.newPage();
    await gotoSettled(page, "/no/such/page");
    assert.equal(await page.locator('header a[href="/signin"]').count(), 1);
    assert.equal(await page.locator('header a[href="/account"]').count(), 0, "no Account link when signed out");

    const mine = await member.newPage();
    await gotoSettled(mine, "/no/such/page");
    for (const selector of ['header a[href="/progress"]', 'header a[href="/stories"]', 'header a[href="/account"]', "header form.signout button"])
      assert.equal(await mine.locator(selector).count(), 1, selector);

    const jobs = await getJson(server, "/api/v1/jobs?limit=1");
    await gotoSettled(page, "/jobs/999999999");
    assert.match(await page.locator("main").innerText(), /These jobs are open now/);
    if (jobs.items.length) assert.ok((await page.locator('main li a[href^="/jobs/"]').count()) >= 1);
    assert.equal(await page.locator('main a[href="/jobs"]').count(), 1);
    assert.equal(await page.locator('main a[href^="/roles/"]').count(), 0, "no interview questions offered instead");
    await assertNoBlockingViolationsLightAndDark(t, page, "missing job");
    await assertFitsAt320(page, "missing job");
    await shots(page, "missing-job");
    await gotoSettled(mine, "/jobs/999999999");
    await shots(mine, "missing-job-signed-in");
  } finally {
    await anonymous.close();
    await member.close();
  }
});

test("times: UTC in the HTML, the reader's own time zone on screen", { timeout: 60_000 }, async () => {
  const context = await newContext(browser, server, { storageState: signedIn, timezoneId: "Pacific/Auckland", locale: "en-GB" });
  const noScript = await newContext(browser, server, { storageState: signedIn, javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await gotoSettled(page, `/questions/${QUESTION}/attempts`);
    const time = page.locator("time[data-local]").first();
    const datetime = await time.getAttribute("datetime");
    assert.match(datetime, /Z$/, "machine-readable UTC");
    const expected = await page.evaluate(
      (iso) => new Intl.DateTimeFormat(undefined, { dateStyle: "long", timeStyle: "short" }).format(new Date(iso)),
      datetime,
    );
    assert.equal((await time.innerText()).trim(), expected, "shown in Auckland time");
    assert.match(await time.getAttribute("title"), /UTC$/, "the UTC time stays as its title");

    // A day (the account page's "Member since"): the reader's calendar day, written as the site writes dates.
    await gotoSettled(page, "/account");
    const day = page.locator('time[data-local="day"]').first();
    const dayExpected = await page.evaluate((iso) => {
      const at = new Date(iso);
      return `${at.getDate()} ${at.toLocaleString("en-GB", { month: "long", timeZone: "Pacific/Auckland" })} ${at.getFullYear()}`;
    }, await day.getAttribute("datetime"));
    assert.equal((await day.innerText()).trim(), dayExpected, "the day in Auckland");
    assert.match(await day.getAttribute("title"), /^\d{1,2} [A-Z][a-z]+ \d{4}$/, "the UTC day stays as its title");

    const plain = await noScript.newPage();
    await gotoSettled(plain, `/questions/${QUESTION}/attempts`);
    assert.match((await plain.locator("time[data-local]").first().innerText()).trim(), /UTC$/, "without JavaScript: UTC, said so");
  } finally {
    await context.close();
    await noScript.close();
  }
});

// WCAG relative luminance and contrast of two computed colours ("rgb(r, g, b)").
function luminance(rgb) {
  const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

test("STAR icons: letters at least 4.5:1 on their shape, shapes at least 3:1 on the page, light and dark", { timeout: 60_000 }, async (t) => {
  const context = await newContext(browser, server);
  try {
    const page = await context.newPage();
    await gotoSettled(page, `/questions/${QUESTION}`);
    await page.locator("#answer").fill(`${ANSWER} Anyway.`);
    await page.getByRole("button", { name: "Get feedback" }).click();
    await page.locator("#coach-result .coach-legend").waitFor({ state: "visible" });
    for (const colorScheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme });
      const icons = await page.evaluate(() => {
        const page = getComputedStyle(document.body).backgroundColor;
        return Array.from(document.querySelectorAll(".coach-legend li")).map((li) => {
          const icon = getComputedStyle(li.querySelector(".star-icon"));
          return { part: li.textContent.trim(), fg: icon.color, bg: icon.backgroundColor, page };
        });
      });
      assert.equal(icons.length, 5);
      for (const { part, fg, bg, page: pageBg } of icons) {
        const letter = contrast(fg, bg);
        const shape = contrast(bg, pageBg);
        t.diagnostic(`${colorScheme} ${part}: letter ${letter.toFixed(2)}:1, shape ${shape.toFixed(2)}:1`);
        assert.ok(letter >= 4.5, `${colorScheme} ${part}: letter ${letter.toFixed(2)}:1`);
        assert.ok(shape >= 3, `${colorScheme} ${part}: shape ${shape.toFixed(2)}:1`);
      }
    }
    await shots(page, "coach-legend");
  } finally {
    await context.close();
  }
});

test("sign-in says who resets a forgotten password", { timeout: 30_000 }, async (t) => {
  const context = await newContext(browser, server);
  try {
    const page = await context.newPage();
    await gotoSettled(page, "/signin");
    const text = await page.locator("main").innerText();
    assert.match(text, /Forgot your password\?/);
    assert.match(text, /administrator/);
    assert.match(text, /starprep user set-password/);
    await assertNoBlockingViolationsLightAndDark(t, page, "sign-in");
    await assertFitsAt320(page, "sign-in");
  } finally {
    await context.close();
  }
});
