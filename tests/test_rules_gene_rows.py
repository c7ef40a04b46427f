"""GR001-GR005: each gene row on its own, inline (older) and in genes tables (newer)."""

from __future__ import annotations

from tests.curation_trees import CLEAN_TABLES, CORPUS, GENES_HEADER, SEEDS, gene, lint, make_repo, summary
from tests.helpers import clean_record, dump_record, lint_text
from pfocr_lint.rules.gene_rows import ocr_debris

GR = ["GR001", "GR002", "GR003", "GR004", "GR005"]


def _older_genes(rows):
    data = clean_record("older")
    data["genes"] = rows
    return dump_record(data)


def _row(word, symbol, hgnc, entrez, source="hgnc_symbol"):
    return {"word": word, "symbol": symbol, "source": source, "hgnc_symbol": hgnc, "entrez": entrez}


# -- golden: the seeds ------------------------------------------------------

def test_seed_findings():
    found = lint([SEEDS], GR)
    assert {f.path.split("/")[-1] for f in found} == {"PMC7321691__OTT-13-6037-g0001.md"}
    # Read off the seed: each repeated row, reported at its first repeat.
    assert summary(found) == sorted([
        ("GR001", "genes[17]", 200),   # JAK1 x2 (190, 200)
        ("GR001", "genes[20]", 215),   # STAT1 x7
        ("GR001", "genes[24]", 235),   # STAT2 x4
        ("GR001", "genes[32]", 275),   # IRF9 x2
        ("GR001", "genes[40]", 315),   # G1P3 -> IFI6 x4
        ("GR001", "genes[45]", 340),   # IFIT1 x3
        ("GR001", "genes[46]", 345),   # MX1 x3
        ("GR001", "genes[57]", 400),   # IFITM1 x3
        ("GR001", "genes[66]", 445),   # OAS1 x2
        ("GR001", "genes[67]", 450),   # USP18 x3
    ])
    stat1 = next(f for f in found if f.line == 215)
    assert "'STAT1'" in stat1.message and "7 times" in stat1.message
    assert "210, 215, 220, 240, 245, 260, 270" in stat1.message


def test_expansion_rows_are_not_duplicates():
    # IFNA/IFNB maps to 15 genes in the seed: same word, different genes.
    found = lint(SEEDS / "PMC7321691__OTT-13-6037-g0001.md", ["GR001"])
    assert not any("IFNA/IFNB" in f.message for f in found)


# -- GR002 / GR003 / GR004 ----------------------------------------------------

def test_entrez_not_digits(tmp_path):
    text = _older_genes([_row("NFKB1", "NFKB1", "NFKB1", "4790.0"), _row("BCL2", "BCL2", "BCL2", 596),
                         _row("CCN1", "CCN1", "CCN1", ""), _row("X", "X", "X", "NA")])
    found = lint_text(tmp_path, text, select=["GR002"])
    assert [(f.field, f.value) for f in found] == [("genes[0].entrez", "4790.0"), ("genes[2].entrez", "")]


def test_empty_symbol(tmp_path):
    text = _older_genes([_row("NFKB1", "NFKB1", "", "4790"), _row("BCL2", "BCL2", None, "596"),
                         _row("CCN1", "CCN1", "CCN1", "3491")])
    found = lint_text(tmp_path, text, select=["GR003"])
    assert [f.field for f in found] == ["genes[0].hgnc_symbol", "genes[1].hgnc_symbol"]


def test_unknown_source_once_per_value(tmp_path):
    text = _older_genes([_row("A", "A", "A", "1", "HGNC"), _row("B", "B", "B", "2", "HGNC"),
                         _row("C", "C", "C", "3", "famplex_relations"), _row("D", "D", "D", "4", "manual")])
    found = lint_text(tmp_path, text, select=["GR004"])
    assert [(f.field, f.value) for f in found] == [("genes[0].source", "HGNC"), ("genes[3].source", "manual")]


def test_table_rows_point_at_table_lines(tmp_path):
    rows = [gene("TP53", "TP53", "TP53", "7157"), gene("MDM2", "MDM2", "", "x4193", source="HGNC")]
    rec = make_repo(tmp_path, tables=dict(CLEAN_TABLES, genes=(GENES_HEADER, rows)))
    found = lint(rec, ["GR002", "GR003", "GR004"])
    table = str(tmp_path / "_data" / "PMC11987792__cancers-17-01167-g005-genes.tsv")
    assert sorted((f.code, f.path, f.line) for f in found) == [
        ("GR002", table, 3), ("GR003", table, 3), ("GR004", table, 3)]


# -- GR005 OCR debris -----------------------------------------------------------

def test_debris_words():
    for word in ["(Osx,", "(Src", "-RANKL", "*Gao/goa-1", "MAPK)", "Bcl-2.", "Interferon-", "GPCR/", "p53,"]:
        assert ocr_debris(word), word
    for word in ["CD4+", "(ASK1)", "(AR,9q34)", "APOA2*", "IL-6", "14-3-3", "c-Fos", "3'", "", None, 5]:
        assert not ocr_debris(word), word


def test_debris_once_per_word_in_table():
    found = lint(CORPUS / "_figures" / "PMC10003241__ijms-24-04893-g003.md", ["GR005"])
    assert [(f.line, f.value) for f in found] == [(64, "Col1a1,"), (66, "(Osx,")]
    assert found[0].path.endswith("_data/PMC10003241__ijms-24-04893-g003-genes.tsv")
    assert "MID1, SP7" in found[1].message


def test_wrong_types_do_not_crash(tmp_path):
    data = clean_record("older")
    for i, genes in enumerate([None, "STAT1", [None, "x", 3, {"word": ["a"], "entrez": {"x": 1}}], {"a": 1}]):
        data["genes"] = genes
        found = lint_text(tmp_path / str(i), dump_record(data), select=GR)
        assert all(f.code in GR for f in found)


def test_corpus_counts():
    found = lint([CORPUS], GR)
    counts = {}
    for f in found:
        counts[f.code] = counts.get(f.code, 0) + 1
    # Reviewed: every GR005 word is a real token-boundary error; the corpus has
    # no duplicate inline rows, bad ids, empty symbols or unknown sources.
    assert counts == {"GR005": 21}


def test_duplicate_fix_keeps_first_of_each(tmp_path):
    from tests.helpers import lint_paths
    import shutil
    import yaml
    from pfocr_lint.cli import main
    rec = tmp_path / "PMC7321691__OTT-13-6037-g0001.md"
    shutil.copy(SEEDS / rec.name, rec)
    before = yaml.safe_load(rec.read_text(encoding="utf-8").split("---\n")[1])["genes"]
    main(["check", str(rec), "--select", "GR001", "--fix", "--unsafe-fixes", "-q"])
    after = yaml.safe_load(rec.read_text(encoding="utf-8").split("---\n")[1])["genes"]
    expected = []
    for row in before:
        if row not in expected:
            expected.append(row)
    assert after == expected and len(after) == len(before) - 23
    assert lint_paths([rec], select=["GR001"]) == []
