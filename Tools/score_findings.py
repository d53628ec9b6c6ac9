#!/usr/bin/env python3
"""Scores case findings against labelled replies: LABELS.jsonl (id, case, lang, kind, text, must, may) and the
output of `sparring grade --batch LABELS.jsonl --json`. A finding is false when its rule is in neither `must` nor
`may`; a must-fire rule is found when a finding of that rule is present."""
import json
import sys
from collections import Counter

DEADLY = {"already-given", "look-it-up", "assumed-meaning", "not-escalated", "not-my-job"}


def main(labels_path, output_path, show_wrong):
    labels = [json.loads(line) for line in open(labels_path, encoding="utf-8") if line.strip()]
    results = {}
    for line in open(output_path, encoding="utf-8"):
        if line.strip():
            row = json.loads(line)
            if "id" in row and "findings" in row:
                results[row["id"]] = {f["rule"] for f in row["findings"]}
    good = good_clean = false_deadly = must_total = must_found = all_right = 0
    false_by_rule, missed_by_rule = Counter(), Counter()
    for label in labels:
        found = results.get(label["id"])
        if found is None:
            print(f"no result for {label['id']}")
            continue
        must, may = set(label.get("must", [])), set(label.get("may", []))
        false = found - must - may
        missed = must - found
        for rule in false:
            false_by_rule[rule] += 1
        for rule in missed:
            missed_by_rule[rule] += 1
        if label.get("kind") == "good":
            good += 1
            good_clean += not false
            false_deadly += len(false & DEADLY)
        must_total += len(must)
        must_found += len(must & found)
        all_right += not false and not missed
        if show_wrong and (false or missed):
            print(f"wrong: {label['id']} false={sorted(false)} missed={sorted(missed)} :: {label['text'][:150]}")
    n = len(labels)
    print(f"{n} replies, {good} good")
    print(f"good replies with no false finding: {good_clean / max(good, 1):.1%}")
    print(f"false deadly findings per 100 good replies: {100 * false_deadly / max(good, 1):.1f}")
    print(f"must-fire findings found: {must_found / max(must_total, 1):.1%} of {must_total}")
    print(f"replies fully right: {all_right / max(n, 1):.1%}")
    print("false findings by rule: " + ", ".join(f"{r} {c}" for r, c in false_by_rule.most_common()))
    print("missed findings by rule: " + ", ".join(f"{r} {c}" for r, c in missed_by_rule.most_common()))


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 2:
        sys.exit("usage: score_findings.py LABELS.jsonl OUTPUT.jsonl [--wrong]")
    main(args[0], args[1], "--wrong" in sys.argv)
