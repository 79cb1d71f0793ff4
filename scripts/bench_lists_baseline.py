"""Baseline for the list-screening benchmark (scripts/bench-lists.sh).

Screens the benchmark names against the OFAC SDN names and aliases with rapidfuzz
process.extractOne (token_sort_ratio, default_process, score_cutoff = threshold), times the
loop (choices preprocessed once, before the clock starts), and compares recall and false positives with RiskBrief's hits (JSON from
`riskbrief --json screen --names`).

usage: bench_lists_baseline.py NAMES.csv SDN.csv ALT.csv RISKBRIEF_HITS.json RISKBRIEF_SECONDS THRESHOLD
"""
import csv
import io
import json
import sys
import time

from rapidfuzz import fuzz, process, utils


def rows(path):
    text = open(path, encoding="utf-8").read().rstrip("\x1a")
    return list(csv.reader(io.StringIO(text)))


def main():
    names_csv, sdn_csv, alt_csv, hits_json, rb_seconds, threshold = sys.argv[1:7]
    threshold = int(threshold)
    names = [(r["name"], r["expected_key"]) for r in csv.DictReader(open(names_csv, encoding="utf-8"))]
    choices, keys = [], []
    for r in rows(sdn_csv):
        choices.append(r[1].strip())
        keys.append(r[0].strip())
    for r in rows(alt_csv):
        choices.append(r[3].strip())
        keys.append(r[0].strip())

    # The choices are preprocessed once, outside the timed loop, so the baseline is not charged
    # for re-normalising 26,000 names per query.
    processed = [utils.default_process(c) for c in choices]
    start = time.perf_counter()
    best = []
    for name, _ in names:
        m = process.extractOne(utils.default_process(name), processed, scorer=fuzz.token_sort_ratio, processor=None, score_cutoff=threshold)
        best.append(keys[m[2]] if m else None)
    baseline_seconds = time.perf_counter() - start

    ours = {}
    for h in json.load(open(hits_json, encoding="utf-8")):
        if h["query"] not in ours or h["score"] > ours[h["query"]]["score"]:
            ours[h["query"]] = h

    def score(pred):
        positives = sum(1 for _, k in names if k)
        tp = sum(1 for (n, k), p in zip(names, pred) if k and p == k)
        fp = sum(1 for (n, k), p in zip(names, pred) if p and p != k)
        return tp / positives, fp

    baseline_recall, baseline_fp = score(best)
    our_recall, our_fp = score([ours[n]["entry_key"] if n in ours else None for n, _ in names])
    rb_seconds = float(rb_seconds)
    print(f"names screened: {len(names)} ({sum(1 for _, k in names if k)} variants of SDN names), {len(choices)} SDN names and aliases, threshold {threshold}")
    print(f"{'':44} {'time':>9} {'recall':>8} {'false pos.':>11}")
    print(f"{'riskbrief screen --names (whole process)':44} {rb_seconds:8.2f}s {our_recall:8.3f} {our_fp:11d}")
    print(f"{'rapidfuzz extractOne token_sort_ratio':44} {baseline_seconds:8.2f}s {baseline_recall:8.3f} {baseline_fp:11d}")
    print(f"speed-up: {baseline_seconds / rb_seconds:.1f}x")


if __name__ == "__main__":
    main()
