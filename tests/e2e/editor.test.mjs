// SPDX-License-Identifier: Apache-2.0
// The editors' inbox in a real browser: an editor marks two readers' comments addressed with the
// keyboard only (Tab, Space, typing and Enter; no mouse), and axe-core finds nothing blocking on
// the inbox pages in light and dark colour schemes. Screenshots of /editor at 390 and 1280 px go to
// STARPREP_E2E_SHOTS for a human to look at.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import path from "node:path";
import {
  startSuite,
  stopSuite,
  newContext,
  gotoSettled,
  assertNoBlockingViolationsLightAndDark,
  tabTo,
  ensureShotsDir,
} from "./helpers.mjs";

const QUESTION = "be-project-impact";
const PASSWORD = "plum orbit ladder 42";

let server;
let browser;

before(async () => {
  ({ server, browser } = await startSuite());
});

after(async () => {
  await stopSuite({ server, browser });
});

// `starprep user set-role EMAIL ROLE` on the server's data directory (and database).
async function setRole(email, role) {
  const env = { ...process.env };
  if (server.database) env.STARPREP_DATABASE_URL = server.database.url;
  await promisify(execFile)(process.env.STARPREP_BINARY, ["user", "set-role", email, role, "--data", server.dataDir], {
    env,
    timeout: 30_000,
  });
}

// A new visitor's "not helpful" vote with `comment`, through the JSON API.
async function comment(text) {
  const context = await newContext(browser, server);
  try {
    const token = await context.request.get("/api/v1/csrf-token");
    const { csrf_token: csrf } = await token.json();
    const r = await context.request.post(`/api/v1/questions/${QUESTION}/feedback`, {
      headers: { "X-CSRF-Token": csrf },
      data: { helpful: false, comment: text },
    });
    assert.equal(r.status(), 200, await r.text());
  } finally {
    await context.close();
  }
}


test("an editor marks two comments addressed with the keyboard only; axe clean", async (t) => {
  const stamp = Date.now();
  const first = `The result has no number in it (${stamp})`;
  const second = `<b>Which</b> metric fell? (${stamp})`;
  await comment(first);
  await comment(second);

  const context = await newContext(browser, server);
  const page = await context.newPage();
  const email = `editor-${stamp}@example.org`;
  try {
    await gotoSettled(page, "/signup");
    await tabTo(page, "#email");
    await page.keyboard.type(email);
    await tabTo(page, "#password");
    await page.keyboard.type(PASSWORD);
    await tabTo(page, "form.stack-form button[type=submit]");
    await Promise.all([page.waitForURL(/\/progress/), page.keyboard.press("Enter")]);
    const hidden = await page.goto("/editor");
    assert.equal(hidden.status(), 404, "a member does not see the inbox");
    await setRole(email, "editor");

    await gotoSettled(page, "/editor");
    assert.equal(await page.locator("h1").textContent(), "Editor inbox");
    await assertNoBlockingViolationsLightAndDark(t, page, "editor questions");
    const shots = await ensureShotsDir();
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: path.join(shots, `editor-${width}.png`) });
    }
    await page.setViewportSize({ width: 1280, height: 900 });

    await gotoSettled(page, `/editor/comments?state=open&question=${QUESTION}`);
    const label = (text) => page.locator("label.comment-text", { hasText: text });
    assert.equal(await label(second).count(), 1, "the comment's markup shows as text");
    const ids = [await label(first).getAttribute("for"), await label(second).getAttribute("for")];
    await assertNoBlockingViolationsLightAndDark(t, page, "editor comments");
    for (const id of ids) {
      await tabTo(page, `#${id}`);
      await page.keyboard.press("Space");
      assert.equal(await page.locator(`#${id}`).isChecked(), true, id);
    }
    await tabTo(page, "#note");
    await page.keyboard.type("Added the error rate.");
    await tabTo(page, 'button[value="addressed"]');
    await Promise.all([page.waitForURL(/done=2&as=addressed/), page.keyboard.press("Enter")]);
    assert.match(await page.locator(".notice").textContent(), /2 comments marked addressed\./);
    assert.equal(await label(first).count(), 0, "no longer open");

    await gotoSettled(page, `/editor/comments?state=addressed&question=${QUESTION}`);
    assert.equal(await label(first).count(), 1);
    assert.equal(await label(second).count(), 1);
    await assertNoBlockingViolationsLightAndDark(t, page, "editor comments addressed");
    await gotoSettled(page, "/editor/audit");
    assert.equal(await page.locator("td", { hasText: email }).count(), 2);
    await assertNoBlockingViolationsLightAndDark(t, page, "editor audit");
  } catch (e) {
    await page.screenshot({ path: "/tmp/e2e-editor-failure.png", fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await context.close();
  }
});
