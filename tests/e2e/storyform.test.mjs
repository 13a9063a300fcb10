// SPDX-License-Identifier: Apache-2.0
// The story form's competencies (issue 16, item 4): one spelling per competency, only the
// competencies of the roles whose questions the story answers (all roles' while it answers none),
// re-filtered when questions are ticked and by a type-to-filter box (JavaScript); without
// JavaScript the form offers the linked roles' competencies. Axe clean in light and dark.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startSuite, stopSuite, newContext, getJson, gotoSettled, assertNoBlockingViolationsLightAndDark } from "./helpers.mjs";

const PASSWORD = "plum orbit ladder 42";
const BACKEND_QUESTION = "be-debugging-complex-issue";

let server;
let browser;
let signedIn; // storage state of a signed-up user
const competencies = {}; // role slug -> Set of its questions' competencies

const key = (name) => name.toLowerCase().replace(/[\s_-]+/g, "");

before(async () => {
  ({ server, browser } = await startSuite());
  const roles = (await getJson(server, "/api/v1/roles?limit=100")).items;
  for (const r of roles) {
    const role = await getJson(server, `/api/v1/roles/${r.slug}`);
    competencies[r.slug] = new Set();
    for (const q of role.questions) {
      const full = await getJson(server, `/api/v1/questions/${encodeURIComponent(q.id)}`);
      for (const c of full.competencies) competencies[r.slug].add(c);
    }
  }
  const context = await newContext(browser, server);
  try {
    const page = await context.newPage();
    await gotoSettled(page, "/signup");
    await page.fill("#email", `stories-${Date.now()}@example.org`);
    await page.fill("#display_name", "Story Tester");
    await page.fill("#password", PASSWORD);
    await Promise.all([page.waitForURL(/\/progress$/), page.click("form.stack-form button[type=submit]")]);
    signedIn = await context.storageState();
  } finally {
    await context.close();
  }
});

after(async () => {
  await stopSuite({ server, browser });
});

const visibleNames = (page) =>
  page.$$eval("#competency-list li", (lis) => lis.filter((li) => !li.hidden && li.offsetParent !== null).map((li) => li.textContent.trim()));

test("the packs spell each competency one way", { timeout: 30_000 }, async () => {
  const all = new Set(Object.values(competencies).flatMap((s) => [...s]));
  const byKey = new Map();
  for (const c of all) {
    const k = key(c).replace("judgment", "judgement").replace("ization", "isation");
    assert.ok(!byKey.has(k), `"${c}" and "${byKey.get(k)}" are one competency spelled two ways`);
    byKey.set(k, c);
  }
  for (const c of ["api design", "risk management", "judgment", "prioritization"])
    assert.ok(!all.has(c), `"${c}" is still in the packs`);
});

test("with JavaScript: the form offers the ticked questions' roles' competencies, and filters as you type", { timeout: 90_000 }, async (t) => {
  const context = await newContext(browser, server, { storageState: signedIn, viewport: { width: 390, height: 844 } });
  try {
    const page = await context.newPage();
    await gotoSettled(page, "/stories/new");
    const all = new Set(Object.values(competencies).flatMap((s) => [...s]));
    assert.equal((await visibleNames(page)).length, all.size, "every role's competencies while no question is ticked");
    assert.deepEqual(new Set(await visibleNames(page)), all);

    const filter = page.getByLabel("Filter competencies");
    assert.equal(await filter.getAttribute("aria-controls"), "competency-list");
    const scope = page.locator("#competency-scope");
    assert.equal(await scope.getAttribute("aria-live"), "polite");

    // Tick a back-end question: only back-end competencies are offered.
    await page.locator(`details:has(#q-${BACKEND_QUESTION}) > summary`).click();
    await page.locator(`#q-${BACKEND_QUESTION}`).check();
    const backend = competencies["backend-developer"];
    assert.deepEqual(new Set(await visibleNames(page)), backend);
    assert.match(await scope.innerText(), /Competencies for Back-end Developer, from the questions it answers/);
    assert.ok(backend.size < all.size);

    // A ticked competency stays visible whatever the filter; typing narrows the rest.
    await page.getByLabel("debugging", { exact: true }).check();
    await filter.fill("design");
    const shown = await visibleNames(page);
    const expected = [...backend].filter((c) => c.includes("design") || c === "debugging");
    assert.deepEqual(new Set(shown), new Set(expected));
    assert.ok(shown.includes("api-design"), "api-design matches \"design\"");
    assert.match(await scope.innerText(), /match “design”/);
    await filter.fill("API DESIGN");  // spaces and hyphens, upper and lower case, are the same
    assert.ok((await visibleNames(page)).includes("api-design"));
    await filter.fill("");

    // Unticking the question offers every role's competencies again.
    await page.locator(`#q-${BACKEND_QUESTION}`).uncheck();
    assert.equal((await visibleNames(page)).length, all.size);
    await assertNoBlockingViolationsLightAndDark(t, page, "/stories/new with the filter");

    // Save with the question and "debugging"; the coverage page counts it.
    await page.locator(`#q-${BACKEND_QUESTION}`).check();
    await page.getByLabel("api-design", { exact: true }).check();
    await page.fill("#title", "The checkout race");
    await page.fill("#situation", "Checkout failed at random under load.");
    await page.fill("#action", "I traced requests and fixed the lock ordering.");
    await page.fill("#result", "Errors fell by 90%.");
    await Promise.all([page.waitForURL(/\/stories\/\d+$/), page.click("form.story-form button[type=submit]")]);
    const storyPath = new URL(page.url()).pathname;
    await gotoSettled(page, "/stories/coverage?role=backend-developer");
    const uncovered = await page.locator("main ul.tags li.tag").allInnerTexts();
    assert.ok(uncovered.length > 0);
    for (const c of ["api-design", "debugging"]) assert.ok(!uncovered.includes(c), `${c} is covered by the story`);

    // Without JavaScript, the edit form offers only the back-end competencies (the others are
    // there, hidden, for the script).
    const noJs = await newContext(browser, server, { storageState: signedIn, javaScriptEnabled: false });
    try {
      const p = await noJs.newPage();
      await gotoSettled(p, `${storyPath}/edit`);
      assert.deepEqual(new Set(await visibleNames(p)), backend);
      assert.equal(await p.locator("#competency-filter").count(), 0, "no filter box without JavaScript");
      assert.match(await p.locator("#competency-scope").innerText(), /Competencies for Back-end Developer, from the questions it answers/);
      assert.equal(await p.getByLabel("debugging", { exact: true }).isChecked(), true);
      assert.equal(await p.getByLabel("api-design", { exact: true }).isChecked(), true);
      await gotoSettled(p, "/stories/new");
      assert.equal((await visibleNames(p)).length, all.size, "a new story offers every role's competencies");
    } finally {
      await noJs.close();
    }
  } finally {
    await context.close();
  }
});
