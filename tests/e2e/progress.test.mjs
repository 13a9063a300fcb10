// SPDX-License-Identifier: Apache-2.0
// The progress page follows the candidate's target roles and shows trends per question (issue 16,
// item 6): target roles chosen on /account with the keyboard only, coverage shrinking to them,
// one chart per question with one point per day, chart labels of at least 12 CSS px on a 390 px
// phone and at 1280 px, no sideways scroll at 320 px, axe with no violations at all on /account
// and /progress in light and dark, and screenshots for a human to look at.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { startSuite, stopSuite, newContext, gotoSettled, ensureShotsDir, tabTo, getJson, runAxe } from "./helpers.mjs";

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

async function saveAttempt(page, question, answer) {
  await gotoSettled(page, `/questions/${question}`);
  await page.fill("#answer", answer);
  await Promise.all([page.waitForURL(/\/attempts\/\d+$/), page.click("button.save-attempt")]);
}

// The smallest rendered size, in CSS px, of the text of every chart on the page: the computed
// font size scaled by the SVG's rendered width over its viewBox width, and the text's own box.
async function smallestChartText(page) {
  return page.evaluate(() => {
    let smallest = Infinity;
    let where = "";
    let count = 0;
    for (const svg of document.querySelectorAll("svg.chart")) {
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      for (const text of svg.querySelectorAll("text")) {
        const size = Number.parseFloat(getComputedStyle(text).fontSize) * scale;
        const box = text.getBoundingClientRect().height;
        count++;
        if (Math.min(size, box) < smallest) {
          smallest = Math.min(size, box);
          where = `${svg.id || svg.getAttribute("aria-labelledby")}: "${text.textContent}" ${size.toFixed(1)} px (box ${box.toFixed(1)})`;
        }
      }
    }
    return { smallest, where, count };
  });
}

async function assertAxeClean(page, label) {
  const results = await runAxe(page);
  assert.ok(results.passes.length > 0, "axe ran no checks at all");
  assert.deepEqual(
    results.violations.map((v) => `${v.id}[${v.impact}]: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    [],
    `axe violations on ${label}`,
  );
}

test("target roles by keyboard narrow the coverage; trends per question; legible labels; axe; 320 px", { timeout: 180_000 }, async () => {
  const devops = (await getJson(server, "/api/v1/roles/devops-engineer/questions")).items[0].id;
  const context = await newContext(browser, server, { viewport: { width: 390, height: 844 } });
  try {
    const page = await context.newPage();
    await gotoSettled(page, "/signup");
    await page.fill("#email", `progress-${Date.now()}@example.org`);
    await page.fill("#password", "plum orbit ladder 42");
    await Promise.all([page.waitForURL(/\/progress$/), page.click("form.stack-form button[type=submit]")]);
    await saveAttempt(page, QUESTION, ANSWER);
    await saveAttempt(page, QUESTION, ANSWER + " The errors stopped and the on-call pages fell from ten a week to none.");
    await saveAttempt(page, devops, ANSWER);

    // Every role before a choice, with the link to choose.
    await gotoSettled(page, "/progress");
    const coverageRows = page.locator("table.role-coverage tbody tr");
    const allRoles = await coverageRows.count();
    assert.ok(allRoles > 2, `coverage lists ${allRoles} roles before a choice`);
    assert.equal(await page.locator('a[href="/account#target-roles"]').innerText(), "Choose your target roles");

    // Choose one with the keyboard only: Tab to the box, Space, Tab to the button, Enter.
    await gotoSettled(page, "/account");
    await tabTo(page, "#target-backend-developer");
    await page.keyboard.press("Space");
    assert.equal(await page.locator("#target-backend-developer").isChecked(), true);
    await tabTo(page, "#target-roles button[type=submit]");
    await Promise.all([page.waitForURL(/\/account\?done=target-roles#target-roles$/), page.keyboard.press("Enter")]);
    assert.match(await page.locator("#target-roles .notice").innerText(), /target roles are saved/);
    assert.equal(await page.locator("#target-backend-developer").isChecked(), true);
    assert.equal(await page.locator("#target-devops-engineer").isChecked(), false);

    await gotoSettled(page, "/progress");
    assert.equal(await coverageRows.count(), 1, "coverage shrinks to the one target role");
    assert.match(await coverageRows.first().innerText(), /Back-end/);
    assert.equal(await page.locator("#coverage-h").innerText(), "Coverage of your target roles");
    // One chart per question practised; two attempts on one day are one point.
    assert.equal(await page.locator(".trend-grid svg.chart").count(), 2);
    assert.equal(await page.locator(".trend-grid li").first().locator("svg.chart circle").count(), 1);
    assert.ok((await page.locator("table.trend-data tbody tr").count()) >= 2);

    const dir = await ensureShotsDir();
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 844 });
      const { smallest, where, count } = await smallestChartText(page);
      assert.ok(count > 10, `only ${count} chart labels found`);
      assert.ok(smallest >= 12, `chart label below 12 px at ${width}: ${where}`);
    }
    for (const url of ["/account", "/progress"]) {
      await gotoSettled(page, url);
      for (const colorScheme of ["light", "dark"]) {
        await page.emulateMedia({ colorScheme });
        await page.setViewportSize({ width: 1280, height: 844 });
        await assertAxeClean(page, `${url} (${colorScheme})`);
        for (const width of [390, 1280]) {
          await page.setViewportSize({ width, height: 844 });
          const name = url.slice(1);
          await page.screenshot({ path: path.join(dir, `${name}-targets-${width}-${colorScheme}.png`), fullPage: true, timeout: 60_000 });
        }
        await page.setViewportSize({ width: 390, height: 844 });
        await assertAxeClean(page, `${url} at 390 px (${colorScheme})`);
      }
      await page.setViewportSize({ width: 320, height: 700 });
      const r = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      assert.ok(r[0] <= r[1], `${url}: sideways scroll at 320 px: ${r[0]} > ${r[1]}`);
    }
  } finally {
    await context.close();
  }
});
