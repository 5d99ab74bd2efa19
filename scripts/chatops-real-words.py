#!/usr/bin/env python3
"""Writes assets/chatops/real-words.txt: English words that are one or two typos away from
a word the ChatOps tables know, but are words of their own ("safe" is not "save",
"cloudy" is not "Cloud"), or that two words it knows would make typed without a space
("kickoff" is not "kick off", "checkup" not "check up"). The matcher never corrects
them, nor splits them.

Usage: scripts/chatops-real-words.py /usr/share/dict/american-english-small
(the word list of Debian's `wamerican-small` package, common words: SCOWL, by Kevin Atkinson; its
permission notice is copied into the output). Run it again after adding vocabulary.
"""
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def osa(a, b, limit):
    """Optimal string alignment distance, or limit + 1 when it is larger."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2, prev = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def vocabulary():
    """The English words of the built-in vocabulary (assets/chatops/)."""
    data = ROOT / "assets/chatops"
    surfaces = []
    for line in (data / "words.txt").read_text().splitlines():
        surfaces.append(line.split("#")[0].split("=")[0].strip())
    builtin = tomllib.loads((data / "phrases.toml").read_text())["chatops"]
    for phrases in builtin.get("phrases", {}).values():
        surfaces.extend(phrases)
    for name, aliases in builtin.get("aliases", {}).items():
        surfaces.append(name)
        surfaces.extend(aliases)
    for line in (data / "acts.txt").read_text().splitlines():
        kind, _, items = line.split("#")[0].partition("=")
        if kind.strip() in ("filler", "ending", "question_ending", "imperative_ending"):
            surfaces.extend(w.strip() for w in items.split("|"))
    words, alone = set(), set()
    for surface in surfaces:
        if surface.isascii():
            words.update(surface.split())
            if " " not in surface.strip():
                alone.add(surface.strip())
    return {w for w in words if len(w) >= 3}, alone


def main():
    dictionary = Path(sys.argv[1]).read_text(errors="ignore").split()
    vocab, alone = vocabulary()
    real = set()
    for w in dictionary:
        # A word the tables know only inside a phrase ("night" of "good night") is still
        # a word of its own when it stands alone: never "gnight".
        if not re.fullmatch(r"[a-z]{3,12}", w) or w in alone:
            continue
        for v in vocab:
            # The matcher's tolerance (`latin_tolerance`, one slip for short words).
            limit = 2 if len(v) >= 9 else 1
            if osa(w, v, limit) <= limit:
                real.add(w)
                break
    # Two known words glued (the matcher's `glued`): a word of its own is never split.
    # ("reroute", "reprogram": again and a verb, which the split reads right.)
    for w in dictionary:
        if not re.fullmatch(r"[a-z]{6,14}", w) or w in alone:
            continue
        if any(
            w[:at] in alone and w[at:] in alone and w[:at] != "re"
            for at in range(2, len(w) - 1)
        ):
            real.add(w)
    header = [
        "# English words near the ChatOps vocabulary that are words of their own: never",
        "# corrected into it. Written by scripts/chatops-real-words.py from SCOWL:",
        "#   Copyright 2000-2011 by Kevin Atkinson. Permission to use, copy, modify,",
        "#   distribute and sell these word lists, the associated scripts, the output",
        "#   created from the scripts, and its documentation for any purpose is hereby",
        "#   granted without fee, provided that the above copyright notice appears in all",
        "#   copies and that both that copyright notice and this permission notice appear",
        "#   in supporting documentation. Kevin Atkinson makes no representations about",
        "#   the suitability of this array for any purpose. It is provided \"as is\"",
        "#   without express or implied warranty.",
    ]
    out = ROOT / "assets/chatops/real-words.txt"
    out.write_text("\n".join(header + sorted(real)) + "\n")
    print(f"{len(real)} words -> {out}")


if __name__ == "__main__":
    main()
