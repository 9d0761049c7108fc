"""Benchmark: the same rows as CSV (the floor), openpyxl write-only and XlsxWriter constant-memory XLSX.

Run: ``PYTHONPATH=src python -m bench.xlsx [--rows 200000]``

Each writer runs in its own child process (so its peak RSS is its own), over rows generated one at a time
(consignment-like: text, an int, a date, Decimal quantities), so no writer is handed a list to hold.
``custodes`` is the XlsxWriter line through :func:`custodes.exports.xlsx.write_xlsx` (typed, formula-safe).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

HEADERS = ["Source", "Source row", "Date", "Crossing", "Cargo category", "Description", "Quantity", "Unit",
           "Trucks", "Tonnes"]
TAGS = ["#meta+source", "#meta+id", "#date", "#loc+crossing", "#sector", "#item+name", "#value",
        "#indicator+unit", "#value+trucks", "#value+tonnes"]
WRITERS = ("csv", "openpyxl", "xlsxwriter", "custodes")
_CROSSINGS = ("Kerem Shalom", "Zikim", "Rafah", "Kissufim", "Erez West")
_CATEGORIES = ("Food", "Medical", "Shelter", "WASH", "Fuel", "Non-food items")
_UNITS = ("truck", "pallets", "mt", "cartons")


def rows(n: int) -> Iterator[list[Any]]:
    """``n`` consignment-like rows of 10 mixed cells, made one at a time."""
    start = dt.date(2024, 1, 1)
    for i in range(n):
        yield ["unrwa" if i % 3 else "cogat", f"R{i:08d}", start + dt.timedelta(days=i % 700),
               _CROSSINGS[i % 5], _CATEGORIES[i % 6], f"{_CATEGORIES[i % 6]} parcels, lot {i % 997}",
               Decimal(i % 4000) / 4, _UNITS[i % 4], 1 + i % 3, Decimal(i % 250) / 10]


def _csv(path: Path, n: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADERS)
        w.writerow(TAGS)
        w.writerows(rows(n))


def _openpyxl(path: Path, n: int) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet("data")
    ws.append(HEADERS)
    ws.append(TAGS)
    for row in rows(n):
        ws.append(row)
    book.save(path)


def _xlsxwriter(path: Path, n: int) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                           "strings_to_numbers": False, "strings_to_urls": False})
    ws = book.add_worksheet("data")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(0, 0, HEADERS)
    ws.write_row(1, 0, TAGS)
    for r, row in enumerate(rows(n), 2):
        for c, v in enumerate(row):
            if isinstance(v, str):
                ws.write_string(r, c, v)
            elif isinstance(v, dt.date):
                ws.write_datetime(r, c, v, day)
            else:
                ws.write_number(r, c, v)
    book.close()


def _custodes(path: Path, n: int) -> None:
    from custodes.exports.xlsx import write_xlsx

    write_xlsx(path, HEADERS, TAGS, rows(n))


def one(writer: str, n: int, directory: Path) -> dict[str, Any]:
    """Run one writer here and measure it (called in a child process)."""
    path = directory / f"{writer}.{'csv' if writer == 'csv' else 'xlsx'}"
    t0 = time.perf_counter()
    {"csv": _csv, "openpyxl": _openpyxl, "xlsxwriter": _xlsxwriter, "custodes": _custodes}[writer](path, n)
    wall = time.perf_counter() - t0
    return {"writer": writer, "wall": wall, "cells_per_s": n * len(HEADERS) / wall,
            "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "bytes": path.stat().st_size}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--only", choices=WRITERS, help="(internal) run one writer and print its figures as JSON")
    ap.add_argument("--dir", type=Path)
    args = ap.parse_args()
    if args.only:
        print(json.dumps(one(args.only, args.rows, args.dir)))
        return
    print(f"{args.rows:,} rows x {len(HEADERS)} columns; load average before {os.getloadavg()}")
    results = []
    with tempfile.TemporaryDirectory() as d:
        for writer in WRITERS:
            out = subprocess.run([sys.executable, "-m", "bench.xlsx", "--only", writer, "--rows", str(args.rows),
                                  "--dir", d], check=True, capture_output=True, text=True).stdout
            results.append(json.loads(out))
    floor = results[0]
    print(f"{'writer':<12} {'wall s':>8} {'cells/s':>11} {'x CSV time':>10} {'peak RSS MiB':>13} {'MiB':>7}")
    for r in results:
        print(f"{r['writer']:<12} {r['wall']:8.2f} {r['cells_per_s']:11,.0f} {r['wall'] / floor['wall']:10.1f} "
              f"{r['peak_rss_mib']:13.1f} {r['bytes'] / 2**20:7.1f}")
    print(f"load average after {os.getloadavg()}")


if __name__ == "__main__":
    main()
