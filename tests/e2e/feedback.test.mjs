// SPDX-License-Identifier: Apache-2.0
// "Was this answer helpful?" round trips: enhanced by app.js (JSON API, no page load) and as a
// plain form without JavaScript (POST /feedback, 303 back to page#qid).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  startSuite,
  stopSuite,
  newContext,
  getJson,
  gotoSettled,
  eventually,
  readCount,
  ACTION_TIMEOUT_MS,
} from "./helpers.mjs";

let server;
let browser;
let role;

before(async () => {
  ({ server, browser } = await startSuite());
  role = await getJson(server, "/api/v1/roles/backend-developer");
  assert.ok(role.questions.length >= 4, "backend-developer needs at least 4 questions for these tests");
});

after(async () => {
  await stopSuite({ server, browser });
});

async function counts(widget) {
  return { yes: await readCount(widget, ".fb-n-yes"), no: await readCount(widget, ".fb-n-no") };
}

async function apiCounts(qid) {
  const s = await getJson(server, `/api/v1/questions/${encodeURIComponent(qid)}/feedback`);
  return { yes: s.helpful, no: s.not_helpful };
}

test("vote with JavaScript: counts and aria-pressed update in place, persist, and a changed vote moves", { timeout: 60_000 }, async () => {
  const qid = role.questions[0].id;
  const context = await newContext(browser, server);
  try {
    const page = await context.newPage();
    await gotoSettled(page, "/roles/backend-developer");
    const widget = page.locator(`.feedback[data-question="${qid}"]`);
    const yes = widget.locator(".fb-yes");
    const no = widget.locator(".fb-no");
    const before = await counts(widget);
    assert.notEqual(await yes.getAttribute("aria-pressed"), "true", "Yes must not start pressed in a fresh browser");

    // Detect any navigation: a main-frame navigation event or a lost in-page marker.
    let navigations = 0;
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });
    await page.evaluate(() => {
      window.__noReload = true;
    });
    const urlBefore = page.url();

    const posted = page.waitForResponse(
      (r) => r.request().method() === "POST" && new URL(r.url()).pathname === `/api/v1/questions/${qid}/feedback`,
      { timeout: ACTION_TIMEOUT_MS },
    );
    await yes.click();
    const response = await posted;
    assert.equal(response.status(), 200, `POST feedback answered ${response.status()}: ${await response.text()}`);

    await eventually(async () => {
      assert.deepEqual(await counts(widget), { yes: before.yes + 1, no: before.no }, "counts after Yes");
      assert.equal(await yes.getAttribute("aria-pressed"), "true", "Yes aria-pressed after voting Yes");
      assert.equal(await no.getAttribute("aria-pressed"), "false", "No aria-pressed after voting Yes");
    });
    assert.equal(navigations, 0, "voting with JavaScript must not navigate");
    assert.equal(page.url(), urlBefore);
    assert.equal(await page.evaluate(() => window.__noReload), true, "the page was reloaded");
    assert.match(await widget.locator(".fb-status").innerText(), /saved/i, "status message after a saved vote");
    assert.deepEqual(await apiCounts(qid), { yes: before.yes + 1, no: before.no }, "API summary after Yes");

    // Reload: the server-rendered count includes the vote; the script restores aria-pressed.
    await page.reload({ waitUntil: "load" });
    await page.waitForSelector(".fb-yes[aria-pressed]", { state: "attached" });
    assert.deepEqual(await counts(widget), { yes: before.yes + 1, no: before.no }, "counts after reload");
    await eventually(async () => {
      assert.equal(await yes.getAttribute("aria-pressed"), "true", "Yes aria-pressed restored after reload");
      assert.equal(await no.getAttribute("aria-pressed"), "false");
    });

    // Change the vote: still one vote per browser.
    await no.click();
    await eventually(async () => {
      assert.deepEqual(await counts(widget), { yes: before.yes, no: before.no + 1 }, "counts after changing to No");
      assert.equal(await no.getAttribute("aria-pressed"), "true", "No aria-pressed after changing the vote");
      assert.equal(await yes.getAttribute("aria-pressed"), "false", "Yes aria-pressed after changing the vote");
    });
    assert.deepEqual(await apiCounts(qid), { yes: before.yes, no: before.no + 1 }, "API summary after changing the vote");

    // Voting No again is idempotent.
    const again = page.waitForResponse(
      (r) => r.request().method() === "POST" && new URL(r.url()).pathname === `/api/v1/questions/${qid}/feedback`,
    );
    await no.click();
    assert.equal((await again).status(), 200);
    await eventually(async () => assert.deepEqual(await counts(widget), { yes: before.yes, no: before.no + 1 }));
    assert.deepEqual(await apiCounts(qid), { yes: before.yes, no: before.no + 1 }, "a repeated No must not add a vote");
  } finally {
    await context.close();
  }
});

test("vote with JavaScript on the question permalink page, with a comment", { timeout: 60_000 }, async () => {
  const qid = role.questions[1].id;
  const context = await newContext(browser, server);
  try {
    const page = await context.newPage();
    await gotoSettled(page, `/questions/${qid}`);
    const widget = page.locator(`.feedback[data-question="${qid}"]`);
    const before = await counts(widget);
    await widget.locator("summary").click();
    const textarea = widget.locator("textarea");
    await textarea.fill("Clear answer; a concrete number in the Result would help.");
    const posted = page.waitForRequest(
      (r) => r.method() === "POST" && new URL(r.url()).pathname === `/api/v1/questions/${qid}/feedback`,
    );
    await widget.locator(".fb-yes").click();
    const body = (await posted).postDataJSON();
    assert.deepEqual(body, { helpful: true, comment: "Clear answer; a concrete number in the Result would help." });
    await eventually(async () => {
      assert.deepEqual(await counts(widget), { yes: before.yes + 1, no: before.no });
      assert.equal(await widget.locator(".fb-yes").getAttribute("aria-pressed"), "true");
    });
    assert.equal(await textarea.inputValue(), "", "the comment box is cleared once the vote is saved");
    assert.equal(new URL(page.url()).pathname, `/questions/${qid}`);
  } finally {
    await context.close();
  }
});

test("vote without JavaScript: the form posts, the server redirects to page#qid with updated counts", { timeout: 60_000 }, async () => {
  const qid = role.questions[2].id;
  const context = await newContext(browser, server, { javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await gotoSettled(page, "/roles/backend-developer");
    const widget = page.locator(`.feedback[data-question="${qid}"]`);
    const before = await counts(widget);

    const details = widget.locator("details");
    await details.locator("summary").click();
    assert.equal(await details.evaluate((d) => d.open), true, "the comment <details> opens without JavaScript");
    await widget.locator("textarea").fill("Works without JavaScript too.");

    const redirect = page.waitForResponse(
      (r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/feedback",
    );
    await Promise.all([page.waitForURL((u) => u.hash === `#${qid}`, { waitUntil: "load" }), widget.locator(".fb-no").click()]);
    const r = await redirect;
    assert.equal(r.status(), 303, "POST /feedback should answer 303 See Other");
    assert.equal(r.headers()["location"], `/roles/backend-developer#${qid}`);

    const url = new URL(page.url());
    assert.equal(url.pathname, "/roles/backend-developer");
    assert.ok(page.url().endsWith(`#${qid}`), `URL after the redirect: ${page.url()}`);
    assert.deepEqual(await counts(page.locator(`.feedback[data-question="${qid}"]`)), { yes: before.yes, no: before.no + 1 });
    assert.deepEqual(await apiCounts(qid), { yes: before.yes, no: before.no + 1 });

    // Change the vote without JavaScript: still one per browser.
    await Promise.all([
      page.waitForURL((u) => u.hash === `#${qid}`, { waitUntil: "load" }),
      page.locator(`.feedback[data-question="${qid}"] .fb-yes`).click(),
    ]);
    assert.deepEqual(await counts(page.locator(`.feedback[data-question="${qid}"]`)), { yes: before.yes + 1, no: before.no });
  } finally {
    await context.close();
  }
});

test("vote without JavaScript on the question permalink page returns to the permalink", { timeout: 60_000 }, async () => {
  const qid = role.questions[3].id;
  const context = await newContext(browser, server, { javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await gotoSettled(page, `/questions/${qid}`);
    const widget = page.locator(`.feedback[data-question="${qid}"]`);
    const before = await counts(widget);
    await Promise.all([page.waitForURL((u) => u.hash === `#${qid}`, { waitUntil: "load" }), widget.locator(".fb-yes").click()]);
    assert.equal(new URL(page.url()).pathname, `/questions/${qid}`);
    assert.deepEqual(await counts(page.locator(`.feedback[data-question="${qid}"]`)), { yes: before.yes + 1, no: before.no });
  } finally {
    await context.close();
  }
});

test("a vote cast before the script's initial feedback GET returns is not overwritten by that stale answer", { timeout: 60_000 }, async () => {
  // app.js fetches /api/v1/roles/<slug>/feedback on load and applies it to every widget. On a slow
  // connection a reader can vote before that answer arrives; the older answer must not undo the
  // vote's counts and pressed state on screen.
  const qid = role.questions[4].id;
  const context = await newContext(browser, server);
  try {
    const page = await context.newPage();
    let release;
    const gate = new Promise((resolve) => (release = resolve));
    let fetched;
    const staleReady = new Promise((resolve) => (fetched = resolve));
    await page.route("**/api/v1/roles/*/feedback", async (route) => {
      const response = await route.fetch(); // the server's answer from before the vote
      fetched();
      await Promise.race([gate, new Promise((r) => setTimeout(r, ACTION_TIMEOUT_MS))]);
      await route.fulfill({ response });
    });
    await page.goto("/roles/backend-developer", { waitUntil: "load" });
    await Promise.race([staleReady, new Promise((_, reject) => setTimeout(() => reject(new Error("initial feedback GET never sent")), ACTION_TIMEOUT_MS))]);
    const widget = page.locator(`.feedback[data-question="${qid}"]`);
    const before = await counts(widget);

    const posted = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes(`/api/v1/questions/${qid}/feedback`));
    await widget.locator(".fb-yes").click();
    assert.equal((await posted).status(), 200);
    await eventually(async () => assert.equal(await widget.locator(".fb-yes").getAttribute("aria-pressed"), "true"));

    const delivered = page.waitForResponse((r) => /\/api\/v1\/roles\/[^/]+\/feedback$/.test(new URL(r.url()).pathname));
    release();
    await delivered;
    // The stale body is applied to every widget in one pass: once another question's widget shows
    // it (app.js sets aria-pressed only from a summary), this one's turn has come and gone too.
    const other = role.questions.find((q) => q.id !== qid).id;
    await page.locator(`.feedback[data-question="${other}"] .fb-yes[aria-pressed]`).waitFor({ state: "attached", timeout: ACTION_TIMEOUT_MS });
    assert.deepEqual(await counts(widget), { yes: before.yes + 1, no: before.no }, "counts after the delayed initial GET arrived");
    assert.equal(
      await widget.locator(".fb-yes").getAttribute("aria-pressed"),
      "true",
      "aria-pressed of Yes after the delayed initial GET arrived",
    );
  } finally {
    await context.close();
  }
});
