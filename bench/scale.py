#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Scale-out benchmark (`make bench-scale`, issue 18 item 9): what SQLite, PostgreSQL, HAProxy
and a second instance change, measured with wrk against real servers in one run.

Usage: bench/scale.py [--rounds N] [--duration S] [--binary PATH] [--port P]

Starts deploy/local-cluster.sh (PostgreSQL 15, instances a and b, HAProxy) and one more instance
on SQLite, then runs, in alternating rounds (medians reported):
  writes     POST /api/v1/questions/{id}/feedback (anonymous votes, 200 visitors with their CSRF
             tokens, flipping yes/no so every request changes a row) and POST /api/v1/me/attempts
             (an API token; coach + seal + insert), each on the SQLite instance and on instance a
             (PostgreSQL), directly;
  page       GET /roles/backend-developer (the cached page) on instance a directly, through
             HAProxy with b in maintenance (1 instance), and through HAProxy with both;
  sign-in    POST /api/v1/auth/signin (argon2id) through HAProxy with 1 and 2 instances. The
             instances trust X-Forwarded-For from loopback (--trusted-proxy 127.0.0.1), so the
             load spreads over 10.x.y.z client addresses and the per-address sign-in bucket (20 a
             minute) does not turn the measurement into a rate-limit test.
Everything runs on loopback and stops at the end (the cluster with `local-cluster.sh stop`).
Prints a Markdown table per group; docs/benchmarks.md records the results.
"""
import argparse, http.client, resource, json, os, re, shutil, socket, statistics, subprocess, sys, tempfile, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
PAGE = "/roles/backend-developer"
PASSWORD = "Vq7!rLp2#xWm9zTk-bench"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(port, method, path, body=None, headers=None):
    """One request; returns (status, headers dict lower-cased (Set-Cookie joined), parsed JSON or None)."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    h = dict(headers or {})
    if body is not None:
        body = json.dumps(body)
        h["Content-Type"] = "application/json"
    c.request(method, path, body, h)
    r = c.getresponse()
    raw = r.read()
    cookies = "; ".join(v.split(";", 1)[0] for k, v in r.getheaders() if k.lower() == "set-cookie")
    try:
        data = json.loads(raw) if raw else None
    except ValueError:
        data = None
    c.close()
    return r.status, cookies, data


def wait_ready(port, proc=None, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            sys.exit(f"bench-scale: the server on port {port} exited during start-up")
        try:
            if call(port, "GET", "/readyz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    sys.exit(f"bench-scale: nothing ready on port {port} within {seconds} s")


def member(port, email):
    """Signs up `email` and returns a write-scoped API token."""
    status, cookies, data = call(port, "POST", "/api/v1/auth/signup", {"email": email, "password": PASSWORD})
    if status != 201:
        sys.exit(f"bench-scale: sign-up on port {port} answered {status}: {data}")
    status, _, tok = call(port, "POST", "/api/v1/me/tokens", {"name": "bench", "scope": "write"},
                          {"Cookie": cookies, "X-CSRF-Token": data["csrf_token"]})
    if status != 201:
        sys.exit(f"bench-scale: token creation on port {port} answered {status}: {tok}")
    return tok["token"]


def visitors(port, n):
    """n anonymous visitors: (cookie header, CSRF token) pairs minted by the server on `port`."""
    out = []
    for _ in range(n):
        status, cookies, data = call(port, "GET", "/api/v1/csrf-token")
        if status != 200:
            sys.exit(f"bench-scale: GET /api/v1/csrf-token on port {port} answered {status}")
        out.append((cookies, data["csrf_token"]))
    return out


def lua_list(items):
    return "{" + ",".join(json.dumps(i) for i in items) + "}"


# wrk Lua scripts: each thread keeps its own counter; requests rotate through the prepared data.
VOTE_LUA = """
local cookies = %s
local tokens = %s
local questions = %s
local n = 0
request = function()
  n = n + 1
  local v = (n %% #cookies) + 1
  local q = (math.floor(n / #cookies) %% #questions) + 1
  local helpful = (math.floor(n / (#cookies * #questions)) %% 2 == 0) and "true" or "false"
  return wrk.format("POST", "/api/v1/questions/" .. questions[q] .. "/feedback",
    {["Content-Type"] = "application/json", ["Cookie"] = cookies[v], ["X-CSRF-Token"] = tokens[v]},
    '{"helpful":' .. helpful .. '}')
end
"""

ATTEMPT_LUA = """
local questions = %s
local answer = %s
local n = 0
request = function()
  n = n + 1
  local q = (n %% #questions) + 1
  return wrk.format("POST", "/api/v1/me/attempts",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer %s"},
    '{"question_id":"' .. questions[q] .. '","answer":' .. answer .. ',"seconds":90}')
end
"""

SIGNIN_LUA = """
local body = %s
request = function()
  local ip = "10." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254)
  return wrk.format("POST", "/api/v1/auth/signin",
    {["Content-Type"] = "application/json", ["X-Forwarded-For"] = ip}, body)
end
"""

ANSWER = ("Last spring our checkout API timed out for 3% of buyers during the evening peak. I was on call, so I "
          "had to find the cause before the holiday sale. I traced the slow requests, found a missing index on "
          "the orders table and added it behind a feature flag. Checkout latency fell from 900 ms to 120 ms and "
          "the timeouts stopped.")


def to_ms(v):
    m = re.match(r"([\d.]+)(us|ms|s|m)$", v)
    if not m:
        return float("nan")
    x, unit = float(m.group(1)), m.group(2)
    return {"us": x / 1000, "ms": x, "s": x * 1000, "m": x * 60000}[unit]


CPU = {}  # process group name -> function returning its pids, set up in main()


def cpu_seconds(pids):
    """User + system CPU seconds of the given processes so far (all their threads)."""
    total = 0
    for pid in pids:
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def wrk(port, seconds, connections, script=None, path="/", headers=()):
    """Runs wrk; returns dict(ok_per_s, p50, p99, bad, cpu) — successful (2xx/3xx) responses per
    second, and the cores each process group kept busy on average while wrk ran."""
    args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for h in headers:
        args += ["-H", h]
    if script:
        args += ["-s", script]
    args.append(f"http://127.0.0.1:{port}{path}")
    before = {name: cpu_seconds(pids()) for name, pids in CPU.items()}
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = {name: (cpu_seconds(pids()) - before[name]) / wall for name, pids in CPU.items()}
    cpu["wrk"] = (after.ru_utime + after.ru_stime - child.ru_utime - child.ru_stime) / wall
    total = int(re.search(r"(\d+) requests in ([\d.]+)(\w+)", out).group(1))
    dur = re.search(r"requests in ([\d.]+)(ms|s|m)", out)
    secs = float(dur.group(1)) * {"ms": 0.001, "s": 1, "m": 60}[dur.group(2)]
    bad = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    errors = sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    lat = dict(re.findall(r"^\s+(50|99)(?:\.000)?%\s+(\S+)", out, re.M))
    return {"ok_per_s": (total - bad) / secs, "p50": to_ms(lat.get("50", "nan")), "p99": to_ms(lat.get("99", "nan")),
            "bad": bad + errors, "cpu": cpu}


def haproxy(sock_path, command):
    with socket.socket(socket.AF_UNIX) as s:
        s.connect(sock_path)
        s.sendall((command + "\n").encode())
        return s.recv(4096).decode()


def table(title, rows, results):
    print(f"\n### {title}\n")
    print("| variant | successful req/s (median) | p50 ms | p99 ms | failed (all rounds) | cores busy (median): "
          "starprep / PostgreSQL / HAProxy / wrk |")
    print("|---|---:|---:|---:|---:|---|")
    for name in rows:
        runs = results[name]
        med = lambda k: statistics.median(r[k] for r in runs)
        busy = lambda g: statistics.median(r["cpu"][g] for r in runs)
        print(f"| {name} | {med('ok_per_s'):.0f} | {med('p50'):.2f} | {med('p99'):.2f} | {sum(r['bad'] for r in runs)} "
              f"| {busy('starprep'):.2f} / {busy('postgres'):.2f} / {busy('haproxy'):.2f} / {busy('wrk'):.2f} |")
    sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--binary", default=os.path.join(ROOT, "build/release/starprep"))
    ap.add_argument("--port", type=int, default=18090, help="HAProxy's port; instances on +1, +2")
    a = ap.parse_args()
    for tool in ("wrk", "haproxy"):
        if not shutil.which(tool):
            sys.exit(f"bench-scale: {tool} not found (scripts/install-deps.sh bench cluster)")

    work = tempfile.mkdtemp(prefix="starprep-scale-", dir="/tmp")
    os.chmod(work, 0o755)
    cluster = os.path.join(work, "cluster")
    # PostgreSQL with its durable defaults (fsync on), like SQLite's synchronous = FULL.
    env = dict(os.environ, PORT=str(a.port), STARPREP_BINARY=a.binary, PG_DURABLE="1")
    lite = None
    print(f"== starprep scale-out benchmark — {time.strftime('%Y-%m-%d %H:%M:%SZ', time.gmtime())}")
    print(f"machine: {os.cpu_count()} CPUs, load average {' '.join(open('/proc/loadavg').read().split()[:3])}")
    print(f"load: wrk -t2 -d{a.duration}s, {a.rounds} rounds alternating; votes/attempts -c16, page -c64, sign-in -c8")
    try:
        subprocess.run([os.path.join(ROOT, "deploy/local-cluster.sh"), "start", cluster], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        front, inst_a = a.port, a.port + 1
        lite_port = free_port()
        lite = subprocess.Popen([a.binary, "serve", "--listen", f"127.0.0.1:{lite_port}", "--metrics-listen", "off",
                                 "--data", os.path.join(work, "sqlite"), "--content", os.path.join(ROOT, "content"),
                                 "--no-access-log", "--max-connections-per-address", "0"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_ready(lite_port, lite)

        def pid_file(name):
            try:
                return [int(open(os.path.join(cluster, f"{name}.pid")).read().split()[0])]
            except (OSError, ValueError, IndexError):
                return []

        def postgres():
            try:
                master = int(open(os.path.join(cluster, "pg/data/postmaster.pid")).readline())
            except (OSError, ValueError):
                return []
            kids = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split()
            return [master] + [int(k) for k in kids]

        CPU.update(starprep=lambda: pid_file("a") + pid_file("b") + [lite.pid], postgres=postgres,
                   haproxy=lambda: pid_file("haproxy"))
        status, _, qs = call(lite_port, "GET", "/api/v1/roles/backend-developer/questions?limit=50")
        questions = [q["id"] for q in qs["items"]]

        scripts = {}
        for name, port in (("SQLite", lite_port), ("PostgreSQL", inst_a)):
            vs = visitors(port, 200)
            path = os.path.join(work, f"vote-{name}.lua")
            with open(path, "w") as f:
                f.write(VOTE_LUA % (lua_list(c for c, _ in vs), lua_list(t for _, t in vs), lua_list(questions)))
            scripts[f"votes, {name}"] = (port, path)
            token = member(port, f"attempts-{name.lower()}@example.org")
            path = os.path.join(work, f"attempt-{name}.lua")
            with open(path, "w") as f:
                f.write(ATTEMPT_LUA % (lua_list(questions), json.dumps(json.dumps(ANSWER)), token))
            scripts[f"attempts, {name}"] = (port, path)
        member(front, "signin@example.org")
        signin = os.path.join(work, "signin.lua")
        with open(signin, "w") as f:
            f.write(SIGNIN_LUA % json.dumps(json.dumps({"email": "signin@example.org", "password": PASSWORD})))
        sock = os.path.join(cluster, "haproxy.sock")

        def one_instance(on):
            haproxy(sock, f"set server starprep/b state {'maint' if on else 'ready'}")
            time.sleep(0.5)

        gzip = "Accept-Encoding: gzip"
        groups = [
            ("Writes on one instance, directly: SQLite vs PostgreSQL",
             [(n, (lambda p=p, s=s: wrk(p, a.duration, 16, script=s))) for n, (p, s) in scripts.items()]),
            ("Cached role page (gzip): one instance directly vs through HAProxy",
             [("instance a directly", lambda: wrk(inst_a, a.duration, 64, path=PAGE, headers=[gzip])),
              ("HAProxy, 1 instance", lambda: (one_instance(True), wrk(front, a.duration, 64, path=PAGE, headers=[gzip]))[1]),
              ("HAProxy, 2 instances", lambda: (one_instance(False), wrk(front, a.duration, 64, path=PAGE, headers=[gzip]))[1])]),
            ("Sign-in (argon2id) through HAProxy: 1 vs 2 instances",
             [("HAProxy, 1 instance", lambda: (one_instance(True), wrk(front, a.duration, 8, script=signin))[1]),
              ("HAProxy, 2 instances", lambda: (one_instance(False), wrk(front, a.duration, 8, script=signin))[1])]),
        ]
        for title, variants in groups:
            results = {name: [] for name, _ in variants}
            for _ in range(a.rounds):
                for name, run in variants:
                    results[name].append(run())
            one_instance(False)
            table(title, [n for n, _ in variants], results)
    finally:
        if lite is not None:
            lite.terminate()
            lite.wait(timeout=30)
        subprocess.run([os.path.join(ROOT, "deploy/local-cluster.sh"), "stop", cluster], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
