// SPDX-License-Identifier: Apache-2.0
// Shared set-up for the browser tests: a real starprep server on an ephemeral port with a fresh
// data directory, and Debian's Chromium driven by playwright-core.
//
// Environment:
//   STARPREP_BINARY   path to the built server (required)
//   STARPREP_CONTENT  bundled content directory (required)
//   STARPREP_E2E_SHOTS  where screenshots go (default /tmp/e2e-shots; never inside the repo)
//   STARPREP_CHROMIUM   Chromium executable (default /usr/bin/chromium)
//   STARPREP_E2E_DATABASE  "postgres": every server gets a fresh PostgreSQL database (created with
//                       psql and `starprep db migrate`, dropped by stopServer) on the test cluster
//                       STARPREP_TEST_POSTGRES names; otherwise SQLite in the data directory
//   STARPREP_PG_BIN     PostgreSQL's programs (default /usr/lib/postgresql/15/bin)
//
// Every wait here is bounded; nothing sleeps without a deadline.

import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { mkdtemp, rm, access, mkdir } from "node:fs/promises";
import { constants as fsConstants } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import assert from "node:assert/strict";
import { AxeBuilder } from "@axe-core/playwright";
import { chromium } from "playwright-core";

export const START_TIMEOUT_MS = 15_000;
export const STOP_TIMEOUT_MS = 10_000;
export const ACTION_TIMEOUT_MS = 10_000;
export const NAVIGATION_TIMEOUT_MS = 15_000;
export const SHOTS_DIR = process.env.STARPREP_E2E_SHOTS || "/tmp/e2e-shots";

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function requiredEnv(name, isPath = true) {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set. Run e.g.: STARPREP_BINARY=build/e2e/starprep STARPREP_CONTENT=content ` +
        "node --test --test-concurrency=1 --test-reporter=spec tests/e2e/",
    );
  }
  return isPath ? path.resolve(value) : value;
}

const run = promisify(execFile);
let databases = 0;

// Runs SQL (our own literal statements) on the test cluster's maintenance database with psql.
async function clusterSql(sql) {
  const bin = process.env.STARPREP_PG_BIN || "/usr/lib/postgresql/15/bin";
  await run(path.join(bin, "psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", requiredEnv("STARPREP_TEST_POSTGRES", false), "-c", sql], { timeout: 30_000 });
}

// With STARPREP_E2E_DATABASE=postgres: a fresh, migrated database of the test cluster for one
// server, as { name, url }; null for SQLite.
async function createDatabase(binary) {
  const backend = process.env.STARPREP_E2E_DATABASE || "sqlite";
  if (backend === "sqlite") return null;
  if (backend !== "postgres") throw new Error(`STARPREP_E2E_DATABASE=${backend}: use postgres or leave it unset`);
  const cluster = requiredEnv("STARPREP_TEST_POSTGRES", false);
  const name = `e2e${process.pid}_${databases++}`; // our own name: letters, digits, underscore
  await clusterSql(`CREATE DATABASE ${name}`);
  const url = `${cluster}${cluster.includes("?") ? "&" : "?"}dbname=${name}`;
  await run(binary, ["db", "migrate", "--database", url], { timeout: 60_000 });
  return { name, url };
}

async function dropDatabase(database) {
  if (database) await clusterSql(`DROP DATABASE IF EXISTS ${database.name} WITH (FORCE)`);
}

// Starts `starprep serve` on 127.0.0.1:0 with a fresh data directory (and database). Resolves once the server
// printed its address and GET /readyz answered 200. Returns a handle for stopServer().
export async function startServer() {
  const binary = requiredEnv("STARPREP_BINARY");
  const content = requiredEnv("STARPREP_CONTENT");
  await access(binary, fsConstants.X_OK).catch(() => {
    throw new Error(`STARPREP_BINARY=${binary} is not an executable file`);
  });
  await access(content).catch(() => {
    throw new Error(`STARPREP_CONTENT=${content} does not exist`);
  });
  const database = await createDatabase(binary);
  const dataDir = await mkdtemp(path.join(tmpdir(), "starprep-e2e-"));
  // No metrics listener: its default port would clash between servers started side by side.
  const args = ["serve", "--listen", "127.0.0.1:0", "--metrics-listen", "off", "--data", dataDir, "--content", content];
  if (database) args.push("--database", database.url);
  const child = spawn(binary, args, {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log = []; // last lines of stdout+stderr, for failure messages
  const remember = (chunk) => {
    for (const line of chunk.toString("utf8").split("\n")) if (line) log.push(line);
    if (log.length > 200) log.splice(0, log.length - 200);
  };
  child.stderr.on("data", remember);
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const server = { child, dataDir, database, log, exited, baseURL: "" };

  try {
    server.baseURL = await new Promise((resolve, reject) => {
      let buffered = "";
      const timer = setTimeout(
        () => reject(new Error(`server did not print "listening on" within ${START_TIMEOUT_MS} ms`)),
        START_TIMEOUT_MS,
      );
      child.stdout.on("data", (chunk) => {
        remember(chunk);
        buffered += chunk.toString("utf8");
        const m = buffered.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.once("error", (err) => {
        clearTimeout(timer);
        reject(err);
      });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`server exited early (code ${code}, signal ${signal})`));
      });
    });

    const deadline = Date.now() + START_TIMEOUT_MS;
    let last = "no answer";
    for (;;) {
      try {
        const r = await fetch(`${server.baseURL}/readyz`, { signal: AbortSignal.timeout(2_000) });
        last = `HTTP ${r.status}`;
        await r.arrayBuffer();
        if (r.status === 200) break;
      } catch (err) {
        last = String(err);
      }
      if (Date.now() > deadline) throw new Error(`/readyz not 200 within ${START_TIMEOUT_MS} ms (last: ${last})`);
      await delay(50);
    }
  } catch (err) {
    child.kill("SIGKILL");
    await Promise.race([exited, delay(STOP_TIMEOUT_MS)]);
    await rm(dataDir, { recursive: true, force: true });
    await dropDatabase(database);
    err.message += `\n--- server output ---\n${log.join("\n")}`;
    throw err;
  }
  return server;
}

// Sends SIGTERM and waits (bounded) for the process to exit; SIGKILLs it after the deadline.
// Returns { code, signal, forced }. Removes the data directory (and drops the database).
export async function stopServer(server) {
  if (!server) return null;
  let result;
  if (server.child.exitCode !== null || server.child.signalCode !== null) {
    result = { ...(await server.exited), forced: false };
  } else {
    server.child.kill("SIGTERM");
    const outcome = await Promise.race([server.exited, delay(STOP_TIMEOUT_MS).then(() => null)]);
    if (outcome) {
      result = { ...outcome, forced: false };
    } else {
      server.child.kill("SIGKILL");
      result = { ...(await Promise.race([server.exited, delay(STOP_TIMEOUT_MS).then(() => ({}))])), forced: true };
    }
  }
  await rm(server.dataDir, { recursive: true, force: true });
  await dropDatabase(server.database);
  return result;
}

// Throws (for an after() hook) if the server did not shut down cleanly on SIGTERM.
export async function stopServerCleanly(server) {
  const r = await stopServer(server);
  if (r && (r.forced || r.code !== 0)) {
    throw new Error(
      `server did not exit cleanly on SIGTERM: ${JSON.stringify(r)}\n--- server output ---\n${server.log.join("\n")}`,
    );
  }
}

// Starts a server and a browser for one test file (stops the server if the browser fails).
export async function startSuite() {
  const server = await startServer();
  try {
    return { server, browser: await launchBrowser() };
  } catch (e) {
    await stopServer(server);
    throw e;
  }
}

// Closes the browser and stops the server, which must exit cleanly on SIGTERM.
export async function stopSuite({ server, browser }) {
  await browser?.close();
  await stopServerCleanly(server);
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.STARPREP_CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: START_TIMEOUT_MS,
  });
}

const noScriptContexts = new WeakSet();

// A new isolated browser context (own cookies = own "browser" for one-vote-per-browser) with
// bounded default timeouts. Options are passed to browser.newContext().
export async function newContext(browser, server, options = {}) {
  const context = await browser.newContext({ baseURL: server.baseURL, ...options });
  if (options.javaScriptEnabled === false) noScriptContexts.add(context);
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
  return context;
}

// GET a JSON document from the server (not through the browser).
export async function getJson(server, urlPath) {
  const r = await fetch(server.baseURL + urlPath, { signal: AbortSignal.timeout(ACTION_TIMEOUT_MS) });
  const text = await r.text();
  if (!r.ok) throw new Error(`GET ${urlPath}: HTTP ${r.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

// Role slugs as linked from the home page, read with a plain HTTP GET.
export async function roleSlugsFromApi(server) {
  const body = await getJson(server, "/api/v1/roles?limit=100");
  return body.items.map((r) => r.slug);
}

// Navigates and waits until the page is settled: the load event, and, when JavaScript is on and
// the page has the feedback widget, the script's initial GET of the role's feedback (it sets
// aria-pressed on every widget).
export async function gotoSettled(page, url) {
  const response = await page.goto(url, { waitUntil: "load" });
  if (noScriptContexts.has(page.context())) return response;
  const enhanced = await page.evaluate(
    () => document.querySelector("form#feedback[data-role]") !== null && document.querySelector(".fb-yes") !== null,
  );
  if (enhanced) {
    await page.waitForSelector(".fb-yes[aria-pressed]", { state: "attached", timeout: ACTION_TIMEOUT_MS }).catch((err) => {
      throw new Error(
        `${url}: app.js did not apply the initial feedback summary (no aria-pressed on .fb-yes) ` +
          `within ${ACTION_TIMEOUT_MS} ms: ${err.message.split("\n")[0]}`,
      );
    });
  }
  return response;
}

// Retries `fn` (which throws on failure, e.g. assert.*) until it passes or `timeout` ms elapse;
// then rethrows the last failure. For values the page updates asynchronously.
export async function eventually(fn, { timeout = ACTION_TIMEOUT_MS, interval = 50 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    await delay(interval);
  }
}

export async function ensureShotsDir() {
  await mkdir(SHOTS_DIR, { recursive: true });
  return SHOTS_DIR;
}

// Reads the integer shown in `selector` inside the element `scope` (a Locator).
export async function readCount(scope, selector) {
  const text = (await scope.locator(selector).textContent()).trim();
  const n = Number.parseInt(text, 10);
  if (!Number.isFinite(n)) throw new Error(`${selector} shows "${text}", not a number`);
  return n;
}

// axe-core rules every page must pass: WCAG 2.0/2.1 A and AA plus axe's best practices. Serious
// and critical violations fail the test; minor and moderate ones are reported as diagnostics of
// the test context `t`.
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
const AXE_BLOCKING = new Set(["serious", "critical"]);

function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 8)
        .map((n) => `    - ${n.target.join(" ")}\n      ${n.html.slice(0, 200)}\n      ${(n.failureSummary || "").replace(/\n/g, "\n      ")}`)
        .join("\n");
      const more = v.nodes.length > 8 ? `\n    … and ${v.nodes.length - 8} more nodes` : "";
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}${more}`;
    })
    .join("\n");
}

// axe's results for `page` with AXE_TAGS. Legacy mode runs axe in the page itself; the default
// opens a blank page per analysis to merge the frames' results (2–3 s each here), which only
// cross-origin iframes need, and our pages have none.
export async function runAxe(page) {
  return new AxeBuilder({ page }).withTags(AXE_TAGS).setLegacyMode(true).analyze();
}

// On the PostgreSQL run (STARPREP_E2E_DATABASE=postgres) axe is skipped: the markup does not
// depend on the backend and the SQLite run checks it; the PostgreSQL run is about the store.
export async function assertNoBlockingViolations(t, page, label) {
  if (process.env.STARPREP_E2E_DATABASE === "postgres") {
    t.diagnostic(`${label}: axe skipped on the PostgreSQL run (the SQLite run checks the same markup)`);
    return;
  }
  const results = await runAxe(page);
  const blocking = results.violations.filter((v) => AXE_BLOCKING.has(v.impact));
  const minor = results.violations.filter((v) => !AXE_BLOCKING.has(v.impact));
  if (minor.length) t.diagnostic(`${label} minor/moderate: ${minor.map((v) => `${v.id}[${v.impact}]`).join(", ")}`);
  assert.ok(results.passes.length > 0, "axe ran no checks at all");
  assert.equal(blocking.length, 0, `${blocking.length} serious/critical axe violations on ${label}:\n${formatViolations(blocking)}`);
}

// assertNoBlockingViolations in the light and then the dark colour scheme; the page is left in
// the light scheme.
export async function assertNoBlockingViolationsLightAndDark(t, page, label) {
  for (const colorScheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme });
    await assertNoBlockingViolations(t, page, `${label} (${colorScheme})`);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

// Presses Tab until the focused element matches `selector`, as a keyboard-only user would; fails
// after `maxTabs` presses.
export async function tabTo(page, selector, maxTabs = 400) {
  for (let i = 0; i < maxTabs; i++) {
    if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector)) return;
    await page.keyboard.press("Tab");
  }
  assert.fail(`Tab never reached ${selector} on ${page.url()}`);
}
