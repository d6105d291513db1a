#!/usr/bin/env python3
"""Plots bench/run.sh's results: wall time against rows, log-log, one line
per tool. Usage: plot.py RESULTS.tsv OUT.png"""

import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    results, out = sys.argv[1], sys.argv[2]
    series = {}
    with open(results, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if not row["rows"].isdigit():
                continue  # the country's runs are counted in files
            series.setdefault(row["tool"], []).append((int(row["rows"]), float(row["seconds"])))
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=100)
    for tool, points in sorted(series.items()):
        points.sort()
        ax.plot([p[0] for p in points], [max(p[1], 0.005) for p in points], marker="o", label=tool)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("rows of the appendix")
    ax.set_ylabel("wall time (s)")
    ax.set_title("Checking one appendix: time against rows (2 cores)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out)
    print(out)


if __name__ == "__main__":
    main()
