#!/usr/bin/env python3
"""Replays competent play-throughs through `sparring play` and reports how many end resolved and passed.

Usage: score_plays.py SPARRING PLAYS.jsonl [--cases DIR]

Each line of PLAYS.jsonl is {"id", "case", "lang", "replies": [...]} written by someone who never saw the
case files: every line they sent, in order (replies, /lookup, /escalate NOTE). The conversation is played
again from the same seed in a fresh data dir; the attempt's outcome, pass and findings are read back from
`sparring export`. A competent play-through should end resolved and passed; every finding in it is a false
one, counted by rule.
"""
import collections
import json
import os
import subprocess
import sys
import tempfile

SEED = "7"


def replay(binary, cases, play):
    with tempfile.TemporaryDirectory() as data:
        common = ["--data-dir", data, "--no-color"]
        subprocess.run([binary, "play", play["case"], "--lang", play["lang"], "--seed", SEED, "--new-profile", "p",
                        "--cases", cases] + common, input="\n".join(play["replies"]) + "\n/quit\n",
                       capture_output=True, text=True, cwd=data, timeout=120)
        out = subprocess.run([binary, "export", "--profile", "p"] + common, capture_output=True, text=True,
                             cwd=data, timeout=60)
    attempts = json.loads(out.stdout)["profiles"][0]["attempts"] if out.returncode == 0 else []
    return attempts[-1] if attempts else None


def main():
    args = sys.argv[1:]
    cases = "Cases"
    if "--cases" in args:
        at = args.index("--cases")
        cases = args[at + 1]
        del args[at:at + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    binary, path = os.path.abspath(args[0]), args[1]
    cases = os.path.abspath(cases)
    plays = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    good, false = 0, collections.Counter()
    failed = []
    for play in plays:
        attempt = replay(binary, cases, play)
        if attempt is None:
            failed.append((play["id"], "no attempt saved"))
            continue
        rules = [rule for turn in attempt["turns"] for rule in turn.get("rules", [])]
        false.update(rules)
        outcome = attempt.get("outcome", "still open")
        if outcome == "resolved" and attempt.get("passed"):
            good += 1
        else:
            failed.append((play["id"], f'{outcome}, score {attempt.get("score", "-")}, '
                                       f'{"passed" if attempt.get("passed") else "not passed"}: {", ".join(rules) or "-"}'))
    print(f"{len(plays)} competent play-throughs; resolved and passed: {good} "
          f"({100.0 * good / max(len(plays), 1):.1f}%)")
    print("false findings by rule: " + ", ".join(f"{r} {n}" for r, n in false.most_common()))
    for play_id, why in failed:
        print(f"not passed: {play_id}: {why}")


if __name__ == "__main__":
    main()
