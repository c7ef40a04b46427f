#!/usr/bin/env python3
"""Derive tests/fixtures/mesh/{desc,supp}_subset.tsv from the reference MeSH tables.

The builder tests (tests/test_mesh_snapshot.py) build a small snapshot from
these real rows instead of the 350,000-record shipped one. The subset holds
the descriptors and supplementary concepts listed below (the seeds' chemicals
and diseases, a few metabolites and elements, a mental disorder, an anatomy
term) and the descriptors the supplementary concepts are mapped to.

Usage: python scripts/derive_mesh_test_fixture.py [/work/shared/reference]
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "mesh"
DESCRIPTORS = set("""D000077143 D002945 D013629 D004317 D009369 D000255 D000244 D009249 D005947
D002118 D005461 D003866 D002357 D011488 D001120 D015464 D043823 D004151 D009243 D019344
D005632 D005634""".split())
SUPPLEMENTARY = set("""C108952 C112901 C000592763 C011539 C024157""".split())


def main() -> int:
    ref = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/reference")
    OUT.mkdir(parents=True, exist_ok=True)
    supp_rows, mapped = [], set()
    with gzip.open(ref / "mesh_supp_id_label_mappings.tsv.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if f[0] in SUPPLEMENTARY:
                supp_rows.append(line)
                mapped.update(m.strip() for m in f[3].split(",") if m.strip())
    desc_rows = []
    with gzip.open(ref / "mesh_id_label_mappings.tsv.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.split("\t", 1)[0] in DESCRIPTORS | mapped:
                desc_rows.append(line)
    (OUT / "desc_subset.tsv").write_text("".join(desc_rows), encoding="utf-8")
    (OUT / "supp_subset.tsv").write_text("".join(supp_rows), encoding="utf-8")
    print(f"{len(desc_rows)} descriptors, {len(supp_rows)} supplementary concepts -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
