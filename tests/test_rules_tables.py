"""TB001-TB004: companion tables, on small hand-made figure repositories."""

from __future__ import annotations

from tests.curation_trees import (CHEM_HEADER, CLEAN_TABLES, CORPUS, DISEASE_HEADER, GENES_HEADER, gene,
                                  lint, make_repo, write_tsv)
from tests.helpers import clean_record, dump_record, lint_text

TB = ["TB001", "TB002", "TB003", "TB004"]
FIGID = "PMC11987792__cancers-17-01167-g005"


def _table(root, kind):
    return str(root / "_data" / f"{FIGID}-{kind}.tsv")


def test_clean_tree(tmp_path):
    assert lint(make_repo(tmp_path), TB) == []


def test_not_in_a_figure_repository(tmp_path):
    # Outside _figures/ there is no _data to look in: nothing is missing.
    assert lint_text(tmp_path, dump_record(clean_record("newer")), select=TB) == []


def test_missing_genes_table(tmp_path):
    rec = make_repo(tmp_path, tables={})
    (f,) = lint(rec, TB)
    assert f.code == "TB001" and f.field == "schema-jsonld.keywords"
    assert "-genes.tsv" in f.message and "TP53" in f.message


def test_missing_genes_table_message_grammar(tmp_path):
    (one,) = lint(make_repo(tmp_path / "a", tables=dict(CLEAN_TABLES, genes=None, chemicals=None)), TB)
    assert one.message.endswith("(only the diseases table exists)")
    (two,) = lint(make_repo(tmp_path / "b", tables=dict(CLEAN_TABLES, genes=None)), TB)
    assert two.message.endswith("(only the chemicals and diseases tables exist)")


def test_keywords_all_chemicals_need_no_genes_table(tmp_path):
    data = clean_record("newer")
    data["schema-jsonld"]["keywords"] = ["Cisplatin", "breast cancer"]
    rec = make_repo(tmp_path, data, tables=dict(CLEAN_TABLES, genes=None))
    assert lint(rec, TB) == []


def test_older_layout_needs_no_tables(tmp_path):
    rec = make_repo(tmp_path, clean_record("older"), tables={})
    assert lint(rec, TB) == []


def test_duplicate_rows(tmp_path):
    chem = ["Glucose", "mesh:D005947", "Glucose", "D-glucopyranose", "chebi:4167"]
    rec = make_repo(tmp_path, tables=dict(CLEAN_TABLES, chemicals=(CHEM_HEADER, [
        CLEAN_TABLES["chemicals"][1][0], chem, chem, chem])))
    found = lint(rec, ["TB002"])
    assert [(f.path, f.line) for f in found] == [(_table(tmp_path, "chemicals"), 4),
                                               (_table(tmp_path, "chemicals"), 5)]
    assert "'Glucose'" in found[0].message and "line 3" in found[0].message


def test_na_cells_per_column(tmp_path):
    genes = CLEAN_TABLES["genes"][1] + [gene("NA", "NA", "na", "45338", org="Drosophila melanogaster"),
                                        ["9606", "Homo sapiens", "Primates", "BAX", "BAX", "BAX", "581",
                                         "ncbigene_symbol", "NA", "NA", "3"]]
    diseases = [["breast cancer", "mesh:D001943", "NA", "NA", "NA"], ["Stroma", "NA", "NA", "NA", "NA"]]
    rec = make_repo(tmp_path, tables=dict(CLEAN_TABLES, genes=(GENES_HEADER, genes),
                                          diseases=(DISEASE_HEADER, diseases)))
    found = lint(rec, ["TB003"])
    # NA in match/name/doid ("no match") and in count columns is legitimate.
    assert sorted((f.path, f.line) for f in found) == [(_table(tmp_path, "diseases"), 3),
                                                       (_table(tmp_path, "genes"), 4)]
    assert any("mesh='NA'" in f.message for f in found)


def test_ragged_and_unreadable(tmp_path):
    rec = make_repo(tmp_path)
    write_tsv(tmp_path / "_data" / f"{FIGID}-chemicals.tsv", None, None,
              raw="word\tmesh\tmatch\tname\tchebi\nCisplatin\tmesh:D002945\tCisplatin\n"
                  "Cis\tplatin\tmesh:D002945\tNA\tNA\tNA\n")
    (tmp_path / "_data" / f"{FIGID}-diseases.tsv").write_bytes(b"word\tmesh\n\xff\xfe broken\n")
    write_tsv(tmp_path / "_data" / f"{FIGID}-genes.tsv", None, None, raw="symbol\tid\nTP53\t7157\n")
    found = lint(rec, ["TB004"])
    got = sorted((f.path.split("-")[-1], f.line) for f in found)
    assert got == [("chemicals.tsv", 2), ("chemicals.tsv", 3), ("diseases.tsv", 1), ("genes.tsv", 1)]
    assert any("3 cells" in f.message for f in found) and any("6 cells" in f.message for f in found)
    # An unreadable table feeds no other rule.
    assert [f.code for f in lint(rec, ["KW", "GR", "MP", "TB002", "TB003"])] == []


def test_empty_table_file(tmp_path):
    rec = make_repo(tmp_path)
    (tmp_path / "_data" / f"{FIGID}-genes.tsv").write_text("", encoding="utf-8")
    (f,) = lint(rec, ["TB004"])
    assert "empty" in f.message and f.line == 1


def test_corpus_findings():
    found = lint([CORPUS], ["TB002", "TB003", "TB004"])
    counts = {}
    for f in found:
        counts[f.code] = counts.get(f.code, 0) + 1
    # Reviewed: Glucose/Arg/ATP/NADH... repeats, 'cartilage' and 'cancer'
    # repeats; a gene row whose word is NA (sodium 'Na' -> fly gene na) and a
    # disease row without a MeSH id ('Stroma').
    assert counts == {"TB002": 17, "TB003": 2}
    assert {(f.path.split("/")[-1], f.line) for f in found if f.code == "TB003"} == {
        ("PMC10030510__fimmu-14-1140749-g002-genes.tsv", 68),
        ("PMC10033548__fcell-11-1096923-g007-diseases.tsv", 2)}


def test_a_short_row_is_ragged_not_na(tmp_path):
    """A row cut short is one problem (TB004), not also an NA in every cell
    it lacks (TB003); an NA it does have is still reported."""
    rec = make_repo(tmp_path)
    write_tsv(tmp_path / "_data" / f"{FIGID}-chemicals.tsv", None, None,
              raw="word\tmesh\tmatch\tname\tchebi\nCisplatin\n"
                  "Glucose\tNA\tNA\n")
    found = sorted((f.code, f.line) for f in lint(rec, ["TB003", "TB004"]))
    assert found == [("TB003", 3), ("TB004", 2), ("TB004", 3)]


def test_chemical_keywords_miss_the_chemicals_table(tmp_path):
    """Keywords that are chemical names (MeSH, a dictionary word, a name
    with a space, or mostly so) point at a missing chemicals table, not a
    genes table; another organism's gene symbols still point at genes."""
    data = clean_record("newer")
    data["schema-jsonld"]["keywords"] = ["Serine", "Leucine", "Arachidonic acid", "aspirin", "pyruvate"]
    rec = make_repo(tmp_path / "chem", data, tables={})
    (f,) = lint(rec, ["TB001"])
    assert f.message.startswith("no chemicals table") and "-chemicals.tsv" in f.message
    assert "Restore the chemicals table" in f.suggestion
    data["schema-jsonld"]["keywords"] = ["pflB", "poxB", "adhE", "ackA"]   # E. coli genes
    rec = make_repo(tmp_path / "genes", data, tables={})
    (f,) = lint(rec, ["TB001"])
    assert f.message.startswith("no genes table") and "pflB" in f.message
