// SPDX-License-Identifier: Apache-2.0
// Jobs in the browser: a role page leads to its jobs; the /jobs filters work without
// JavaScript; a job page shows the posting with a safe apply link and its JSON-LD; expired
// postings say they are closed; axe finds no serious or critical problems on the job pages.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startSuite, stopSuite, newContext, getJson, gotoSettled, assertNoBlockingViolations, assertNoBlockingViolationsLightAndDark } from "./helpers.mjs";

let server;
let browser;
let closedId; // a sample posting past its validThrough

before(async () => {
  ({ server, browser } = await startSuite());
  // Expired postings are not listed; find one of the sample feed's by asking for job pages.
  for (let id = 1; id <= 40 && !closedId; id++) {
    const r = await fetch(`${server.baseURL}/api/v1/jobs/${id}`, { signal: AbortSignal.timeout(5_000) });
    await r.arrayBuffer();
    if (r.status === 410) closedId = id;
  }
});

after(async () => {
  await stopSuite({ server, browser });
});

test("a role page leads to that role's jobs, with the count it shows", { timeout: 60_000 }, async () => {
  const context = await newContext(browser, server);
  try {
    const page = await context.newPage();
    await gotoSettled(page, "/roles/devops-engineer");
    const link = page.getByRole("link", { name: /Browse all remote DevOps \/ Site Reliability Engineer jobs/ });
    const text = await link.innerText();
    const shown = Number(/\((\d+)\)/.exec(text)?.[1]);
    assert.ok(shown >= 3, `link shows ${text}`);
    await Promise.all([page.waitForURL("**/roles/devops-engineer/jobs"), link.click()]);
    assert.equal(await page.locator("h1").innerText(), "Remote DevOps / Site Reliability Engineer jobs");
    assert.equal(await page.locator(".job-card").count(), shown);
    const api = await getJson(server, "/api/v1/jobs?role=devops-engineer");
    assert.equal(api.total, shown);
  } finally {
    await context.close();
  }
});

for (const javaScriptEnabled of [false, true]) {
  test(`filter jobs for a role and open one (JavaScript ${javaScriptEnabled ? "on" : "off"})`, { timeout: 60_000 }, async () => {
    const context = await newContext(browser, server, { javaScriptEnabled });
    try {
      const page = await context.newPage();
      const response = await gotoSettled(page, "/jobs");
      assert.equal(response.status(), 200);
      const all = (await getJson(server, "/api/v1/jobs")).total;
      assert.ok(all > 20, `${all} open sample jobs`);
      assert.equal(await page.locator(".job-card").count(), 20, "20 jobs a page");
      assert.match(await page.locator(".job-count").innerText(), new RegExp(`of ${all} open jobs`));
      assert.equal(await page.getByRole("link", { name: "Next page" }).count(), 1);

      await page.getByLabel("Role", { exact: true }).selectOption("frontend-developer");
      await page.getByLabel("Fully remote only (no office days)").check();
      await page.getByLabel("Sort by").selectOption("title");
      await Promise.all([page.waitForURL(/\/jobs\?/), page.getByRole("button", { name: "Show jobs" }).click()]);
      const url = new URL(page.url());
      assert.equal(url.searchParams.get("role"), "frontend-developer");
      assert.equal(url.searchParams.get("remote"), "1");
      assert.equal(await page.getByLabel("Role", { exact: true }).inputValue(), "frontend-developer", "the form keeps the chosen filters");
      assert.equal(await page.getByLabel("Fully remote only (no office days)").isChecked(), true);

      const api = await getJson(server, "/api/v1/jobs?role=frontend-developer&remote=1&sort=title");
      const cards = page.locator(".job-card");
      assert.equal(await cards.count(), api.total);
      assert.ok(api.total >= 2 && api.total < all, `filtered to ${api.total} of ${all}`);
      for (const meta of await cards.locator(".meta").allInnerTexts()) {
        assert.match(meta, /Fully remote/);
        assert.match(meta, /Front-end Developer/);
      }
      const titles = await cards.locator("h2").allInnerTexts();
      assert.deepEqual(titles, api.items.map((j) => j.title), "sorted as the API sorts");

      const first = api.items[0];
      await Promise.all([page.waitForURL(`**/jobs/${first.id}`), cards.first().getByRole("link").click()]);
      assert.equal(await page.locator("h1").innerText(), first.title);
      assert.match(await page.locator(".job-facts").innerText(), /Fully remote/);
      assert.match(await page.locator(".job-facts").innerText(), new RegExp(first.salary.currency));
      const apply = page.getByRole("link", { name: /Apply for this job/ }).first();
      assert.equal(await apply.getAttribute("href"), first.apply_url);
      const rel = (await apply.getAttribute("rel")).split(/\s+/);
      assert.ok(rel.includes("nofollow") && rel.includes("noopener"), `rel="${rel.join(" ")}"`);
      assert.equal(await page.locator(".badge").first().innerText(), "Sample listing");
      const ld = JSON.parse(await page.locator('script[type="application/ld+json"]').textContent());
      assert.equal(ld["@type"], "JobPosting");
      assert.equal(ld.title, first.title);
      assert.equal(ld.jobLocationType, "TELECOMMUTE");
      assert.equal(ld.hiringOrganization.name, first.company.name);
      assert.ok(ld.datePosted && ld.description && ld.identifier.value === first.source_id);
    } finally {
      await context.close();
    }
  });
}

// Honest salary filters: a minimum needs a currency (said next to the filters, the amount kept),
// and compares the bottom of each posting's range per year (hourly x 2080, daily x 260, weekly x
// 52, monthly x 12) in that currency. Works without JavaScript; axe clean with the message shown.
const YEARLY = { HOUR: 2080, DAY: 260, WEEK: 52, MONTH: 12, YEAR: 1 };
test("minimum salary: needs a currency, and compares each posting's yearly bottom in it", { timeout: 90_000 }, async (t) => {
  const context = await newContext(browser, server, { javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await gotoSettled(page, "/jobs");
    const min = page.getByLabel("Per year, at least");
    assert.match(await page.locator("#salary-help").innerText(), /2,080 hours.*260 days.*52 weeks.*12 months/s);
    await min.fill("300000");
    assert.equal(await page.getByLabel("Currency").inputValue(), "", "Any currency");
    const [response] = await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Show jobs" }).click()]);
    assert.equal(response.status(), 400);
    const alert = page.locator("#salary-error[role=alert]");
    assert.match(await alert.innerText(), /Choose a currency to filter by minimum salary/);
    assert.equal(await min.inputValue(), "300000", "the amount typed is kept");
    assert.equal(await page.getByLabel("Currency").getAttribute("aria-invalid"), "true");
    const all = (await getJson(server, "/api/v1/jobs")).total;
    assert.match(await page.locator(".job-count").innerText(), new RegExp(`of ${all} open jobs`), "listed without the minimum");
    // axe needs script: the same page in a context with JavaScript.
    const withJs = await newContext(browser, server);
    try {
      const p = await withJs.newPage();
      const again = await gotoSettled(p, new URL(page.url()).pathname + new URL(page.url()).search);
      assert.equal(again.status(), 400);
      await assertNoBlockingViolationsLightAndDark(t, p, "/jobs with the salary message");
    } finally {
      await withJs.close();
    }

    // With a currency: CHF's hourly posting tops out above 100,000 a year but starts below it.
    const chf = (await getJson(server, "/api/v1/jobs?currency=CHF&limit=100")).items;
    const expected = chf.filter((j) => j.salary.min * YEARLY[j.salary.unit] >= 100000).map((j) => j.title);
    assert.ok(chf.some((j) => j.salary.unit === "HOUR" && j.salary.max * 2080 >= 100000 && j.salary.min * 2080 < 100000),
      "the sample feed has a CHF hourly posting that straddles 100,000 a year");
    await min.fill("100000");
    await page.getByLabel("Currency").selectOption("CHF");
    const [ok] = await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Show jobs" }).click()]);
    assert.equal(ok.status(), 200);
    assert.equal(await page.locator("#salary-error").count(), 0);
    assert.deepEqual((await page.locator(".job-card h2").allInnerTexts()).sort(), expected.sort());
    assert.ok(expected.length >= 1, "at least one CHF posting starts at 100,000 a year or more");
  } finally {
    await context.close();
  }
});

test("an expired posting says it is closed", { timeout: 30_000 }, async () => {
  assert.ok(closedId, "the sample feed has an expired posting");
  const context = await newContext(browser, server);
  try {
    const page = await context.newPage();
    const response = await gotoSettled(page, `/jobs/${closedId}`);
    assert.equal(response.status(), 410);
    assert.match(await page.locator(".job-closed").innerText(), /This job is closed/);
    assert.equal(await page.getByRole("link", { name: /Apply for this job/ }).count(), 0);
  } finally {
    await context.close();
  }
});

for (const colorScheme of ["light", "dark"]) {
  test(`axe: job pages have no serious or critical violations (${colorScheme})`, { timeout: 180_000 }, async (t) => {
    const jobs = await getJson(server, "/api/v1/jobs?limit=100");
    const hybrid = jobs.items.find((j) => j.remote === "hybrid");
    const urls = [
      ["/jobs", 200],
      ["/jobs?role=data-engineer&remote=1&sort=title", 200],
      ["/jobs?type=VOLUNTEER", 200], // no results
      ["/jobs?limit=5&page=2", 200], // pager
      ["/roles/product-manager/jobs", 200],
      [`/jobs/${jobs.items[0].id}`, 200],
      [`/jobs/${hybrid.id}`, 200],
      [`/jobs/${closedId}`, 410],
    ];
    for (const [url, status] of urls) {
      await t.test(`${url} (${colorScheme})`, async () => {
        const context = await newContext(browser, server, { colorScheme });
        try {
          const page = await context.newPage();
          await page.emulateMedia({ colorScheme });
          const response = await gotoSettled(page, url);
          assert.equal(response.status(), status, url);
          await assertNoBlockingViolations(t, page, `${url} (${colorScheme})`);
        } finally {
          await context.close();
        }
      });
    }
  });
}
