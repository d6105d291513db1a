#!/usr/bin/env python3
"""What an analyst would write to check a budget appendix with openpyxl
(or pandas, with --pandas): read each workbook, find the header (STT),
add every numbered item of each Roman section per year, compare each
section row and the "Tổng cộng" row with those sums, and count the
mismatches. Usage: openpyxl_sums.py [--pandas] FILE|FOLDER..."""

import os
import sys


def files_of(args):
    for a in args:
        if os.path.isdir(a):
            for root, dirs, names in os.walk(a):
                dirs.sort()
                for n in sorted(names):
                    if n.endswith(".xlsx"):
                        yield os.path.join(root, n)
        else:
            yield a


ROMAN = set("IVXLC")


def check_rows(rows):
    """rows: lists of cell values. Returns (sections, mismatches)."""
    header = next((i for i, r in enumerate(rows) if r and str(r[0]).strip() == "STT"), None)
    if header is None:
        return 0, 0
    years = [c for c, v in enumerate(rows[header + 1]) if isinstance(v, str) and "Năm" in v] or \
            [c for c, v in enumerate(rows[header]) if isinstance(v, str) and "Năm" in v]
    sections, mismatches = 0, 0
    current, sums, grand = None, None, [0.0] * len(years)
    def close():
        nonlocal mismatches
        if current is not None:
            for k, c in enumerate(years):
                v = current[c] if c < len(current) else None
                if isinstance(v, (int, float)) and abs(v - sums[k]) > 1e-6 * max(1, abs(v)):
                    mismatches += 1
    for r in rows[header + 1:]:
        stt = str(r[0]).strip() if r and r[0] is not None else ""
        label = str(r[1]) if len(r) > 1 and r[1] is not None else ""
        if stt and set(stt) <= ROMAN:
            close()
            sections += 1
            current, sums = r, [0.0] * len(years)
            for k, c in enumerate(years):
                v = r[c] if c < len(r) else None
                if isinstance(v, (int, float)):
                    grand[k] += v
        elif stt.isdigit() and current is not None:
            for k, c in enumerate(years):
                v = r[c] if c < len(r) else None
                if isinstance(v, (int, float)):
                    sums[k] += v
        elif "tổng cộng" in label.lower():
            close()
            current = None
            for k, c in enumerate(years):
                v = r[c] if c < len(r) else None
                if isinstance(v, (int, float)) and abs(v - grand[k]) > 1e-6 * max(1, abs(v)):
                    mismatches += 1
    close()
    return sections, mismatches


def main():
    args = sys.argv[1:]
    use_pandas = "--pandas" in args
    args = [a for a in args if a != "--pandas"]
    total_files, total_sections, total_mismatches = 0, 0, 0
    for path in files_of(args):
        if use_pandas:
            import pandas
            frames = pandas.read_excel(path, sheet_name=None, header=None, engine="openpyxl")
            sheets = [df.where(df.notna(), None).values.tolist() for df in frames.values()]
        else:
            import openpyxl
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
            sheets = [[list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets]
            wb.close()
        for rows in sheets:
            s, m = check_rows(rows)
            total_sections += s
            total_mismatches += m
        total_files += 1
    print(f"{total_files} files, {total_sections} sections, {total_mismatches} mismatches")


if __name__ == "__main__":
    main()
