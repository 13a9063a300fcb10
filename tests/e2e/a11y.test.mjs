// SPDX-License-Identifier: Apache-2.0
// axe-core on every page type, in light and dark colour schemes: no serious or critical
// violations of WCAG 2.0/2.1 A and AA or axe's best practices.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  startSuite,
  stopSuite,
  newContext,
  getJson,
  roleSlugsFromApi,
  gotoSettled,
  eventually,
  assertNoBlockingViolations,
} from "./helpers.mjs";

let server;
let browser;
let pages; // [{ name, url, status, prepare? }]

before(async () => {
  ({ server, browser } = await startSuite());
  const slugs = await roleSlugsFromApi(server);
  const backend = await getJson(server, "/api/v1/roles/backend-developer");
  const qid = backend.questions[0].id;
  pages = [
    { name: "home", url: "/", status: 200 },
    ...slugs.map((slug) => ({ name: `role ${slug}`, url: `/roles/${slug}`, status: 200 })),
    { name: "question", url: `/questions/${qid}`, status: 200 },
    {
      // The same page in its interactive states: comment box open, a vote saved, status shown.
      name: "question (voted, comment open)",
      url: `/questions/${backend.questions[1].id}`,
      status: 200,
      prepare: async (page) => {
        const id = backend.questions[1].id;
        const w = page.locator(`.feedback[data-question="${id}"]`);
        await w.locator("summary").click();
        await w.locator("textarea").fill("axe check");
        await w.locator(".fb-yes").click();
        await eventually(async () => assert.equal(await w.locator(".fb-yes").getAttribute("aria-pressed"), "true"));
      },
    },
    { name: "404", url: "/no/such/page", status: 404 },
  ];
});

after(async () => {
  await stopSuite({ server, browser });
});

for (const colorScheme of ["light", "dark"]) {
  test(`axe: no serious or critical violations (${colorScheme})`, { timeout: 1_200_000 }, async (t) => {
    for (const p of pages) {
      await t.test(`${p.name} ${p.url} (${colorScheme})`, { timeout: 120_000 }, async () => {
        const context = await newContext(browser, server, { colorScheme });
        try {
          const page = await context.newPage();
          await page.emulateMedia({ colorScheme });
          const response = await gotoSettled(page, p.url);
          assert.equal(response.status(), p.status, `GET ${p.url}`);
          const dark = await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches);
          assert.equal(dark, colorScheme === "dark", "colour scheme emulation is not in effect");
          if (p.prepare) await p.prepare(page);
          await assertNoBlockingViolations(t, page, `${p.url} (${colorScheme})`);
        } finally {
          await context.close();
        }
      });
    }
  });
}
