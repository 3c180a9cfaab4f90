#!/usr/bin/env python3
"""Median (min-max) of repeated end-to-end runs: benchmarks/median.py results/e2e-A.jsonl results/e2e-B.jsonl ...

Groups the JSON lines of every run by (scenario, producer threads, SDK) and prints a markdown table whose cells are
the median with the range over the runs, and the ratio of this SDK's median to the official server SDK's.
"""
import json
import statistics
import sys
from collections import defaultdict

COLUMNS = [("delivered_eps", "delivered ev/s"), ("cpu_s_per_100k", "CPU s /100k ev"), ("p50_us", "capture p50 µs"),
           ("p999_us", "capture p99.9 µs"), ("t100_ms", "t100% ms"), ("lost", "lost at close"),
           ("close_ms", "close ms"), ("peak_heap_mb", "peak heap MB")]


def fmt(v):
    if v is None:
        return "–"
    if abs(v) >= 100 or v == int(v):
        return f"{v:,.0f}".replace(",", " ")
    return f"{v:.2f}" if abs(v) < 10 else f"{v:.1f}"


def main(paths):
    cases = defaultdict(lambda: defaultdict(list))
    order = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                key = (r["scenario"], r["threads"], r["subject"])
                if key not in cases:
                    order.append(key)
                for col, _ in COLUMNS:
                    if r.get(col) is not None:
                        cases[key][col].append(float(r[col]))
    print(f"{len(paths)} runs; cells: median (min–max); ratio = this SDK's median / the server SDK's median\n")
    print("| scenario | thr | SDK | " + " | ".join(h for _, h in COLUMNS) + " |")
    print("|---|---|---|" + "---|" * len(COLUMNS))
    for key in order:
        scenario, threads, subject = key
        base = cases.get((scenario, threads, "server"))
        cells = []
        for col, _ in COLUMNS:
            values = cases[key][col]
            if not values:
                cells.append("–")
                continue
            med = statistics.median(values)
            cell = fmt(med) + (f" ({fmt(min(values))}–{fmt(max(values))})" if len(values) > 1 else "")
            if subject != "server" and base and base[col]:
                b = statistics.median(base[col])
                if b:
                    cell += f" ×{med / b:.2f}"
            cells.append(cell)
        print(f"| {scenario} | {threads} | {subject} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
