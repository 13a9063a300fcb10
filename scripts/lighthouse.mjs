#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// `make lighthouse`: Lighthouse 12.2.3 (npm devDependency) with Debian's Chromium, mobile
// emulation (Lighthouse's default), over the home, role, question, jobs, job, sign-in and account
// pages of a fresh server (bundled content and sample jobs, --public-url set to its own address,
// as a deployment would); RUNS runs per page (default 3); prints the median of each category and
// of Total Blocking Time and DOM size per page, with the load average before and after (the scores
// move with machine load). Not part of `make test`.
//
// Environment: STARPREP_BINARY (default build/release/starprep), STARPREP_CONTENT (default
// content), STARPREP_CHROMIUM (default /usr/bin/chromium), RUNS, LIGHTHOUSE_JSON (a file for the
// medians as JSON).

import { spawn, execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtemp, rm, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";

const run = promisify(execFile);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const binary = path.resolve(process.env.STARPREP_BINARY || path.join(root, "build/release/starprep"));
const content = path.resolve(process.env.STARPREP_CONTENT || path.join(root, "content"));
const chromium = process.env.STARPREP_CHROMIUM || "/usr/bin/chromium";
const runs = Number(process.env.RUNS || 3);
const lighthouse = path.join(root, "node_modules/.bin/lighthouse");
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitReady(base, deadlineMs = 20_000) {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    try {
      if ((await fetch(base + "/readyz")).status === 200) return;
    } catch {}
    await delay(100);
  }
  throw new Error("the server did not become ready in time");
}

// A signed-in browser's cookies, for the account page.
async function signUp(base) {
  const r = await fetch(base + "/api/v1/auth/signup", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: "lighthouse@example.com", password: "a quiet lighthouse keeper 1987!", display_name: "LH" }),
  });
  if (r.status !== 201) throw new Error(`sign-up failed: ${r.status} ${await r.text()}`);
  return r.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}

function median(values) {
  const v = values.filter((x) => typeof x === "number").sort((a, b) => a - b);
  return v.length ? v[Math.floor(v.length / 2)] : NaN;
}

async function audit(url, cookie, out) {
  const args = [
    url,
    "--quiet",
    "--output=json",
    `--output-path=${out}`,
    `--only-categories=${CATEGORIES.join(",")}`,
    `--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run`,
  ];
  if (cookie) args.push(`--extra-headers=${JSON.stringify({ Cookie: cookie })}`);
  await run(lighthouse, args, { env: { ...process.env, CHROME_PATH: chromium }, maxBuffer: 64 << 20, timeout: 180_000 });
  const report = JSON.parse(await readFile(out, "utf8"));
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, report.categories[c]?.score]));
  const failing = [];
  for (const c of CATEGORIES)
    for (const ref of report.categories[c]?.auditRefs || []) {
      const a = report.audits[ref.id];
      if (ref.weight > 0 && a && a.score !== null && a.score < 0.9) failing.push(`${c}:${ref.id}`);
    }
  return {
    ...scores,
    tbt: report.audits["total-blocking-time"]?.numericValue,
    dom: report.audits["dom-size"]?.numericValue,
    failing,
  };
}

async function main() {
  const dir = await mkdtemp(path.join(tmpdir(), "starprep-lh-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(
    binary,
    ["serve", "--listen", `127.0.0.1:${port}`, "--data", path.join(dir, "data"), "--content", content,
     "--metrics-listen", "off", "--no-access-log", "--public-url", base],
    { stdio: ["ignore", "ignore", "ignore"] },
  );
  const load = [loadavg()];
  try {
    await waitReady(base);
    const cookie = await signUp(base);
    const role = await (await fetch(base + "/api/v1/roles/backend-developer")).json();
    const question = role.questions?.[0]?.id ?? (await (await fetch(base + "/api/v1/roles/backend-developer/questions")).json()).items[0].id;
    const jobs = await (await fetch(base + "/api/v1/jobs?limit=1")).json();
    const pages = [
      ["home", "/"],
      ["role", "/roles/backend-developer"],
      ["question", `/questions/${question}`],
      ["jobs", "/jobs"],
      ["job", `/jobs/${jobs.items[0].id}`],
      ["sign-in", "/signin"],
      ["account", "/account", cookie],
    ];
    const results = [];
    for (const [name, pagePath, pageCookie] of pages) {
      const samples = [];
      for (let i = 0; i < runs; ++i) samples.push(await audit(base + pagePath, pageCookie, path.join(dir, `${name}-${i}.json`)));
      const row = { page: name, path: pagePath };
      for (const c of CATEGORIES) row[c] = median(samples.map((s) => s[c]));
      row.tbt = median(samples.map((s) => s.tbt));
      row.dom = median(samples.map((s) => s.dom));
      row.failing = [...new Set(samples.flatMap((s) => s.failing))];
      results.push(row);
      process.stderr.write(`${name}: done\n`);
    }
    load.push(loadavg());
    const f = (x) => (Number.isFinite(x) ? x.toFixed(2) : "n/a");
    console.log(`Lighthouse 12.2.3, mobile emulation, median of ${runs} runs; load average before ${load[0].map((x) => x.toFixed(2)).join(" ")}, after ${load[1].map((x) => x.toFixed(2)).join(" ")}`);
    console.log("| page | performance | accessibility | best practices | SEO | TBT (ms) | DOM elements | audits below 0.9 |");
    console.log("|---|---|---|---|---|---|---|---|");
    for (const r of results)
      console.log(`| ${r.page} (${r.path.replace(/\/questions\/.*/, "/questions/…").replace(/\/jobs\/\d+/, "/jobs/N")}) | ${f(r.performance)} | ${f(r.accessibility)} | ${f(r["best-practices"])} | ${f(r.seo)} | ${Math.round(r.tbt)} | ${Math.round(r.dom)} | ${r.failing.join(", ") || "none"} |`);
    if (process.env.LIGHTHOUSE_JSON) await writeFile(process.env.LIGHTHOUSE_JSON, JSON.stringify({ load, results }, null, 1));
  } finally {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await Promise.race([exited, delay(15_000)]);
    }
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`lighthouse: ${e.stack || e}`);
  process.exit(1);
});
