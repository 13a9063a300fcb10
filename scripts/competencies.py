#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Lists the competencies of the content packs and rewrites them to one spelling each.

    scripts/competencies.py list [CONTENT_DIR]     every competency: count, roles, and the groups
                                                   of near-duplicate spellings (exit 1 if any)
    scripts/competencies.py rewrite [CONTENT_DIR]  rewrites each question's `competencies:` line
                                                   to the canonical spelling (see below)

The canonical spelling (docs/content-format.md): lower case, words joined by hyphens, British
spelling ("judgement", "prioritisation"). Near-duplicates are spellings with the same key as
content::CompetencyKey computes it (src/content/parser.cpp): lower case without spaces, hyphens
and underscores, American spellings turned British. The content validator rejects them; this
script is how the packs were normalised, and how to find a new pair before the validator does.
"""

import collections
import pathlib
import re
import sys

BRITISH = [
    ("judgment", "judgement"), ("ization", "isation"), ("izing", "ising"), ("ized", "ised"),
    ("izer", "iser"), ("ize", "ise"), ("yzing", "ysing"), ("yzed", "ysed"), ("yze", "yse"),
    ("modeling", "modelling"), ("labeling", "labelling"), ("leveling", "levelling"),
    ("canceling", "cancelling"), ("traveling", "travelling"), ("behavior", "behaviour"),
    ("favor", "favour"), ("color", "colour"), ("honor", "honour"), ("catalog", "catalogue"),
    ("defense", "defence"), ("license", "licence"), ("center", "centre"), ("program", "programme"),
    ("analog", "analogue"),
]
LINE = re.compile(r"^competencies:\s*\[(.*)\]\s*$", re.M)


def british(text):
    for american, brit in BRITISH:
        out, at = [], 0
        while True:
            i = text.find(american, at)
            if i < 0:
                break
            out.append(text[at:i])
            if text.startswith(brit, i):
                out.append(brit)
                at = i + len(brit)
            else:
                out.append(brit)
                at = i + len(american)
        out.append(text[at:])
        text = "".join(out)
    return text


def key(name):
    return british(re.sub(r"[ _-]", "", name.lower()))


def canonical(name):
    """Lower case, words joined by hyphens, British spelling."""
    words = re.split(r"[ _-]+", name.strip().lower())
    return "-".join(british(w) for w in words if w)


def questions(content):
    return sorted(pathlib.Path(content).glob("roles/*/questions/*.md"))


def read(path):
    m = LINE.search(path.read_text(encoding="utf-8"))
    if not m:
        return None
    return [c.strip().strip("\"'") for c in m.group(1).split(",") if c.strip()]


def list_all(content):
    count = collections.Counter()
    roles = collections.defaultdict(set)
    for path in questions(content):
        for c in read(path) or []:
            count[c] += 1
            roles[c].add(path.parts[-3])
    groups = collections.defaultdict(set)
    for c in count:
        groups[key(c)].add(c)
    for c in sorted(count):
        print(f"{c}\t{count[c]}\t{', '.join(sorted(roles[c]))}")
    dups = [sorted(g) for g in groups.values() if len(g) > 1]
    print(f"\n{len(count)} competencies, {len(dups)} spelled more than one way", file=sys.stderr)
    for g in sorted(dups):
        print("  near-duplicates: " + " / ".join(g), file=sys.stderr)
    return 1 if dups else 0


def rewrite(content):
    changed = 0
    for path in questions(content):
        text = path.read_text(encoding="utf-8")
        m = LINE.search(text)
        if not m:
            print(f"{path}: no one-line competencies list; left alone", file=sys.stderr)
            continue
        old = [c.strip().strip("\"'") for c in m.group(1).split(",") if c.strip()]
        new = []
        for c in old:
            c = canonical(c)
            if c not in new:
                new.append(c)
        if new != old:
            text = text[: m.start()] + "competencies: [" + ", ".join(new) + "]" + text[m.end():]
            path.write_text(text, encoding="utf-8")
            changed += 1
    print(f"rewrote {changed} question files", file=sys.stderr)
    return 0


def main(argv):
    if len(argv) < 2 or argv[1] not in ("list", "rewrite"):
        print(__doc__, file=sys.stderr)
        return 2
    content = argv[2] if len(argv) > 2 else "content"
    return list_all(content) if argv[1] == "list" else rewrite(content)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
