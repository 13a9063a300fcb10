#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Search and suggest latency for queries the server has NEVER answered before (issue 12 item 5,
bench/search_bench.sh's "uncached" rows).

The search service keeps answers per index state, so a rotation of a few fixed queries measures
that cache after its first round. This client instead sends texts that never repeat during the
run: 1-3 words drawn from the words the index holds (the job feed that was imported and the
bundled content), half of the words uniformly from the distinct words and half by how often they
occur (common words match tens of thousands of postings), about a third of the long words with
one typo (a substitution, a deletion or a swap). Suggestions get prefixes (the last word cut to
2 or more characters) and texts of their own. One connection, one request at a time (HTTP/1.1
keep-alive), each request timed from send to the last byte of the answer (so the figures include
the client and the loopback; the server's share is smaller). Deterministic: --seed fixes the texts.

    cold_queries.py --port 8080 --feed jobs.ndjson --content content --duration 10 --kind search
prints one line: "<kind> n <count> p50 <ms> p90 <ms> p99 <ms> max <ms>".
"""
import argparse
import http.client
import json
import random
import re
import sys
import time
import urllib.parse
from pathlib import Path

WORD = re.compile(r"[a-z]+")
TAG = re.compile(r"<[^>]+>")


def words_of(feed: Path, content: Path, limit_lines: int):
    """Word -> occurrences over the feed's titles, companies, descriptions and skills and the
    content's markdown (the indexed text; a few words of markup are harmless)."""
    counts = {}

    def add(text):
        for w in WORD.findall(TAG.sub(" ", text).lower()):
            if 3 <= len(w) <= 14:
                counts[w] = counts.get(w, 0) + 1

    with feed.open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= limit_lines:
                break
            job = json.loads(line)
            add(" ".join([job.get("title", ""), job.get("description", ""),
                          job.get("hiringOrganization", {}).get("name", ""), " ".join(job.get("skills", []) or [])]))
    for md in sorted(content.rglob("*.md")):
        add(md.read_text(encoding="utf-8"))
    return counts


def typo(rng, w):
    i = rng.randrange(len(w) - 1)
    op = rng.randrange(3)
    if op == 0:
        return w[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz") + w[i + 1:]
    if op == 1:
        return w[:i] + w[i + 1:]
    return w[:i] + w[i + 1] + w[i] + w[i + 2:]


def texts(counts, rng, n, prefix):
    distinct = sorted(counts)
    weights = [counts[w] for w in distinct]
    seen = set()
    out = []
    attempts = 0
    while len(out) < n and attempts < n * 50:
        attempts += 1
        k = rng.choice((1, 1, 2, 2, 3))
        ws = []
        for _ in range(k):
            w = rng.choice(distinct) if rng.random() < 0.5 else rng.choices(distinct, weights)[0]
            if len(w) >= 5 and rng.random() < 0.33:
                w = typo(rng, w)
            ws.append(w)
        if prefix:
            last = ws[-1]
            ws[-1] = last[:rng.randrange(2, len(last) + 1)]
        t = " ".join(ws)
        if t not in seen:
            seen.add(t)
            out.append(t)
    return out


def pct(sorted_ms, p):
    if not sorted_ms:
        return float("nan")
    return sorted_ms[min(len(sorted_ms) - 1, int(round(p / 100 * (len(sorted_ms) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--feed", type=Path, required=True)
    ap.add_argument("--content", type=Path, required=True)
    ap.add_argument("--duration", type=float, default=10)
    ap.add_argument("--kind", choices=("search", "suggest"), required=True)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--max", type=int, default=5000, help="texts generated (the run stops when they run out)")
    ap.add_argument("--feed-lines", type=int, default=20000, help="feed lines read for the word list")
    ap.add_argument("--slowest", type=int, default=0, help="also print the N slowest texts (stderr)")
    args = ap.parse_args()

    rng = random.Random(f"{args.seed}-{args.kind}")
    counts = words_of(args.feed, args.content, args.feed_lines)
    todo = texts(counts, rng, args.max, prefix=args.kind == "suggest")
    path = "/api/v1/search?q=" if args.kind == "search" else "/api/v1/search/suggest?q="
    conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
    ms = []
    timed = []
    deadline = time.monotonic() + args.duration
    for t in todo:
        if time.monotonic() >= deadline:
            break
        t0 = time.perf_counter()
        conn.request("GET", path + urllib.parse.quote(t))
        r = conn.getresponse()
        r.read()
        ms.append((time.perf_counter() - t0) * 1000)
        timed.append((ms[-1], t))
        if r.status != 200:
            sys.exit(f"cold_queries: GET {path}{t} answered {r.status}")
    ms.sort()
    for took, t in sorted(timed, reverse=True)[:args.slowest]:
        print(f"  {took:8.2f} ms  {t}", file=sys.stderr)
    print(f"{args.kind} n {len(ms)} p50 {pct(ms, 50):.2f} p90 {pct(ms, 90):.2f} p99 {pct(ms, 99):.2f} "
          f"max {ms[-1] if ms else float('nan'):.2f}")


if __name__ == "__main__":
    main()
