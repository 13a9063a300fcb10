#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Latency of GET /healthz while clients flood sign-up (issue 11: hashing off the I/O threads).

Usage: bench/signup_flood.py BINARY [CLIENTS] [SECONDS]
Starts BINARY serve on a free loopback port with a temporary data dir, runs CLIENTS threads that
sign up new accounts back to back for SECONDS, and one thread that GETs /healthz every 20 ms;
prints the sign-up outcomes and the median, p99 and max of /healthz. Bounded in time; loopback.
"""
import http.client, json, os, re, shutil, subprocess, sys, tempfile, threading, time

binary = sys.argv[1]
clients = int(sys.argv[2]) if len(sys.argv) > 2 else 8
seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 5.0
content = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "content")
data = tempfile.mkdtemp(prefix="flood-")
proc = subprocess.Popen([binary, "serve", "--listen", "127.0.0.1:0", "--data", data, "--content", content,
                         "--no-access-log"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
try:
    port = int(re.search(r":(\d+)", proc.stdout.readline()).group(1))
    for _ in range(300):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2); c.request("GET", "/readyz")
            if c.getresponse().status == 200: break
        except OSError: pass
        time.sleep(0.1)
    stop = time.monotonic() + seconds
    outcomes, lat, lock = {}, [], threading.Lock()

    def signup(n):
        i = 0
        while time.monotonic() < stop:
            i += 1
            body = json.dumps({"email": f"flood{n}-{i}@example.org", "password": "Vq7!rLp2#xWm9zTk-flood"})
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
                c.request("POST", "/api/v1/auth/signup", body, {"Content-Type": "application/json"})
                s = c.getresponse().status
            except OSError as e:
                s = type(e).__name__
            with lock: outcomes[s] = outcomes.get(s, 0) + 1

    def health():
        while time.monotonic() < stop:
            t = time.monotonic()
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=15); c.request("GET", "/healthz")
                c.getresponse().read()
                lat.append(time.monotonic() - t)
            except OSError:
                lat.append(float("inf"))
            time.sleep(0.02)

    threads = [threading.Thread(target=signup, args=(n,)) for n in range(clients)] + [threading.Thread(target=health)]
    for t in threads: t.start()
    for t in threads: t.join()
    lat.sort()
    q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000
    print(f"clients={clients} seconds={seconds} signups={dict(sorted(outcomes.items(), key=str))} "
          f"healthz n={len(lat)} p50={q(0.5):.1f}ms p99={q(0.99):.1f}ms max={lat[-1]*1000:.1f}ms")
finally:
    proc.terminate(); proc.wait(timeout=30); shutil.rmtree(data, ignore_errors=True)
