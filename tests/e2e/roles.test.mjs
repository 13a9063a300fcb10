// SPDX-License-Identifier: Apache-2.0
// Every role linked from the home page shows all of its questions, each with its title (linking to
// the question's own page with the whole STAR answer, why and dos and don'ts), tags, the start of
// its model answer and the feedback widget; the page's JSON-LD keeps every whole answer.

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

test("each role page shows every question with its title, tags and the start of its answer", { timeout: 120_000 }, async (t) => {
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
          titleLink: s.querySelector("h2 a")?.getAttribute("href") ?? "",
          kind: s.querySelector(".tags .kind")?.textContent.trim() ?? "",
          tags: s.querySelectorAll(".tags .tag").length,
          excerpt: s.querySelector(".excerpt")?.textContent.replace(/\s+/g, " ").trim() ?? "",
          more: [...s.querySelectorAll("a")].some((a) => a.getAttribute("href") === `/questions/${s.id}` && /full answer/.test(a.textContent)),
          starLists: s.querySelectorAll("dl.star").length,
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
        if (s.titleLink !== `/questions/${s.id}`) problems.push(`${s.id}: title links to ${JSON.stringify(s.titleLink)}`);
        if (!s.kind || s.tags === 0) problems.push(`${s.id}: kind ${JSON.stringify(s.kind)}, ${s.tags} tags`);
        const words = s.excerpt.replace(/^S?\s*Situation:\s*/, "").replace(/…$/, "").split(" ").filter(Boolean);
        if (!/Situation:/.test(s.excerpt) || words.length === 0 || words.length > 40)
          problems.push(`${s.id}: excerpt of ${words.length} words: ${JSON.stringify(s.excerpt.slice(0, 80))}`);
        if (!s.more) problems.push(`${s.id}: no "full answer" link to its own page`);
        if (s.starLists !== 0) problems.push(`${s.id}: the whole STAR answer is on the role page`);
        if (!s.widget || !s.yes || !s.no) problems.push(`${s.id}: feedback widget incomplete`);
      }
      assert.deepEqual(problems, [], `${slug}: ${problems.length} problems`);

      // Both question indexes (beside the page when wide, folded above the questions when
      // narrow) link to every question's anchor.
      const tocTargets = await page.$$eval("nav.toc a[href^='#']", (as) => as.map((a) => a.getAttribute("href").slice(1)));
      assert.deepEqual(tocTargets, sections.map((s) => s.id), `${slug}: question index vs sections`);
      const foldTargets = await page.$$eval("nav.toc-fold a[href^='#']", (as) => as.map((a) => a.getAttribute("href").slice(1)));
      assert.deepEqual(foldTargets, sections.map((s) => s.id), `${slug}: folded question index vs sections`);

      // The JSON-LD keeps every question with its whole answer (the page shows only the start).
      const ld = JSON.parse(await page.locator('script[type="application/ld+json"]').textContent());
      assert.equal(ld["@type"], "FAQPage");
      assert.deepEqual(ld.mainEntity.map((q) => q.name), api.questions.map((q) => q.question), `${slug}: JSON-LD questions`);
      for (const [i, q] of ld.mainEntity.entries()) {
        const full = q.acceptedAnswer.text.replace(/\s+/g, " ");
        const start = sections[i].excerpt.replace(/^S?\s*Situation:\s*/, "").replace(/…$/, "");
        assert.ok(full.startsWith(start), `${slug} ${sections[i].id}: JSON-LD answer does not start with the excerpt`);
        assert.ok(full.length > start.length + 200, `${slug} ${sections[i].id}: JSON-LD answer is not the whole answer`);
      }
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
