// SPDX-License-Identifier: Apache-2.0
// Every role linked from the home page shows all of its questions, each with a complete,
// labelled STAR answer and the parts a reader needs (why, dos and don'ts, feedback widget).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  startSuite,
  stopSuite,
  newContext,
  getJson,
  roleSlugsFromApi,
  gotoSettled,
} from "./helpers.mjs";

let server;
let browser;
let context;

before(async () => {
  ({ server, browser } = await startSuite());
  context = await newContext(browser, server);
});

after(async () => {
  await context?.close();
  await stopSuite({ server, browser });
});

test("home page links every role, with the STAR explainer", { timeout: 60_000 }, async () => {
  const page = await context.newPage();
  const response = await gotoSettled(page, "/");
  assert.equal(response.status(), 200);
  const slugs = await page.$$eval('main a[href^="/roles/"]', (as) => [
    ...new Set(as.map((a) => new URL(a.href).pathname.replace(/^\/roles\//, ""))),
  ]);
  const apiSlugs = await roleSlugsFromApi(server);
  assert.deepEqual([...slugs].sort(), [...apiSlugs].sort(), "home page role links must match GET /api/v1/roles");
  assert.ok(slugs.length >= 6, `expected at least 6 roles on the home page, found ${slugs.length}: ${slugs}`);
  const explainer = await page.locator("#star").innerText();
  for (const word of ["Situation", "Task", "Action", "Result"]) {
    assert.ok(explainer.includes(word), `STAR explainer on / does not mention ${word}`);
  }
  await page.close();
});

test("each role page shows every question with four labelled, non-empty STAR parts", { timeout: 120_000 }, async (t) => {
  const home = await context.newPage();
  await gotoSettled(home, "/");
  const slugs = await home.$$eval('main a[href^="/roles/"]', (as) => [
    ...new Set(as.map((a) => new URL(a.href).pathname.replace(/^\/roles\//, ""))),
  ]);
  await home.close();
  assert.ok(slugs.length > 0, "no role links on the home page");

  for (const slug of slugs) {
    await t.test(`/roles/${slug}`, async () => {
      const api = await getJson(server, `/api/v1/roles/${encodeURIComponent(slug)}`);
      const page = await context.newPage();
      const response = await gotoSettled(page, `/roles/${slug}`);
      assert.equal(response.status(), 200, `GET /roles/${slug}`);

      const sections = await page.$$eval("section.question", (els) =>
        els.map((s) => ({
          id: s.id,
          heading: s.querySelector("h2")?.textContent.trim() ?? "",
          why: [...s.querySelectorAll("h3")].some((h) => h.textContent.trim() === "Why interviewers ask"),
          whyText: s.querySelector(".why")?.textContent.trim() ?? "",
          dos: s.querySelectorAll("ul.dos > li").length,
          donts: s.querySelectorAll("ul.donts > li").length,
          starLists: s.querySelectorAll("dl.star").length,
          parts: [...s.querySelectorAll("dl.star .star-part")].map((p) => ({
            // The visible label word (the letter icon is aria-hidden decoration).
            label: [...(p.querySelector("dt")?.childNodes ?? [])]
              .filter((n) => !(n.nodeType === 1 && n.getAttribute("aria-hidden") === "true"))
              .map((n) => n.textContent)
              .join("")
              .trim(),
            body: p.querySelector("dd")?.textContent.trim() ?? "",
          })),
          widget: s.querySelector(`.feedback[data-question="${CSS.escape(s.id)}"]`) !== null,
          yes: s.querySelector(`.fb-yes[name="vote"][value="${CSS.escape(s.id)}:yes"][form="feedback"]`) !== null,
          no: s.querySelector(`.fb-no[name="vote"][value="${CSS.escape(s.id)}:no"][form="feedback"]`) !== null,
        })),
      );

      assert.equal(sections.length, api.question_count, `${slug}: sections on the page vs API question_count`);
      assert.deepEqual(
        sections.map((s) => s.id),
        api.questions.map((q) => q.id),
        `${slug}: question ids and order on the page vs API`,
      );
      assert.equal(await page.locator("form#feedback").count(), 1, `${slug}: exactly one form#feedback`);

      const problems = [];
      for (const s of sections) {
        if (!s.heading) problems.push(`${s.id}: empty h2`);
        if (!s.why || !s.whyText) problems.push(`${s.id}: missing "Why interviewers ask" text`);
        if (s.dos === 0 || s.donts === 0) problems.push(`${s.id}: dos=${s.dos} donts=${s.donts}`);
        if (s.starLists !== 1) problems.push(`${s.id}: ${s.starLists} dl.star elements`);
        const labels = s.parts.map((p) => p.label);
        if (JSON.stringify(labels) !== JSON.stringify(["Situation", "Task", "Action", "Result"])) {
          problems.push(`${s.id}: STAR labels ${JSON.stringify(labels)}`);
        }
        for (const p of s.parts) if (!p.body) problems.push(`${s.id}: empty ${p.label} part`);
        if (!s.widget || !s.yes || !s.no) problems.push(`${s.id}: feedback widget incomplete`);
      }
      assert.deepEqual(problems, [], `${slug}: ${problems.length} problems`);

      // The question index links to every question's anchor.
      const tocTargets = await page.$$eval("nav.toc a[href^='#']", (as) => as.map((a) => a.getAttribute("href").slice(1)));
      assert.deepEqual(tocTargets, sections.map((s) => s.id), `${slug}: question index vs sections`);
      await page.close();
    });
  }
});

test("question permalink page has the question, the STAR parts, the widget and pager links", { timeout: 60_000 }, async () => {
  const role = await getJson(server, "/api/v1/roles/backend-developer");
  const [first, second] = role.questions;
  const page = await context.newPage();
  const response = await gotoSettled(page, `/questions/${second.id}`);
  assert.equal(response.status(), 200);
  assert.equal((await page.locator("h1").innerText()).trim(), second.question);
  const labels = await page.$$eval("section.question dl.star .star-part dt", (dts) =>
    dts.map((dt) => dt.textContent.replace(/^\s*[STAR]\s+/, "").trim()),
  );
  assert.deepEqual(labels, ["Situation", "Task", "Action", "Result"]);
  assert.equal(await page.locator(`.feedback[data-question="${second.id}"]`).count(), 1);
  assert.equal(await page.locator('a[rel="prev"]').getAttribute("href"), `/questions/${first.id}`);
  assert.equal(await page.locator('a[rel="next"]').getAttribute("href"), `/questions/${role.questions[2].id}`);
  await page.close();
});

test("unknown paths get a useful 404 page", { timeout: 30_000 }, async () => {
  const page = await context.newPage();
  const response = await page.goto("/no/such/page");
  assert.equal(response.status(), 404);
  assert.match(await page.locator("h1").innerText(), /not found/i);
  assert.ok((await page.locator('main a[href^="/roles/"]').count()) >= 1, "404 page should link to the roles");
  assert.equal(await page.locator('main a[href="/"]').count(), 1, "404 page should link home");
  await page.close();
});
