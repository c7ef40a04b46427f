#!/usr/bin/env python3
"""Derive the small HGNC/MGI/RGD tables that the snapshot tests build from.

    python scripts/derive_hgnc_snapshot_fixtures.py [--reference ../shared/reference]

Writes tests/fixtures/hgnc_snapshot/:
  custom_download.tsv   real rows of hgnc_entries.tsv.gz (HGNC custom download),
                        as they are
  complete_set.txt      the same approved rows rewritten in the layout of HGNC's
                        hgnc_complete_set.txt (pipe-separated, quoted lists),
                        plus two withdrawn rows in its "symbol withdrawn, see
                        SYMBOL" wording
  mgi.tsv, rgd.tsv      a few real MGI/RGD rows (with the duplicate-per-Ensembl
                        rows and database-id synonyms the builder must handle)
The tests never read the reference folder; rerun this when the choice of rows
changes.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "tests" / "fixtures" / "hgnc_snapshot"

HUMAN = """CCN1 GAST ITK SLC22A3 CALR SLC6A8 EPHB2 MAPK1 MAPK3 MIR210 MTOR RORC ABL2 RERE AZU1
HDLBP HEBP1 SLBP LEP RPS16 TCF23 CISH SOCS1 UBA1 AK6 H2AX HTT MARCHF1 SEPTIN2 DEPDC1B
FOXO1 FOXO3 SRPK1 MIR1-1 MIR1-2 MIRLET7A1 MIRLET7A2 MIRLET7A3 BRCC3 A1BG A1BG-AS1 KIAA1549""".split()
# withdrawn: entry withdrawn, symbol withdrawn with one and with two replacements,
# and symbols both withdrawn and approved again (AK6, H2AX, HTT)
WITHDRAWN = "A12M1 A1S9T CBBM AK6 H2AX HTT AA DYRK1AIP3".split()
MOUSE = "Mtor Mir210 Aldoa Gast Ccn1 Itk 1700013H16Rik".split()
RAT = "Asip A2m Cdhr17 Mtor Gast Ccn1".split()

COMPLETE_HEADER = ("hgnc_id symbol name locus_group locus_type status location location_sortable "
                   "alias_symbol alias_name prev_symbol prev_name gene_group gene_group_id "
                   "date_approved_reserved date_symbol_changed date_name_changed date_modified "
                   "entrez_id ensembl_gene_id uniprot_ids mgd_id rgd_id").split()


def read(path: Path):
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t")
        header = next(reader)
        return header, list(reader)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reference", default=str(REPO.parent / "shared" / "reference"))
    ref = Path(ap.parse_args().reference)
    OUT.mkdir(parents=True, exist_ok=True)

    header, rows = read(ref / "hgnc_entries.tsv.gz")
    col = {h: i for i, h in enumerate(header)}
    sym, status = col["Approved symbol"], col["Status"]
    keep = [r for r in rows if (r[status] == "Approved" and r[sym] in HUMAN)
            or (r[status] != "Approved" and r[sym] in WITHDRAWN)]
    # replacements named by HGNC id must be in the subset too
    ids = {int(i) for r in keep if r[status] != "Approved" for i in re.findall(r"HGNC:\s*(\d+)", r[col["Approved name"]])}
    have = {r[col["HGNC ID"]] for r in keep}
    keep += [r for r in rows if r[status] == "Approved" and int(r[col["HGNC ID"]].split(":")[1]) in ids
             and r[col["HGNC ID"]] not in have]
    keep.sort(key=lambda r: r[sym])
    with open(OUT / "custom_download.tsv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(header)
        w.writerows(keep)

    def lst(text):
        items = [s.strip() for s in text.split(",") if s.strip()]
        return '"' + "|".join(items) + '"' if len(items) > 1 else "".join(items)

    with open(OUT / "complete_set.txt", "w", encoding="utf-8", newline="") as fh:
        fh.write("\t".join(COMPLETE_HEADER) + "\n")
        for r in keep:
            if r[status] != "Approved":
                continue
            out = dict.fromkeys(COMPLETE_HEADER, "")
            out.update(hgnc_id=r[col["HGNC ID"]], symbol=r[sym], name=r[col["Approved name"]],
                       locus_type=r[col["Locus type"]], status="Approved",
                       alias_symbol=lst(r[col["Alias symbols"]]), prev_symbol=lst(r[col["Previous symbols"]]),
                       entrez_id=r[col["NCBI Gene ID(supplied by NCBI)"]],
                       ensembl_gene_id=r[col["Ensembl gene ID"]])
            fh.write("\t".join(out[h] for h in COMPLETE_HEADER) + "\n")
        # the complete set's wording for withdrawn symbols (replacement by symbol)
        for hid, symbol, name in (("HGNC:90001", "OLDCCN", "symbol withdrawn, see CCN1"),
                                  ("HGNC:90002", "OLDPAIR", "symbol withdrawn, see MAPK1 and MAPK3")):
            out = dict.fromkeys(COMPLETE_HEADER, "")
            out.update(hgnc_id=hid, symbol=symbol, name=name, status="Symbol Withdrawn", locus_type="unknown")
            fh.write("\t".join(out[h] for h in COMPLETE_HEADER) + "\n")

    for name, species in (("mgi", MOUSE), ("rgd", RAT)):
        header, rows = read(ref / f"{name}_entries.tsv.gz")
        keep = [r for r in rows if r[1] in species]
        with open(OUT / f"{name}.tsv", "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, delimiter="\t", lineterminator="\n")
            w.writerow(header)
            w.writerows(keep)
    for p in sorted(OUT.iterdir()):
        print(p.relative_to(REPO), sum(1 for _ in open(p, encoding="utf-8")) - 1, "rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
