"""Time TopupPointIndex.nearest against brute_force_nearest on synthetic points, in one process.

    .venv/bin/python scripts/measure_topup_index.py [--points 100000] [--queries 500] [--limit 20]
        [--cell-deg 0.02] [--brute-queries 30]

Queries sit near random postcodes (where people live); every index answer of the brute-force sample
is compared with the brute-force one. Prints per-query times and the ratio. Not a test: numbers
depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from server.services.geo.index import TopupPoint, TopupPointIndex, brute_force_nearest  # noqa: E402
from server.services.geo.postcodes import load_postcodes  # noqa: E402
from server.services.geo.synthetic import generate_topup_points  # noqa: E402

BRUSSELS = ZoneInfo("Europe/Brussels")
CASES = (
    ("Sat 10:00, open only", datetime(2026, 11, 28, 10, 0, tzinfo=BRUSSELS), True),
    ("Sat 10:00, all", datetime(2026, 11, 28, 10, 0, tzinfo=BRUSSELS), False),
    ("Sun 03:30, open only", datetime(2026, 11, 29, 3, 30, tzinfo=BRUSSELS), True),
    ("Christmas 10:00, open only", datetime(2026, 12, 25, 10, 0, tzinfo=BRUSSELS), True),
)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--points", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=500)
    ap.add_argument("--brute-queries", type=int, default=30)
    ap.add_argument("--limit", type=int, default=20)
    ap.add_argument("--cell-deg", type=float, default=None)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    t = time.perf_counter()
    records = generate_topup_points(args.points, seed=args.seed)
    points = [TopupPoint.from_record(r) for r in records]
    t_gen = time.perf_counter() - t
    t = time.perf_counter()
    kwargs = {"cell_deg": args.cell_deg} if args.cell_deg else {}
    index = TopupPointIndex(points, **kwargs)
    t_build = time.perf_counter() - t
    print(f"{len(points)} synthetic points generated in {t_gen:.2f} s, index built in {t_build:.2f} s")

    rng = random.Random(args.seed)
    places = [load_postcodes()[c] for c in sorted(load_postcodes())]
    queries = []
    for _ in range(args.queries):
        p = rng.choice(places)
        queries.append((p.lat + rng.uniform(-0.02, 0.02), p.lon + rng.uniform(-0.03, 0.03)))

    print(f"limit={args.limit}; per query: index mean / p95 over {args.queries} queries, "
          f"brute force mean over {args.brute_queries}")
    for label, at, open_only in CASES:
        per = []
        for lat, lon in queries:
            t = time.perf_counter()
            index.nearest(lat, lon, limit=args.limit, at=at, open_only=open_only)
            per.append(time.perf_counter() - t)
        mean_idx = statistics.fmean(per)
        p95 = sorted(per)[int(0.95 * (len(per) - 1))]
        t = time.perf_counter()
        for lat, lon in queries[: args.brute_queries]:
            ref = brute_force_nearest(points, lat, lon, limit=args.limit, at=at, open_only=open_only)
            got = index.nearest(lat, lon, limit=args.limit, at=at, open_only=open_only)
            if got != ref:
                raise SystemExit(f"MISMATCH at {lat}, {lon}, {label}")
        # The loop above also ran the index once per query: subtract it.
        mean_bf = (time.perf_counter() - t) / args.brute_queries - mean_idx
        print(f"  {label:28s} index {mean_idx * 1e3:6.3f} ms (p95 {p95 * 1e3:6.3f})  "
              f"brute force {mean_bf * 1e3:7.1f} ms  ratio {mean_bf / mean_idx:6.0f}x  (answers equal)")


if __name__ == "__main__":
    main()
