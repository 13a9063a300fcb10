// SPDX-License-Identifier: Apache-2.0
// No console errors, uncaught exceptions, failed requests or Content-Security-Policy violations
// on the home, role and question pages (with the script running and a vote cast).

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
} from "./helpers.mjs";

let server;
let browser;
let urls;
let backend;

before(async () => {
  ({ server, browser } = await startSuite());
  const slugs = await roleSlugsFromApi(server);
  backend = await getJson(server, "/api/v1/roles/backend-developer");
  urls = ["/", ...slugs.map((s) => `/roles/${s}`), `/questions/${backend.questions[0].id}`, `/questions/${backend.questions.at(-1).id}`];
});

after(async () => {
  await stopSuite({ server, browser });
});

// Records everything that would show up red in DevTools for `page`.
async function watch(page) {
  const problems = [];
  page.on("console", (msg) => {
    const where = msg.location()?.url ? ` (at ${msg.location().url})` : "";
    if (msg.type() === "error" || msg.type() === "assert") problems.push(`console.${msg.type()}: ${msg.text()}${where}`);
    else if (msg.type() === "warning" && /Content[- ]Security[- ]Policy|Refused to/i.test(msg.text())) problems.push(`console.warning: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
  page.on("requestfailed", (req) => problems.push(`requestfailed: ${req.method()} ${req.url()} ${req.failure()?.errorText}`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  // CSP violations are also dispatched as DOM events; record them before any page script runs.
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "(inline)"} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return problems;
}

async function cspViolations(page) {
  return page.evaluate(() => window.__cspViolations ?? ["init script did not run"]);
}

test("no console errors or CSP violations on home, role and question pages", { timeout: 300_000 }, async (t) => {
  for (const url of urls) {
    await t.test(url, { timeout: 60_000 }, async () => {
      const context = await newContext(browser, server);
      try {
        const page = await context.newPage();
        const problems = await watch(page);
        const response = await gotoSettled(page, url);
        assert.equal(response.status(), 200);
        const csp = response.headers()["content-security-policy"] ?? "";
        assert.match(csp, /script-src 'self'/, "the page should be served with a CSP");
        assert.doesNotMatch(csp, /unsafe-inline/, "the CSP must not allow unsafe-inline");
        // The enhancement script and stylesheet actually loaded under that CSP.
        const styled = await page.evaluate(() => getComputedStyle(document.querySelector(".skip")).position);
        assert.equal(styled, "absolute", "site.css did not apply");
        assert.deepEqual(await cspViolations(page), [], `CSP violations on ${url}`);
        assert.deepEqual(problems, [], `browser reported problems on ${url}`);
      } finally {
        await context.close();
      }
    });
  }
});

test("no console errors or CSP violations while voting and reloading", { timeout: 60_000 }, async () => {
  const qid = backend.questions[2].id;
  const context = await newContext(browser, server);
  try {
    const page = await context.newPage();
    const problems = await watch(page);
    await gotoSettled(page, "/roles/backend-developer");
    const w = page.locator(`.feedback[data-question="${qid}"]`);
    await w.locator("summary").click();
    await w.locator("textarea").fill("console check");
    await w.locator(".fb-no").click();
    await eventually(async () => assert.equal(await w.locator(".fb-no").getAttribute("aria-pressed"), "true"));
    await page.reload({ waitUntil: "load" });
    await page.waitForSelector(".fb-yes[aria-pressed]", { state: "attached" });
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("the site has an icon, so browsers do not log a 404 for /favicon.ico", { timeout: 30_000 }, async () => {
  // Browsers request /favicon.ico unless the page declares an icon; a 404 there is logged as a
  // console error ("Failed to load resource") on the first page a visitor opens.
  const context = await newContext(browser, server);
  try {
    const page = await context.newPage();
    await gotoSettled(page, "/");
    const declared = await page.evaluate(() =>
      [...document.querySelectorAll('link[rel~="icon"]')].map((l) => l.getAttribute("href")),
    );
    if (declared.length === 0) {
      const r = await fetch(`${server.baseURL}/favicon.ico`, { signal: AbortSignal.timeout(5_000) });
      await r.arrayBuffer();
      assert.ok(
        r.status < 400,
        `no <link rel="icon"> in the page and GET /favicon.ico answers ${r.status}: browsers log a console error`,
      );
    } else {
      for (const href of declared) {
        if (href.startsWith("data:")) continue;
        const r = await page.request.get(href);
        assert.ok(r.ok(), `declared icon ${href} answers ${r.status()}`);
      }
    }
  } finally {
    await context.close();
  }
});
