// SPDX-License-Identifier: Apache-2.0
// Two instances behind HAProxy on one PostgreSQL, started by deploy/local-cluster.sh exactly as
// `make cluster` starts them, and the failures a deployment must survive:
//   - the site works through HAProxy, and a session and its CSRF token work on both instances;
//   - a vote through instance A shows on instance B's (cached) question page within a second;
//   - SIGKILL of one instance under load: no more failed requests than were in flight at the
//     kill, and every request sent once HAProxy has had time to notice succeeds;
//   - a rolling restart (local-cluster.sh rolling-restart: SIGTERM, drain, restart, wait UP, for
//     each instance in turn) under load: no failed request.
// The load client is Node's own HTTP client with keep-alive connections (one request at a time
// per connection), which records when each request started and ended, so failures can be set
// against the moment of the kill. Every wait is bounded.
//
// Environment: STARPREP_BINARY (required), STARPREP_CLUSTER_DIR (default: a new /tmp directory).
// Needs haproxy and postgresql-15 (scripts/install-deps.sh test installs them).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, chmod } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as delay } from "node:timers/promises";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SCRIPT = path.join(ROOT, "deploy/local-cluster.sh");
const DRAIN_SECONDS = 3; // deploy/haproxy.cfg needs more than 2.5 s to mark a draining instance DOWN
const REQUEST_TIMEOUT_MS = 10_000;
const CONCURRENCY = 8; // load connections to HAProxy
// After a kill, HAProxy marks the instance DOWN at its first refused connection (observe layer4)
// or after two failed checks (inter 1 s, fastinter 250 ms): 2 s covers both with a margin.
const NOTICE_MS = 2_000;

let dir;
let port;
let ownDir = false;

// Runs deploy/local-cluster.sh ACTION DIR; rejects with its output on failure or after `timeoutMs`.
function cluster(action, timeoutMs = 120_000) {
  return new Promise((resolve, reject) => {
    execFile(
      SCRIPT,
      [action, dir],
      { env: { ...process.env, PORT: String(port), DRAIN_SECONDS: String(DRAIN_SECONDS) }, timeout: timeoutMs },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`local-cluster.sh ${action} failed: ${err.message}\n${stdout}\n${stderr}`));
        else resolve(stdout);
      },
    );
  });
}

async function portFree(p) {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once("error", () => resolve(false));
    s.listen(p, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

// A base port whose 10 ports (HAProxy, instances, metrics, stats) are all free.
async function freeBasePort() {
  for (let attempt = 0; attempt < 50; ++attempt) {
    const base = 20_000 + 10 * Math.floor(Math.random() * 3_000);
    let free = true;
    for (let p = base; p < base + 10 && free; ++p) free = await portFree(p);
    if (free) return base;
  }
  throw new Error("no 10 consecutive free ports found");
}

const haproxyUrl = () => `http://127.0.0.1:${port}`;
const instanceUrl = (name) => `http://127.0.0.1:${port + (name === "a" ? 1 : 2)}`;
const pidOf = async (name) => Number((await readFile(path.join(dir, `${name}.pid`), "utf8")).trim());

// One HTTP request; resolves to { status, headers, body } (the body as text).
function request(base, method, target, { headers = {}, body, agent } = {}) {
  return new Promise((resolve, reject) => {
    const url = new URL(target, base);
    const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: {
          ...(payload !== undefined ? { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload) } : {}),
          ...headers,
        },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

// The cookies a response sets, as a "name=value; ..." request header merged into `jar` (a Map).
function keepCookies(jar, res) {
  for (const line of res.headers["set-cookie"] || []) {
    const [pair] = line.split(";");
    const eq = pair.indexOf("=");
    jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return jar;
}
const cookieHeader = (jar) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

// A visitor (sp_vid cookie) and its CSRF token, from `base`.
async function visitor(base, agent) {
  const jar = new Map();
  const res = await request(base, "GET", "/api/v1/csrf-token", { agent });
  assert.equal(res.status, 200, res.body);
  keepCookies(jar, res);
  return { jar, token: JSON.parse(res.body).csrf_token };
}

function vote(base, qid, who, helpful, agent) {
  return request(base, "POST", `/api/v1/questions/${encodeURIComponent(qid)}/feedback`, {
    agent,
    headers: { Cookie: cookieHeader(who.jar), "X-CSRF-Token": who.token },
    body: { helpful },
  });
}

// The "found it helpful" count on a question page.
function helpfulCount(html) {
  const m = html.match(/<span class="fb-n-yes">(\d+)<\/span>/);
  assert.ok(m, "no helpful count on the question page");
  return Number(m[1]);
}

// Keep-alive load on HAProxy: CONCURRENCY loops, each with one request at a time, a mix of
// pages, the JSON API and votes (POST: not replayed by HAProxy). Every request is recorded.
class Load {
  constructor(questions) {
    this.questions = questions;
    this.records = [];
    this.stopped = false;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  }

  async start() {
    const voters = [];
    for (let i = 0; i < CONCURRENCY; ++i) voters.push(await visitor(haproxyUrl(), this.agent));
    this.loops = voters.map((who, i) => this.loop(who, i));
  }

  async loop(who, i) {
    for (let n = 0; !this.stopped; ++n) {
      const qid = this.questions[(i + n) % this.questions.length];
      const kind = n % 5;
      const started = performance.now();
      let status = 0;
      let error = "";
      try {
        const res =
          kind === 0
            ? await request(haproxyUrl(), "GET", "/", { agent: this.agent })
            : kind === 1
              ? await request(haproxyUrl(), "GET", "/roles/backend-developer", { agent: this.agent })
              : kind === 2
                ? await request(haproxyUrl(), "GET", `/questions/${encodeURIComponent(qid)}`, { agent: this.agent })
                : kind === 3
                  ? await request(haproxyUrl(), "GET", "/api/v1/roles", { agent: this.agent })
                  : await vote(haproxyUrl(), qid, who, n % 2 === 0, this.agent);
        status = res.status;
      } catch (err) {
        error = err.code || err.message;
      }
      this.records.push({ started, ended: performance.now(), status, error, method: kind === 4 ? "POST" : "GET" });
    }
  }

  async stop() {
    this.stopped = true;
    await Promise.all(this.loops);
    this.agent.destroy();
    return this.records;
  }
}

// HAProxy's retry and redispatch counters of the starprep backend, from its stats CSV.
async function haproxyRetries() {
  const csv = (await request(`http://127.0.0.1:${port + 9}`, "GET", "/;csv")).body.split("\n");
  const fields = csv[0].replace(/^# /, "").split(",");
  const row = csv.map((line) => line.split(",")).find((f) => f[0] === "starprep" && f[1] === "BACKEND");
  assert.ok(row, "no starprep backend in HAProxy's stats");
  const at = (name) => Number(row[fields.indexOf(name)]);
  return { retries: at("wretr"), redispatches: at("wredis") };
}

const failed = (records) => records.filter((r) => r.status < 200 || r.status > 299);
const describe = (r) => `${r.method} ${r.status || r.error} at ${Math.round(r.started)}..${Math.round(r.ended)} ms`;

let questions;

before(async () => {
  assert.ok(process.env.STARPREP_BINARY, "set STARPREP_BINARY to the built server (build/release/starprep)");
  port = await freeBasePort();
  if (process.env.STARPREP_CLUSTER_DIR) {
    dir = process.env.STARPREP_CLUSTER_DIR;
  } else {
    dir = await mkdtemp("/tmp/starprep-cluster-test-"); // under /tmp: `nobody` runs PostgreSQL when root
    await chmod(dir, 0o755);
    ownDir = true;
  }
  await cluster("start");
  const role = JSON.parse((await request(haproxyUrl(), "GET", "/api/v1/roles/backend-developer")).body);
  questions = role.questions.map((q) => q.id);
  assert.ok(questions.length >= 4);
});

after(async () => {
  if (!dir) return;
  await cluster("stop", 60_000).catch((err) => console.error(err.message));
  if (ownDir) await rm(dir, { recursive: true, force: true });
});

test("the site works through HAProxy, and a session and its CSRF token work on both instances", async () => {
  const home = await request(haproxyUrl(), "GET", "/");
  assert.equal(home.status, 200);
  assert.match(home.body, /<html/);
  const rolePage = await request(haproxyUrl(), "GET", "/roles/backend-developer");
  assert.equal(rolePage.status, 200);
  assert.match(rolePage.body, /Back-end/);

  const email = `cluster-${Date.now()}@example.org`;
  const password = "velvet-orbit-Quasar-8812";
  const signup = await request(haproxyUrl(), "POST", "/api/v1/auth/signup", {
    body: { email, password, display_name: "Cluster Test" },
  });
  assert.equal(signup.status, 201, signup.body);
  const signin = await request(haproxyUrl(), "POST", "/api/v1/auth/signin", { body: { email, password } });
  assert.equal(signin.status, 200, signin.body);
  const jar = keepCookies(new Map(), signin);
  assert.ok(jar.has("sp_session"), "sign-in set no session cookie");
  for (const name of ["a", "b"]) {
    const me = await request(instanceUrl(name), "GET", "/api/v1/me", { headers: { Cookie: cookieHeader(jar) } });
    assert.equal(me.status, 200, `instance ${name} does not know the session: ${me.body}`);
    assert.equal(JSON.parse(me.body).email, email);
  }
  // The token from sign-in (through either instance) is accepted by each instance: one CSRF secret.
  const who = { jar, token: JSON.parse(signin.body).csrf_token };
  for (const name of ["a", "b"]) {
    const res = await vote(instanceUrl(name), questions[0], who, true);
    assert.equal(res.status, 200, `instance ${name} refused the CSRF token: ${res.body}`);
  }
});

test("a vote through instance A shows on instance B's question page within a second", async (t) => {
  const qid = questions[1];
  const page = `/questions/${encodeURIComponent(qid)}`;
  await request(instanceUrl("b"), "GET", page); // cached on B from here on
  const before = helpfulCount((await request(instanceUrl("b"), "GET", page)).body);

  const who = await visitor(instanceUrl("a"));
  const res = await vote(instanceUrl("a"), qid, who, true);
  assert.equal(res.status, 200, res.body);
  assert.equal(JSON.parse(res.body).helpful, before + 1);
  const voted = performance.now();

  let seen = before;
  while (performance.now() - voted < 1_000) {
    seen = helpfulCount((await request(instanceUrl("b"), "GET", page)).body);
    if (seen === before + 1) break;
    await delay(20);
  }
  const took = performance.now() - voted;
  t.diagnostic(`vote on A visible on B's page after ${took.toFixed(0)} ms`);
  assert.equal(seen, before + 1, `instance B still shows ${seen} helpful votes 1 s after the vote on A`);
});

test("SIGKILL of one instance under load fails no more requests than were in flight, and none later", async (t) => {
  const load = new Load(questions);
  await load.start();
  await delay(1_500);
  const victim = await pidOf("b");
  const killedAt = performance.now();
  process.kill(victim, "SIGKILL");
  await delay(NOTICE_MS + 2_000);
  const records = await load.stop();

  const inFlight = records.filter((r) => r.started <= killedAt && r.ended >= killedAt).length;
  const failures = failed(records);
  const late = records.filter((r) => r.started > killedAt + NOTICE_MS);
  t.diagnostic(
    `${records.length} requests in ${((records.at(-1).ended - records[0].started) / 1000).toFixed(1)} s; ` +
      `${inFlight} in flight at the kill (on either instance); ${failures.length} failed` +
      (failures.length ? ` (kill at ${Math.round(killedAt)} ms): ${failures.map(describe).join(", ")}` : "") +
      `; ${late.length} sent more than ${NOTICE_MS} ms after the kill`,
  );
  assert.ok(records.filter((r) => r.ended < killedAt && r.status === 200).length > 0, "no request succeeded before the kill");
  assert.ok(failures.length <= inFlight, `${failures.length} failures but only ${inFlight} requests were in flight at the kill`);
  assert.ok(late.length > 0, "no request was sent after HAProxy had time to notice");
  assert.deepEqual(failed(late), [], "requests sent after HAProxy noticed must all succeed");

  await cluster("start"); // brings instance b back and waits until HAProxy has it UP
  assert.notEqual(await pidOf("b"), victim);
});

test("a rolling restart of both instances under load fails no request", async (t) => {
  const before = { a: await pidOf("a"), b: await pidOf("b") };
  const retriesBefore = await haproxyRetries();
  const load = new Load(questions);
  await load.start();
  await delay(1_000);
  const began = performance.now();
  await cluster("rolling-restart", 120_000);
  const restartMs = performance.now() - began;
  await delay(1_000);
  const records = await load.stop();
  const retriesAfter = await haproxyRetries();

  const failures = failed(records);
  const during = records.filter((r) => r.started >= began && r.started <= began + restartMs);
  t.diagnostic(
    `rolling restart took ${(restartMs / 1000).toFixed(1)} s; ${records.length} requests in all, ` +
      `${during.length} sent during the restart (${records.filter((r) => r.method === "POST").length} votes in all); ` +
      `${failures.length} failed` + (failures.length ? `: ${failures.slice(0, 10).map(describe).join(", ")}` : "") +
      `; HAProxy retries ${retriesAfter.retries - retriesBefore.retries}, ` +
      `redispatches ${retriesAfter.redispatches - retriesBefore.redispatches}`,
  );
  assert.notEqual(await pidOf("a"), before.a, "instance a was not restarted");
  assert.notEqual(await pidOf("b"), before.b, "instance b was not restarted");
  assert.ok(during.length > 100, `only ${during.length} requests during the restart: the load did not run`);
  assert.deepEqual(failures.map(describe), [], "no request may fail during a rolling restart");
  // The drain took each instance out of rotation before its listener closed: HAProxy never had to
  // retry a request elsewhere (without --drain-seconds its retries hide the gap, but they count).
  assert.deepEqual(retriesAfter, retriesBefore, "HAProxy sent requests to an instance that had stopped listening");
});
