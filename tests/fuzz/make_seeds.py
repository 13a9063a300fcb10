#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes the seed corpora of the fuzz targets under tests/fuzz/seeds/<target>/ from the inputs the
unit and integration tests use (bundled content files, the sample job feed, the editor API body of
tests/integration/jobs_test.cpp) plus a few hand-made edge cases. Run from anywhere; it replaces
the generated files (the coach seeds and reproducers named crash-* are left alone).

http_request seeds start with one byte that tells the harness how many bytes to deliver at a time
(0: everything at once). They carry CSRF tokens made with the harness's fixed secret (byte i is
i*7+1): keyed BLAKE2b-256 of "csrf:" + visitor id [+ "." + session], base64url without padding,
which is what http::Csrf computes."""

import base64
import hashlib
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEEDS = ROOT / "tests" / "fuzz" / "seeds"


def write(target, name, data):
    folder = SEEDS / target
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    (folder / name).write_bytes(data)


def clear(target):
    folder = SEEDS / target
    if folder.is_dir():
        for f in folder.iterdir():
            if not f.name.startswith("crash-"):
                f.unlink()


# ------------------------------------------------------------------------------------------------
# http_request

SECRET = bytes((i * 7 + 1) & 0xFF for i in range(32))
VISITOR = "AAAAAAAAAAAAAAAAAAAAAA"  # 22 base64url characters, as Csrf::NewVisitorId makes


def token(visitor, session=""):
    msg = "csrf:" + visitor + ("." + session if session else "")
    mac = hashlib.blake2b(msg.encode(), key=SECRET, digest_size=32).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def request(method, target, headers=(), body=b"", slice_byte=0):
    if isinstance(body, str):
        body = body.encode()
    head = f"{method} {target} HTTP/1.1\r\nHost: localhost\r\n"
    for h in headers:
        head += h + "\r\n"
    if body and not any(h.lower().startswith(("content-length", "transfer-encoding")) for h in headers):
        head += f"Content-Length: {len(body)}\r\n"
    return bytes([slice_byte]) + head.encode() + b"\r\n" + body


def http_seeds():
    t = "http_request"
    clear(t)
    cookie = f"Cookie: sp_vid={VISITOR}; theme=dark"
    form = f"answer=I+rolled+back+the+release%2C+then+fixed+it.&csrf={token(VISITOR)}"
    seeds = {
        "get_home": request("GET", "/"),
        "get_role_query_cookie": request("GET", "/roles/backend-developer?page=2&q=rest%20api+design", [cookie]),
        "get_role_gzip_accept": request("GET", "/roles/backend-developer", ["Accept-Encoding: br, gzip;q=0.5"], slice_byte=7),
        "get_role_unknown_utf8": request("GET", "/roles/%C3%A9t%C3%A9%FF"),
        "get_role_json_error": request("GET", "/roles/nope?page=0", ["Accept: application/json, text/html"]),
        "head_role": request("HEAD", "/roles/backend-developer?page=3"),
        "post_answer_valid_csrf": request("POST", "/questions/q-1/answers",
                                          [cookie, "Content-Type: application/x-www-form-urlencoded"], form),
        "post_answer_session_csrf": request(
            "POST", "/questions/q-1/answers", [f"Cookie: sp_vid={VISITOR}; sp_session=s3ss10n"],
            f"answer=x&csrf={token(VISITOR, 's3ss10n')}", slice_byte=3),
        "post_answer_bad_form": request("POST", "/questions/q-1/answers", [cookie], "answer=%zz&csrf=x"),
        "post_answer_no_csrf": request("POST", "/questions/q-1/answers", [], "answer=hello"),
        "post_answer_chunked": bytes([5]) + (
            "POST /questions/7/answers HTTP/1.1\r\nHost: x\r\n" + cookie + "\r\nTransfer-Encoding: chunked\r\n\r\n"
            f"{len(form):x}\r\n{form}\r\n0\r\n\r\n").encode(),
        "get_jobs_api": request("GET", "/api/v1/jobs?role=backend-developer&limit=50"),
        "get_jobs_api_bad_limit": request("GET", "/api/v1/jobs?limit=9999999999999999999"),
        "post_job_json": request("POST", "/api/v1/jobs", [cookie, f"X-CSRF-Token: {token(VISITOR)}",
                                                          "Content-Type: application/json"],
                                 '{"title":"Backend Engineer","remote":"remote","skills":["Go"]}'),
        "post_job_bad_json": request("POST", "/api/v1/jobs", [cookie, f"X-CSRF-Token: {token(VISITOR)}"], '{"title":'),
        "put_job": request("PUT", "/api/v1/jobs/12", [cookie, f"X-CSRF-Token: {token(VISITOR)}"], "[1,2,3]"),
        "delete_method_not_allowed": request("DELETE", "/api/v1/jobs"),
        "options_unknown": request("OPTIONS", "*"),
        "bad_target_escape": request("GET", "/roles/%4"),
        "relative_target": request("GET", "roles/x"),
        "absolute_form_target": request("GET", "http://localhost/roles/backend-developer"),
        "pipelined": bytes([0]) + request("GET", "/roles/backend-developer?page=1")[1:] +
                     request("GET", "/api/v1/jobs?limit=2", ["Connection: close"])[1:],
        "http10_keepalive": bytes([0]) + b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /x HTTP/1.0\r\n\r\n",
        "obs_fold_header": bytes([0]) + b"GET / HTTP/1.1\r\nHost: a\r\nX-Long: one\r\n two\r\n\r\n",
        "duplicate_content_length": bytes([0]) + b"POST /questions/1/answers HTTP/1.1\r\nHost: a\r\n"
                                    b"Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
        "te_and_cl": bytes([0]) + b"POST /api/v1/jobs HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "chunk_extensions_trailers": bytes([2]) + b"POST /api/v1/jobs HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                                     b"2;name=val\r\n{}\r\n0\r\nX-Trailer: 1\r\n\r\n",
        "partial_header": bytes([0]) + b"GET /roles/backend-developer HTTP/1.1\r\nHost: loc",
        "big_header": request("GET", "/", ["X-Pad: " + "a" * 9000]),
        "big_body": request("POST", "/questions/1/answers", ["Content-Length: 70000"], "answer=" + "b" * 3000),
        "expect_continue": request("POST", "/questions/1/answers", ["Expect: 100-continue", cookie], "answer=x"),
        "many_cookies": request("GET", "/roles/backend-developer",
                                ["Cookie: a=1", "Cookie:  sp_vid = " + VISITOR + " ;b", "cookie: sp_session="]),
    }
    for name, data in seeds.items():
        write(t, name, data)


# ------------------------------------------------------------------------------------------------
# content: first byte 0 = role.md, 1 = a question file

def content_seeds():
    t = "content"
    clear(t)
    roles = sorted((ROOT / "content" / "roles").iterdir())
    for role in roles:
        text = (role / "role.md").read_bytes()
        write(t, f"role_{role.name}", b"\x00" + text)
        questions = sorted((role / "questions").glob("*.md"))
        for q in questions[:3]:
            write(t, f"question_{role.name}_{q.stem}", b"\x01" + q.read_bytes())
    sample = sorted((roles[0] / "questions").glob("*.md"))[0].read_bytes()
    write(t, "question_crlf_bom", b"\x01\xef\xbb\xbf" + sample.replace(b"\n", b"\r\n"))
    write(t, "question_invalid_utf8", b"\x01" + sample.replace(b"e", b"\xc3\x28", 3))
    write(t, "question_yaml_alias", b"\x01---\nid: &a x\nquestion: *a\ncompetencies: [*a, {k: v}]\nkind: !!binary aGk=\n"
                                   b"updated: 2026-02-29\n---\n## Why interviewers ask\n```\n## Task\n")
    write(t, "role_no_front_matter", b"\x00# Just Markdown\n\n<script>alert(1)</script> [x](javascript:alert(1))\n")
    write(t, "role_unterminated", b"\x00---\ntitle: \"unterminated\nsummary: [a, b\n")


# ------------------------------------------------------------------------------------------------
# jobs_feed, jobs_api, html_markdown: from the bundled sample feed and the tests' postings

def job_seeds():
    feed_text = (ROOT / "content" / "jobs" / "sample-jobs.jsonld").read_text()
    feed = json.loads(feed_text)
    postings = [n for n in feed["@graph"] if n.get("@type") == "JobPosting"]

    t = "jobs_feed"
    clear(t)
    write(t, "sample_feed_graph.jsonld", feed_text)
    for i, p in enumerate(postings[:8]):
        write(t, f"posting_{i}.json", json.dumps(p, ensure_ascii=False, indent=1))
    write(t, "array.json", json.dumps(postings[8:12], ensure_ascii=False))
    write(t, "ndjson.ndjson", "\n".join(json.dumps(p, ensure_ascii=False) for p in postings[12:16]) + "\n{broken\n")
    write(t, "html_page.html",
          "<!doctype html><html><head><title>Jobs</title>\n<script type=\"application/ld+json\">" +
          json.dumps(postings[16], ensure_ascii=False) + "</script>\n<SCRIPT TYPE='application/ld+json'>" +
          json.dumps({"@context": "https://schema.org", "@type": "WebPage", "name": "x"}) +
          "</SCRIPT><script>var x = 1;</script></head><body></body></html>")
    tricky = dict(postings[0])
    tricky.update({
        "title": "Senior Back-end Engineer &amp; SRE <b>(Go)</b>",
        "description": "&lt;p&gt;Escaped &amp;amp; HTML&lt;/p&gt;",
        "datePosted": "2026-11-02T23:30:00-05:30",
        "validThrough": "2027-02-28T10:00:00.123+01:00",
        "employmentType": ["full time", "CONTRACTOR"],
        "jobLocation": [{"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": "Zürich",
                                                       "addressRegion": "ZH", "addressCountry": {"name": "CH"}}},
                        "Remote-first office"],
        "applicantLocationRequirements": [{"@type": "AdministrativeArea", "name": "UTC-1 to UTC+3"}, "Poland"],
        "baseSalary": {"@type": "MonetaryAmount", "currency": "eur",
                       "value": {"@type": "QuantitativeValue", "minValue": "70,000", "maxValue": 90000.5,
                                 "unitText": "year"}},
        "hiringOrganization": {"@type": "Organization", "name": "Acme", "sameAs": ["https://acme.example"],
                               "logo": {"@type": "ImageObject", "contentUrl": "https://acme.example/l.png"}},
        "identifier": 12345,
        "skills": ["Go, PostgreSQL", {"name": "Kafka"}, "Go"],
        "@type": ["JobPosting", "https://schema.org/JobPosting"],
    })
    write(t, "tricky_fields.json", json.dumps(tricky, ensure_ascii=False))
    write(t, "nested_graphs.json", json.dumps([{"@graph": [[tricky], {"@graph": postings[20:22]}]}, 5, "x", None]))
    write(t, "bom_and_space.json", "\ufeff  \n" + json.dumps(postings[22], ensure_ascii=False) + "\n ")
    write(t, "empty", "")
    write(t, "not_json", "<<<>>> {[}]")
    # Postings without `url`: the apply-link fallbacks (sameAs, the page's canonical link or
    # og:url, hiringOrganization.url) and the attribute forms the page reader accepts.
    no_url = {k: v for k, v in postings[1].items() if k not in ("url", "identifier")}
    write(t, "no_url_canonical_page.html",
          "<html><head><LINK REL=canonical HREF='https://careers.example/jobs/9?a=1&amp;b=2'>"
          "<meta content=\"https://careers.example/og/9\" property=\"og:url\">"
          "<link rel=\"canonical\" href=\"unterminated\n<script type=\"application/ld+json\">" +
          json.dumps([no_url, dict(no_url, title="Second posting on the page")], ensure_ascii=False) +
          "</script></head><body><link rel=canonical href=https://late.example/></body></html>")
    org_url = dict(no_url, sameAs=["mailto:jobs@acme.example", "https://board.example/7"],
                   applicationContact={"@type": "ContactPoint", "url": "/relative/apply"},
                   hiringOrganization=dict(no_url.get("hiringOrganization", {}), url="https://acme.example/careers"))
    write(t, "no_url_fallbacks.json", json.dumps(org_url, ensure_ascii=False))

    t = "jobs_api"
    clear(t)
    api = {"title": "Editor Backend Engineer", "company": {"name": "Edit Co", "url": "https://edit.example"},
           "remote": "remote", "description": "Made by an *editor*.", "apply_url": "https://edit.example/apply",
           "date_posted": "2026-11-20", "valid_through": "2099-01-01", "employment_type": "CONTRACTOR",
           "salary": {"min": 500, "max": 700, "currency": "EUR", "unit": "DAY"}, "applicant_locations": ["Spain"],
           "skills": ["Go"]}
    write(t, "integration_body.json", json.dumps(api))
    hybrid = dict(api, remote="hybrid", roles=["backend-developer", "devops-engineer", "backend-developer"],
                  offices=[{"locality": "Kraków", "region": None, "country": "PL"}],
                  valid_through="2027-01-31T18:00:00+01:00", source="acme", source_id="a-1",
                  salary={"max": 1e5, "currency": "USD", "unit": "YEAR", "min": None}, company_logo=None)
    del hybrid["company_logo"]
    write(t, "hybrid_roles.json", json.dumps(hybrid, ensure_ascii=False))
    write(t, "minimal_null_optionals.json", json.dumps({
        "title": "Data Engineer", "company": {"name": "D", "url": None, "logo": None}, "remote": "remote",
        "description": "d", "apply_url": "http://d.example/", "date_posted": "2026-01-01T00:00:00Z",
        "valid_through": None, "employment_type": None, "salary": None, "roles": None, "offices": None,
        "skills": None, "applicant_locations": None}))
    write(t, "unknown_field.json", json.dumps(dict(api, bogus=1)))
    write(t, "wrong_types.json", json.dumps(dict(api, title=5, skills="Go", salary={"min": "1"})))
    write(t, "huge_numbers.json", '{"title":"t","company":{"name":"c"},"remote":"remote","description":"d",'
                                  '"apply_url":"https://x.example","date_posted":"9999-12-31","salary":'
                                  '{"min":1e308,"max":1e999,"currency":"EUR","unit":"YEAR"}}')
    write(t, "not_object.json", "[1, \"two\", null]")

    t = "html_markdown"
    clear(t)
    for i, p in enumerate(postings[:12]):
        write(t, f"sample_description_{i}.html", p["description"])
    write(t, "lists_links.html", "<h2>Role</h2><ol><li>One<ul><li><a href=\"https://x.example/a?b=1&amp;c=2\">"
                                 "nested link</a></li><li><a href='javascript:alert(1)'>bad</a></li></ul></li>"
                                 "<li><strong>bold</strong> and <em>em</em><br/>next</li></ol>")
    write(t, "scripts_comments.html", "<p>a<!-- hidden --></p><script>alert('<p>x</p>')</script><STYLE>p{}</STYLE>"
                                      "<template><p>t</p></template><iframe src=x></iframe>after<noscript>n")
    write(t, "entities.html", "&amp;amp; &lt;b&gt; &#x1F600; &#128512; &#xD800; &#0; &#x110000; &nbsp;&apos;&quot;"
                              " &unknown; &#; &#x; & alone &#99999999999;")
    write(t, "not_html.txt", "Salary < 5k > 2k, a<b and 3 <= 4 <> <")
    write(t, "unicode.html", "<p>Zürich – 東京 <b>\u00e9t\u00e9</b></p>\u2028<li>x")
    write(t, "invalid_utf8.html", b"<p>\xff\xfe<b>\xc3</b>\xe2\x82</p>")


# ------------------------------------------------------------------------------------------------
# corrections: bodies of POST /api/v1/coach/corrections (docs/openapi.json), valid and invalid


def correction_seeds():
    t = "corrections"
    clear(t)
    answer = ("While our CRM was being migrated, I was asked to keep downtime at zero. I planned a staged "
              "cut-over and rehearsed it twice. We moved 40,000 records with no outage.")
    s1 = answer.index("I was asked")
    s2 = answer.index("I planned")
    s3 = answer.index("We moved")
    good = {"answer": answer, "question_id": "tell-me-about-a-migration", "share": True,
            "spans": [{"start": 0, "end": s1 - 2, "component": "situation"},
                      {"start": s1, "end": s2 - 1, "component": "task"},
                      {"start": s3, "end": len(answer), "component": "result"}],
            "present": ["task"]}
    write(t, "valid.json", json.dumps(good))
    write(t, "present_only.json", json.dumps({"answer": answer, "share": False, "present": ["situation", "result"]}))
    write(t, "null_optionals.json", json.dumps({"answer": answer, "question_id": None, "spans": None,
                                                "present": ["action"], "share": False}))
    unicode_answer = "Im Büro – 東京 – I led the move. We cut costs by 12 %."
    start = len(unicode_answer[:unicode_answer.index("I led")].encode())
    write(t, "unicode.json", json.dumps({"answer": unicode_answer, "share": True,
                                         "spans": [{"start": start, "end": start + 12, "component": "action"}]},
                                        ensure_ascii=False))
    write(t, "inside_character.json", json.dumps({"answer": "Zürich office", "share": False,
                                                  "spans": [{"start": 2, "end": 5, "component": "other"}]},
                                                 ensure_ascii=False))
    write(t, "overlap.json", json.dumps(dict(good, spans=[{"start": 0, "end": 30, "component": "task"},
                                                          {"start": 20, "end": 40, "component": "action"}])))
    write(t, "outside.json", json.dumps(dict(good, spans=[{"start": 5, "end": 99999, "component": "task"}])))
    write(t, "huge_numbers.json", '{"answer":"a b c","share":true,"spans":[{"start":-9223372036854775808,'
                                  '"end":18446744073709551615,"component":"task"},{"start":1e308,"end":2.5,'
                                  '"component":"result"}]}')
    write(t, "wrong_types.json", json.dumps({"answer": 5, "share": "yes", "spans": {"start": 0},
                                             "present": "task", "extra": 1}))
    write(t, "blank_answer.json", json.dumps({"answer": "   \n\t", "share": False, "present": ["task"]}))
    write(t, "markers_in_answer.json", json.dumps({"answer": "[[situation]] I was [[task]] asked.", "share": True,
                                                   "present": ["result"]}))
    write(t, "crlf_headings.json", json.dumps({"answer": "## Situation\r\nOur shop lost customers.\r\n"
                                                         "## Result\r\nSales rose by a fifth.", "share": True,
                                               "spans": [{"start": 0, "end": 12, "component": "other"}]}))
    write(t, "invalid_utf8.json", b'{"answer":"\xff\xfe broken","share":true,"present":["task"]}')
    write(t, "not_object.json", "[\"answer\", 1]")


# ------------------------------------------------------------------------------------------------
# search_query: what users type into the search box, worst cases included


def search_seeds():
    t = "search_query"
    clear(t)
    for name, text in {
        "empty": "",
        "word": "kafka",
        "typing": "cach",
        "typo": "kuberentes deploymnet",
        "phrase": '"load balancer" jobs',
        "unclosed_phrase": '"zero downtime deploy',
        "quote": '"',
        "star": "*",
        "near": "NEAR(",
        "minus": "-",
        "and": "AND",
        "operators_only": 'NEAR( AND OR NOT - * " ^ : ( ) | & ! <->',
        "fts_syntax": 'title:kafka* AND NOT (redis OR "mem cache") NEAR(a b, 3)',
        "tsquery_syntax": "kafka:* & !redis | 'x' <-> y",
        "unicode": "Résumé Straße — 東京 naïve ÉTÉ",
        "snippet_markers": "use \x01redis\x02 for <b>caching</b> & more",
        "thousand_words": " ".join(f"word{i}" for i in range(1000)),
        "long_phrase": '"' + " ".join(["w"] * 100) + '"',
        "hyphens": "front-end e\u2010mail co\u2011founder - -- a- -a a--b 2-3 remote data-engineer front-e",
        "hyphen_chain": "-".join(["ab"] * 170),
    }.items():
        write(t, name + ".txt", text)
    write(t, "invalid_utf8.txt", b"ab\xff\xfe cd\xc3 \xed\xa0\x80 \xf4\x90\x80\x80 e")
    write(t, "big_100k.txt", ("kafka " * 17000)[:100 * 1024])
    write(t, "big_one_word.txt", "a" * (100 * 1024))


# ------------------------------------------------------------------------------------------------
# guest_token: the first byte is odd for a plaintext the harness seals (its other bits pick the
# step script), even for a raw token. The harness's clock is NOW; the runs start shortly before.

NOW = 1_800_000_000


def guest_run(turns, finished_at=0, created_at=NOW - 100, think=30, answer=120, **extra):
    run = {"role": "backend-developer", "think_seconds": think, "answer_seconds": answer,
           "created_at": created_at, "finished_at": finished_at, "turns": turns}
    run.update(extra)
    return run


def turn(qid, started=0, answer_started=0, ended=0, text="", timed_out=False):
    return {"question_id": qid, "started_at": started, "answer_started_at": answer_started, "ended_at": ended,
            "text": text, "timed_out": timed_out}


def guest_token_seeds():
    t = "guest_token"
    clear(t)
    start = NOW - 100
    answer = "Our deploys failed at random. I traced the race, fixed the lock order, and errors fell by 90%."
    running = guest_run([turn("be-debugging-complex-issue", start, text="Thinking aloud"), turn("be-api-design"),
                         turn("be-on-call-incident")], guest_id="A" * 43)
    second = guest_run([turn("be-debugging-complex-issue", start, start + 5, start + 60, answer),
                        turn("be-api-design", start + 60, text="draft")])
    timed_out = guest_run([turn("q-one", start - 200, 0, start - 50, answer, True), turn("q-two", start)],
                          created_at=start - 200)
    finished = guest_run([turn("q-one", start, 0, start + 40, answer), turn("q-two", start + 40, 0, start + 80, "x"),
                          turn("q-three")], finished_at=start + 80)
    no_think = guest_run([turn("q-one", start), turn("q-two"), turn("q-three")], think=0, answer=30)
    plain = {
        "running": running, "second_question": second, "timed_out": timed_out, "finished": finished,
        "no_think_time": no_think,
        "negative_times": guest_run([turn("q-one", -5, -1, -3)], created_at=-10),
        "huge_times": guest_run([turn("q-one", 9223372036854775807)], created_at=9223372036854775000),
        "int_overflow_timing": guest_run([turn("q-one", start)], think=4294967326, answer=-4294967176),
        "future": guest_run([turn("q-one", NOW + 3600)], created_at=NOW + 3600),
        "too_old": guest_run([turn("q-one", NOW - 90000)], created_at=NOW - 90000),
        "out_of_order": guest_run([turn("q-one"), turn("q-two", start)]),
        "two_open": guest_run([turn("q-one", start), turn("q-two", start + 1)]),
        "ended_before_start": guest_run([turn("q-one", start + 50, 0, start + 10), turn("q-two", start + 60)]),
        "past_deadline": guest_run([turn("q-one", start - 300, 0, start), turn("q-two", start)],
                                   created_at=start - 300),
        "answer_after_think": guest_run([turn("q-one", start, start + 31)]),
        "no_open_question": guest_run([turn("q-one", start, 0, start + 10, "a")]),
        "open_in_finished": guest_run([turn("q-one", start)], finished_at=start + 5),
        "no_turns": guest_run([]),
        "eleven_turns": guest_run([turn("q-one", start)] + [turn("q-%d" % i) for i in range(10)]),
        "bad_ids": guest_run([turn("../Q One<script>", start)], role="Role?x=1", guest_id="not base64!"),
        "wrong_types": {"role": 5, "think_seconds": "30", "answer_seconds": 1.5, "created_at": None,
                        "finished_at": [], "turns": {"0": {}}},
        "turn_not_object": guest_run([1, "two", None]),
        "float_times": guest_run([turn("q-one", float(start))]),
        "unsigned_time": guest_run([turn("q-one", 18446744073709551615)]),
    }
    for name, run in plain.items():
        write(t, name + ".json", b"\x01" + json.dumps(run).encode())
    write(t, "running_steps.json", b"\x2b" + json.dumps(running).encode())
    write(t, "finished_steps.json", b"\x7f" + json.dumps(finished).encode())
    long_text = guest_run([turn("q-one", start, text="word " * 2500)])
    write(t, "long_answer.json", b"\x01" + json.dumps(long_text).encode())
    write(t, "invalid_utf8.json", b"\x01" + json.dumps(running).encode().replace(b"Thinking", b"Th\xff\xfeking"))
    write(t, "escaped_surrogate.json", b"\x01" + json.dumps(running).encode().replace(b"Thinking", b"\\ud800"))
    for name, raw in {"empty_plain": b"\x01", "not_json": b"\x01hello", "array": b"\x01[1,2]",
                      "deep": b"\x01" + b"[" * 5000, "empty_token": b"\x00", "dot": b"\x00.",
                      "no_key": b"\x00.AAAA", "key_only": b"\x001.", "short_body": b"\x001.AAAAAAAA",
                      "next_key": b"\x002." + b"A" * 80, "far_key": b"\x00999999999." + b"A" * 80,
                      "letters_key": b"\x00x1.AAAA", "bad_base64": b"\x001.!!!!====",
                      "huge_token": b"\x001." + b"A" * 50000}.items():
        write(t, name + ".bin", raw)


if __name__ == "__main__":
    http_seeds()
    content_seeds()
    job_seeds()
    correction_seeds()
    search_seeds()
    guest_token_seeds()
    for folder in sorted(SEEDS.iterdir()):
        print(folder.name, len(list(folder.iterdir())), "files")
