#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Synthetic job feed for benchmarks: N schema.org JobPosting nodes as NDJSON (one per line),
in the format `starprep jobs import` reads. Deterministic: the same --count, --seed and --today
give the same bytes.

All text is our own invention, assembled from the phrase lists below: varied titles (six role
families, seniority levels, specialities), invented companies, skills drawn from the bundled
roles' skill lists (content/roles/*/role.md) plus common technologies, remote or hybrid (with an
office), salaries in eight currencies and four units (some postings have none), employment types,
posting dates over the last 120 days and valid-through dates, about 15 % of them already expired
at --today (and some open-ended).

    bench/gen_jobs.py --count 100000 --seed 1 > /tmp/jobs-100k.ndjson
    starprep jobs import --data DIR /tmp/jobs-100k.ndjson
"""
import argparse
import datetime
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FAMILIES = {
    "backend": (["Backend Engineer", "Back-end Developer", "Server Engineer", "API Engineer", "Platform Engineer"],
                ["Go", "Java", "Kotlin", "Python", "Rust", "C++", "Node.js", "PostgreSQL", "Kafka", "gRPC", "Redis"]),
    "frontend": (["Frontend Engineer", "Front-end Developer", "UI Engineer", "Web Developer"],
                 ["React", "TypeScript", "Vue", "Svelte", "CSS", "accessibility", "web performance", "Next.js"]),
    "data": (["Data Engineer", "Analytics Engineer", "Data Platform Engineer", "ETL Developer"],
             ["SQL", "Spark", "Airflow", "dbt", "Snowflake", "BigQuery", "Flink", "Kafka", "Python"]),
    "devops": (["DevOps Engineer", "Site Reliability Engineer", "Infrastructure Engineer", "Cloud Engineer"],
               ["Kubernetes", "Terraform", "AWS", "GCP", "Azure", "Prometheus", "Ansible", "Linux", "CI/CD"]),
    "manager": (["Engineering Manager", "Head of Engineering", "Team Lead", "Director of Engineering"],
                ["hiring", "delivery", "people leadership", "technical strategy", "coaching", "roadmaps"]),
    "product": (["Product Manager", "Product Owner", "Technical Product Manager", "Group Product Manager"],
                ["user research", "roadmaps", "metrics and analytics", "pricing", "discovery", "experimentation"]),
}
LEVELS = ["", "", "Junior ", "Senior ", "Senior ", "Staff ", "Principal ", "Lead "]
SPECIALITIES = ["", "", "", " (Payments)", " (Search)", " (Growth)", " (Billing)", " (Identity)", " (Logistics)",
                " (Mobile API)", " (Healthcare)", " (Observability)", " (Machine Learning)", " (Marketplace)"]
COMPANY_A = ["Quill", "Cobalt", "Sundial", "Amber", "Granite", "Harbor", "Juniper", "Lumen", "Meadow", "Nimbus",
             "Orchid", "Pebble", "Quartz", "Raven", "Saffron", "Tidal", "Umber", "Velvet", "Willow", "Zephyr",
             "Brightline", "Copper", "Driftwood", "Ember", "Fjord", "Gull", "Hazel", "Indigo", "Kestrel", "Larch"]
COMPANY_B = ["Labs", "Systems", "Health", "Payments", "Logistics", "Analytics", "Cloud", "Works", "Energy",
             "Robotics", "Learning", "Finance", "Travel", "Foods", "Media", "Insurance", "Mobility", "Security"]
DOMAINS = ["small-business invoicing", "hospital scheduling", "freight tracking", "school timetables",
           "energy trading", "insurance claims", "restaurant ordering", "fleet maintenance", "clinical trials",
           "grocery delivery", "music licensing", "solar installations", "warehouse robotics", "tax filing",
           "bike sharing", "veterinary records", "event ticketing", "language learning", "home insurance"]
DUTIES = ["design and run services behind a versioned REST API", "tune slow queries and schema migrations",
          "take part in a calm on-call rotation", "write design notes before code and review them together",
          "own the deployment pipeline end to end", "mentor two engineers new to the team",
          "pair with product on the next quarter's roadmap", "make the test suite fast and trustworthy",
          "move batch jobs to streaming where it pays off", "keep the error budget healthy",
          "build dashboards the support team actually uses", "cut our cloud bill without cutting corners",
          "lead incident reviews without blame", "ship accessible interfaces that work on slow phones",
          "run interviews and improve our hiring loop", "measure what users do and decide what to build"]
PERKS = ["We keep meetings to the mornings.", "Four-day weeks in August.", "A yearly learning budget.",
         "Hardware of your choice.", "Parental leave beyond the legal minimum.", "A team that writes things down.",
         "No on-call outside working hours.", "Quarterly meet-ups in a different city."]
COUNTRIES = ["Germany", "Netherlands", "Poland", "Spain", "Portugal", "France", "United Kingdom", "Ireland",
             "Sweden", "Canada", "United States", "Australia", "Switzerland", "Italy", "Austria"]
CITIES = {"Germany": "Berlin", "Netherlands": "Amsterdam", "Poland": "Warsaw", "Spain": "Madrid",
          "Portugal": "Lisbon", "France": "Paris", "United Kingdom": "London", "Ireland": "Dublin",
          "Sweden": "Stockholm", "Canada": "Toronto", "United States": "Austin", "Australia": "Sydney",
          "Switzerland": "Zurich", "Italy": "Milan", "Austria": "Vienna"}
# currency, yearly range (thousands), share of postings
CURRENCIES = [("EUR", 45, 140), ("USD", 70, 220), ("GBP", 40, 130), ("CAD", 70, 180), ("AUD", 80, 200),
              ("CHF", 90, 200), ("PLN", 120, 400), ("SEK", 450, 1100)]
UNITS = [("YEAR", 1), ("YEAR", 1), ("YEAR", 1), ("YEAR", 1), ("MONTH", 12), ("DAY", 260), ("HOUR", 2080)]
EMPLOYMENT = ["FULL_TIME"] * 7 + ["PART_TIME", "CONTRACTOR", "CONTRACTOR", "TEMPORARY", "INTERN"]


def bundled_skills():
    """Skills of the bundled roles, per role slug (role.md front matter `skills: [a, b]`)."""
    out = {}
    for role in sorted((ROOT / "content" / "roles").glob("*/role.md")):
        m = re.search(r"^skills:\s*\[(.*)\]\s*$", role.read_text(encoding="utf-8"), re.M)
        if m:
            out[role.parent.name] = [s.strip() for s in m.group(1).split(",") if s.strip()]
    return out


FAMILY_ROLE = {"backend": "backend-developer", "frontend": "frontend-developer", "data": "data-engineer",
               "devops": "devops-engineer", "manager": "engineering-manager", "product": "product-manager"}


def posting(i, rnd, today, role_skills):
    family = rnd.choice(sorted(FAMILIES))
    titles, techs = FAMILIES[family]
    title = rnd.choice(LEVELS) + rnd.choice(titles) + rnd.choice(SPECIALITIES)
    company = rnd.choice(COMPANY_A) + " " + rnd.choice(COMPANY_B)
    slug = re.sub(r"[^a-z0-9]+", "", company.lower())
    skills = rnd.sample(techs, 2) + rnd.sample(role_skills.get(FAMILY_ROLE[family], techs), 2)
    domain = rnd.choice(DOMAINS)
    duties = rnd.sample(DUTIES, 3)
    description = (f"<p>{company} builds software for {domain}. We are hiring a {title.strip()} to join a team "
                   f"of {rnd.randint(3, 12)}.</p><ul>" + "".join(f"<li>{d[0].upper() + d[1:]}</li>" for d in duties) +
                   f"</ul><p>You know {skills[0]} and {skills[1]} well and care about {skills[2]}. "
                   f"{rnd.choice(PERKS)}</p>")
    posted = today - datetime.timedelta(days=rnd.randint(0, 120))
    node = {
        "@type": "JobPosting",
        "title": title,
        "description": description,
        "datePosted": posted.isoformat(),
        "employmentType": rnd.choice(EMPLOYMENT),
        "hiringOrganization": {"@type": "Organization", "name": company, "sameAs": f"https://{slug}.example"},
        "jobLocationType": "TELECOMMUTE",
        "identifier": {"@type": "PropertyValue", "name": "bench-feed", "value": f"bench-{i:07d}"},
        "url": f"https://{slug}.example/jobs/{i}",
        "skills": ", ".join(skills),
    }
    r = rnd.random()
    if r < 0.15:  # expired: posted 31-120 days ago, valid through a day before today at the latest
        posted = today - datetime.timedelta(days=rnd.randint(31, 120))
        node["datePosted"] = posted.isoformat()
        node["validThrough"] = (today - datetime.timedelta(days=rnd.randint(1, 30))).isoformat()
    elif r < 0.90:
        node["validThrough"] = (posted + datetime.timedelta(days=rnd.randint(60, 180))).isoformat()
        if node["validThrough"] < today.isoformat():
            node["validThrough"] = (today + datetime.timedelta(days=rnd.randint(1, 60))).isoformat()
    # else: open-ended
    countries = rnd.sample(COUNTRIES, rnd.randint(0, 3))
    if countries:
        node["applicantLocationRequirements"] = [{"@type": "Country", "name": c} for c in countries]
    if rnd.random() < 0.3:  # hybrid: an office
        country = countries[0] if countries else rnd.choice(COUNTRIES)
        node["jobLocation"] = {"@type": "Place", "address": {"@type": "PostalAddress",
                                                             "addressLocality": CITIES[country],
                                                             "addressCountry": country}}
    if rnd.random() < 0.8:
        currency, lo, hi = rnd.choice(CURRENCIES)
        unit, per_year = rnd.choice(UNITS)
        low = rnd.randint(lo, hi) * 1000
        high = low + rnd.randint(0, 40) * 1000
        amount = lambda v: round(v / per_year, 2) if per_year > 1 else v  # noqa: E731
        node["baseSalary"] = {"@type": "MonetaryAmount", "currency": currency,
                              "value": {"@type": "QuantitativeValue", "minValue": amount(low),
                                        "maxValue": amount(high), "unitText": unit}}
    return node


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=10000, help="postings to write (default 10000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--today", default=datetime.date.today().isoformat(),
                    help="YYYY-MM-DD the dates are relative to (default: today, UTC)")
    args = ap.parse_args()
    today = datetime.date.fromisoformat(args.today)
    rnd = random.Random(args.seed)
    role_skills = bundled_skills()
    out = sys.stdout
    for i in range(args.count):
        out.write(json.dumps(posting(i, rnd, today, role_skills), ensure_ascii=False, sort_keys=True))
        out.write("\n")


if __name__ == "__main__":
    main()
