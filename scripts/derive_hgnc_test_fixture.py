#!/usr/bin/env python3
"""Derive tests/fixtures/hgnc/{hgnc,mgi,rgd}_subset.tsv from the reference tables.

The rule tests (tests/test_rules_hgnc.py, tests/test_rules_abbreviations.py)
run against a small in-memory gene knowledge (tests/hgnc_memory.py) built from
these real rows, as well as against the shipped snapshot. The subset holds
every HGNC/MGI/RGD row whose symbol, alias or previous symbol is a word of the
seed records, the clean records or the test texts below, the family members
(WORD1..WORD12) of those words, and the targets of withdrawn symbols.

Usage: python scripts/derive_hgnc_test_fixture.py [/work/shared/reference]
"""

from __future__ import annotations

import csv
import gzip
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "hgnc"
SOURCES = [ROOT / "seeds", ROOT / "tests" / "fixtures" / "clean"]
# Words the tests use beyond the seeds and clean records.
EXTRA = """CYR61 CCN1 MARCH1 MARCHF1 SEPT2 SEPTIN2 SEPT7 SEPTIN7 DEC1 OCT4 KBF1 NFKB1 A2MR LRP1 CTAA1
Mtor MTOR foxo SRPK Tor mir-210 MIR210 Trp53 TRP53 Cdkn1a Arg ABL2 RERE HBP ATP ADP WDTC1 OBS LEP
p21 CDKN1A H3P16 CAD DFFB ACOD1 HK2 KCNA5 LAT SPNS1 LPS IRF6 Fast FASTK STAT SOAT1 TCF4 TCF7L2
CPT1 CPT1A CPT2 CHPT1 NOS NOS1 NOS2 GAS GAST GALNS PAGR1 ERK EPHB2 MAPK1 MAPK3 BRCC3 DEPDC1B
EMT ITK SLC22A3 OUT TCF23 S16 RPS16 PGP PGPEP1 ABCB1 CRT CALR SLC6A8 SOCS CISH HK1 KIF2A HOOK2
Bcl2 Bax Pten ROS XBP1 XBP1P1 FOXO PTEN HMOX1 Hmox1 GLS GLS2 IL6 TNF TP53""".split()
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-]*")


def words() -> set:
    out = set(EXTRA)
    for folder in SOURCES:
        for path in folder.glob("*.md"):
            out.update(TOKEN.findall(path.read_text(encoding="utf-8")))
    return {w.upper() for w in out if len(w) >= 2}


def split(text: str, sep: str) -> list:
    return [p.strip().upper() for p in (text or "").split(sep) if p.strip()]


def main(ref: Path) -> None:
    terms = words()
    stems = re.compile(r"^(?:%s)\d{1,2}$" % "|".join(sorted(re.escape(t) for t in terms if t.isalpha())))
    OUT.mkdir(parents=True, exist_ok=True)
    with gzip.open(ref / "hgnc_entries.tsv.gz", "rt", encoding="utf-8") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        header, rows = reader.fieldnames, list(reader)
    keep = {}
    for r in rows:
        names = [r["Approved symbol"].upper()] + split(r["Alias symbols"], ",") + split(r["Previous symbols"], ",")
        if any(n in terms for n in names) or stems.match(r["Approved symbol"].upper()):
            keep[r["HGNC ID"]] = r
    by_id = {r["HGNC ID"]: r for r in rows}
    for r in list(keep.values()):
        for hid in re.findall(r"HGNC:\d+", r["Approved name"]):
            if hid in by_id:
                keep[hid] = by_id[hid]
    with open(OUT / "hgnc_subset.tsv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, header, delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(sorted(keep.values(), key=lambda r: r["Approved symbol"]))
    for name, sep in (("mgi", "|"), ("rgd", ";")):
        with gzip.open(ref / f"{name}_entries.tsv.gz", "rt", encoding="utf-8") as fh:
            reader = csv.DictReader(fh, delimiter="\t")
            header, kept = reader.fieldnames, []
            for r in reader:
                names = [r["symbol"].upper()] + split(r.get("synonyms", ""), sep)
                if any(n in terms for n in names) or stems.match(r["symbol"].upper()):
                    kept.append(r)
        with open(OUT / f"{name}_subset.tsv", "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, header, delimiter="\t", lineterminator="\n")
            w.writeheader()
            w.writerows(kept)
    print(f"{len(keep)} HGNC rows written to {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/shared/reference"))
