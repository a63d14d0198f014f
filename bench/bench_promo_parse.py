"""Parsing a promo price file: throughput (rows/s) and memory for 100,000 against 1,000,000 rows.

The file is generated on the fly as 64 KiB chunks (an Excel export: UTF-8 with BOM, ``;``, CRLF,
a header, a third column with the product name, every 50th price quoted with a thousands
separator), so nothing but the parser holds it. Each measurement runs in a fresh process:

- ``rows/s`` (wall clock) and ``rows/CPU-s`` (process time, less disturbed by other load): parsing
  only (the time to generate the chunks, measured alone, is subtracted);
- ``tracemalloc peak``: the most Python memory alive at once during the parse (a second run, since
  tracing slows Python down);
- ``RSS growth``: the process's peak resident size after the parse minus before it.

Two kinds of file: every row a distinct EAN (the parser's one growing structure, the dict of
accepted ids used to report duplicates, grows with them: about 100 bytes per distinct id), and
the same number of rows cycling through 1,000 EANs (all else equal, so what remains is what the
parser needs per row: it must not grow with the file).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHUNK_ROWS = 2_000  # ~64 KiB
SIZES = (100_000, 1_000_000)


def promo_file(rows: int, distinct: int) -> Iterator[bytes]:
    """An Excel-like promo price file of ``rows`` data rows over ``distinct`` EANs, chunk by chunk."""
    from chalicelib.domain.promo_price_csv import gtin_check_digit

    yield "\ufeffEAN;Aktionspreis;Bezeichnung\r\n".encode()
    lines: list[str] = []
    for index in range(rows):
        body = f"400{index % distinct:09d}"
        euros, cents = 1 + index % 1500, index % 100
        price = (
            f'"{euros // 1000}.{euros % 1000:03d},{cents:02d}"'
            if index % 50 == 0 and euros >= 1000
            else (f"{euros},{cents:02d}")
        )
        lines.append(f"{body}{gtin_check_digit(body)};{price};Artikel Größe {index % 7}\r\n")
        if len(lines) == CHUNK_ROWS:
            yield "".join(lines).encode()
            lines = []
    if lines:
        yield "".join(lines).encode()


def peak_rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure(rows: int, distinct: int) -> dict[str, float]:
    """One measurement, in this process (``main`` starts a fresh one for each)."""
    from chalicelib.domain.promo_price_csv import IdType, PromoCsvLimits, PromoCsvSummary, parse_promo_prices

    limits = PromoCsvLimits(max_rows=rows)
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in promo_file(rows, distinct):
        pass
    generating_wall, generating_cpu = time.perf_counter() - wall, time.process_time() - cpu

    rss_before = peak_rss_kib()
    wall, cpu = time.perf_counter(), time.process_time()
    summary = None
    for event in parse_promo_prices(promo_file(rows, distinct), IdType.EAN, limits):
        summary = event
    parse_wall = time.perf_counter() - wall - generating_wall
    parse_cpu = time.process_time() - cpu - generating_cpu
    rss_growth = peak_rss_kib() - rss_before
    assert isinstance(summary, PromoCsvSummary) and summary.rows_read == rows, summary

    tracemalloc.start()
    for _ in parse_promo_prices(promo_file(rows, distinct), IdType.EAN, limits):
        pass
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "rows_per_s": rows / max(parse_wall, 1e-9),
        "rows_per_cpu_s": rows / max(parse_cpu, 1e-9),
        "traced_peak_mib": traced_peak / 2**20,
        "rss_growth_mib": rss_growth / 1024,
    }


def in_fresh_process(rows: int, distinct: int) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_promo_parse", str(rows), str(distinct)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    print(
        "promo price file parse (parse_promo_prices, EAN, Excel-like rows, 64 KiB chunks), fresh process each"
    )
    print(
        f"{'rows':>10} {'distinct ids':>13} {'rows/s':>9} {'rows/CPU-s':>11}"
        f" {'tracemalloc peak':>17} {'RSS growth':>11}"
    )
    for label, distinct in (("all", None), ("1,000", 1_000)):
        for rows in SIZES:
            figures = in_fresh_process(rows, distinct or rows)
            print(
                f"{rows:>10,} {label:>13} {figures['rows_per_s']:>9,.0f} {figures['rows_per_cpu_s']:>11,.0f}"
                f" {figures['traced_peak_mib']:>13.1f} MiB {figures['rss_growth_mib']:>7.1f} MiB"
            )


if __name__ == "__main__":
    if len(sys.argv) == 3:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(measure(int(sys.argv[1]), int(sys.argv[2]))))
    else:
        main()
