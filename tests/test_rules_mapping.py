"""MP001-MP002: mappings that are wrong on their face."""

from __future__ import annotations

import pytest

from pfocr_lint.rules.mapping import _degraded_roots, _homoglyph_variant, expansion
from tests.curation_trees import CLEAN_TABLES, CORPUS, GENES_HEADER, SEEDS, gene, lint, make_repo, summary
from tests.helpers import clean_record, dump_record, lint_text

MP = ["MP001", "MP002"]


@pytest.mark.parametrize("word,members", [
    ("ENO1-3", ["ENO1", "ENO2", "ENO3"]),
    ("GLUT1/3/4", ["GLUT1", "GLUT3", "GLUT4"]),
    ("LRP5/6", ["LRP5", "LRP6"]),
    ("CPT1/2", ["CPT1", "CPT2"]),
    ("WNT9/10", ["WNT9", "WNT10"]),
    ("mTORC1/2", ["mTORC1", "mTORC2"]),
    ("Smad2,3", ["Smad2", "Smad3"]),
    ("KDM6A/B", ["KDM6A", "KDM6B"]),
    ("(ENO1-3,", ["ENO1", "ENO2", "ENO3"]),
])
def test_expansion(word, members):
    assert expansion(word)[1] == members


@pytest.mark.parametrize("word", ["IFNA/IFNB", "p38/JNK", "Bad,Bmf,Bim,", "STAT1", "14-3-3", "Ga12,Gaq",
                                  "X5-1", None, 3])
def test_not_a_range(word):
    assert expansion(word) == (None, [])


def test_degraded_roots_and_homoglyphs():
    assert _degraded_roots("ENO") == ["EN"]
    assert _degraded_roots("GLUT") == [] and _degraded_roots("CPT") == []
    assert _homoglyph_variant("COL1A1", "CO11A1") == [("L", "1")]
    assert _homoglyph_variant("COL1A1", "COL1A1") == [] and _homoglyph_variant("ABC", "ABD") == []


def test_seed_findings():
    found = lint([SEEDS], MP)
    # PMC7321691 maps ENO1-3 to EN2 (line 425) and EN1 (line 430).
    assert summary(found) == [("MP001", "genes[62]", 425), ("MP001", "genes[63]", 430)]
    assert all(f.path.endswith("PMC7321691__OTT-13-6037-g0001.md") for f in found)
    assert "ENO1, ENO2, ENO3" in found[0].message and "EN2" in found[0].message


def test_alias_of_a_member_is_fine(tmp_path):
    data = clean_record("older")
    data["genes"] = [{"word": "GLUT1/3/4", "symbol": "GLUT3", "source": "hgnc_alias_symbol",
                      "hgnc_symbol": "SLC2A3", "entrez": "6515"},
                     {"word": "GLUT1/3/4", "symbol": "SLC2A4", "source": "hgnc_symbol",
                      "hgnc_symbol": "SLC2A4", "entrez": "6517"}]
    assert lint_text(tmp_path, dump_record(data), select=MP) == []


def test_range_in_table(tmp_path):
    rows = CLEAN_TABLES["genes"][1] + [gene("ENO1-3", "EN2", "EN2", "2020"), gene("ENO1-3", "ENO1", "ENO1", "2023")]
    rec = make_repo(tmp_path, tables=dict(CLEAN_TABLES, genes=(GENES_HEADER, rows)))
    (f,) = lint(rec, ["MP001"])
    assert f.path.endswith("-genes.tsv") and f.line == 4


def test_corpus_homoglyphs():
    found = lint([CORPUS], MP)
    assert sorted((f.path.split("/")[-1], f.line, f.code) for f in found) == [
        ("PMC10003241__ijms-24-04893-g003-genes.tsv", 65, "MP002"),  # Col1a1, read CO11A1 -> COL11A1
    ] + [("PMC1193534__pgen.0010027.g001-genes.tsv", line, "MP002")  # Cll read CL1 / C11 / CLI: every row
         for line in range(20, 26)]
    col = next(f for f in found if f.line == 65)
    assert "COL1A1" in col.message and "COL11A1" in col.message and "L->1" in col.message


def test_literal_only_word_is_fine(tmp_path):
    rows = CLEAN_TABLES["genes"][1] + [gene("Col1a1", "COL1A1", "COL1A1", "1277")]
    rec = make_repo(tmp_path, tables=dict(CLEAN_TABLES, genes=(GENES_HEADER, rows)))
    assert lint(rec, MP) == []


def test_odd_cells_beside_a_range_row(tmp_path):
    # MP's per-row scan is memoised by str cells only: rows with other types
    # are judged directly (True and 1 are equal dict keys but not equal words).
    data = clean_record("older")
    data["genes"] = [{"word": "ENO1-3", "symbol": True, "source": "hgnc_symbol", "hgnc_symbol": 1},
                     {"word": ["ENO1-3"], "symbol": "EN2", "source": "hgnc_symbol", "hgnc_symbol": "EN2"},
                     {"word": "ENO1-3", "symbol": "EN2", "source": "hgnc_symbol", "hgnc_symbol": "EN2",
                      "entrez": "2020"}]
    text = dump_record(data)
    first = lint_text(tmp_path / "a", text, select=MP)
    second = lint_text(tmp_path / "b", text, select=MP)
    assert [(f.code, f.field) for f in first] == [("MP001", "genes[2]")]
    assert [f.message for f in second] == [f.message for f in first]


def test_message_names_the_lexicon_entry_only_when_it_is_not_the_symbol(tmp_path):
    rows = CLEAN_TABLES["genes"][1] + [gene("ENO1-3", "EN2", "EN2", "2020"), gene("ENO1-3", "EN1", "ENGR1", "2019")]
    rec = make_repo(tmp_path, tables=dict(CLEAN_TABLES, genes=(GENES_HEADER, rows)))
    same, other = lint(rec, ["MP001"])
    assert "maps it to EN2: the 'O' of 'ENO' was read as a digit" in same.message
    assert "maps it to ENGR1 through the lexicon entry 'EN1': the 'O'" in other.message
