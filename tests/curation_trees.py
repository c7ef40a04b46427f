"""Small figure repositories (``_figures/`` + ``_data/``) built in tmp_path,
for the rules that read companion tables or look at a whole repository."""

from __future__ import annotations

import copy
from pathlib import Path

from tests.helpers import FIXTURES, clean_record, dump_record, lint_paths

GENES_HEADER = ["organism_id", "organism_name", "organism_group", "word", "match", "ncbigene_symbol",
                "ncbigene_id", "source", "count_direct", "count_synonym", "count_match"]
CHEM_HEADER = ["word", "mesh", "match", "name", "chebi"]
DISEASE_HEADER = ["word", "mesh", "match", "name", "doid"]

CORPUS = FIXTURES / "corpus"
SEEDS = Path(__file__).parent.parent / "seeds"


def gene(word, match, symbol, gid, source="ncbigene_symbol", org="Homo sapiens", org_id="9606"):
    return [org_id, org, "Primates", word, match, symbol, gid, source, "2", "0", "2"]


#: The tables the clean newer record's keywords (TP53, MDM2, Cisplatin, breast cancer) come from.
CLEAN_TABLES = {
    "genes": (GENES_HEADER, [gene("TP53", "TP53", "TP53", "7157"), gene("MDM2", "MDM2", "MDM2", "4193")]),
    "chemicals": (CHEM_HEADER, [["Cisplatin", "mesh:D002945", "Cisplatin", "cisplatin", "chebi:27899"]]),
    "diseases": (DISEASE_HEADER, [["breast cancer", "mesh:D001943", "NA", "NA", "NA"]]),
}


def write_tsv(path: Path, header, rows, raw: str = None):
    path.parent.mkdir(parents=True, exist_ok=True)
    if raw is not None:
        path.write_text(raw, encoding="utf-8")
        return path
    text = "\t".join(header) + "\n" + "".join("\t".join(r) + "\n" for r in rows)
    path.write_text(text, encoding="utf-8")
    return path


def make_repo(root: Path, data: dict = None, tables: dict = None, name: str = None) -> Path:
    """Write one record (default: the clean newer one) in ``root/_figures`` and
    its tables (``{kind: (header, rows)}``, default: consistent ones) in
    ``root/_data``. Returns the record's path."""
    data = copy.deepcopy(data if data is not None else clean_record("newer"))
    figid = data.get("figid")
    rec = root / "_figures" / (name or f"{figid}.md")
    rec.parent.mkdir(parents=True, exist_ok=True)
    rec.write_text(dump_record(data), encoding="utf-8")
    for kind, spec in (CLEAN_TABLES if tables is None else tables).items():
        if spec is None:
            continue
        header, rows = spec
        write_tsv(root / "_data" / f"{figid}-{kind}.tsv", header, rows)
    (root / "_data").mkdir(exist_ok=True)
    return rec


def lint(paths, select):
    return lint_paths(paths if isinstance(paths, list) else [paths], select=select)


def summary(findings):
    """(code, field, line) of each finding, sorted: what golden tests compare."""
    return sorted((f.code, f.field, f.line) for f in findings)
