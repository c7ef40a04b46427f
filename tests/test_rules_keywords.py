"""KW001-KW005: schema-jsonld.keywords versus the gene, chemical and disease rows."""

from __future__ import annotations

import copy

import yaml

from tests.curation_trees import (CLEAN_TABLES, CORPUS, GENES_HEADER, SEEDS, gene, lint, make_repo,
                                  summary)
from tests.helpers import clean_record, dump_record, lint_text

KW = ["KW001", "KW002", "KW003", "KW004", "KW005"]


def _newer(keywords):
    data = clean_record("newer")
    data["schema-jsonld"]["keywords"] = keywords
    return data


def _older(keywords):
    data = clean_record("older")
    data["schema-jsonld"]["keywords"] = keywords
    return data


# -- golden: the seeds ------------------------------------------------------

def test_seed_findings():
    found = lint([SEEDS], KW)
    by_file = {}
    for f in found:
        by_file.setdefault(f.path.split("/")[-1], []).append(f)
    # PMC7349227: mir-210/mir210, one finding at 'mir210' (line 61), the keyword
    # that re-spells an earlier one. Mtor/mtor is left alone: organisms_ner
    # names zebrafish and the fly, whose symbols are written in lowercase.
    f7349227 = by_file.pop("PMC7349227__cells-09-01450-g003.md")
    assert summary(f7349227) == [("KW005", "schema-jsonld.keywords[7]", 61)]
    assert "mir-210/mir210" in f7349227[0].message and "Mtor" not in f7349227[0].message
    # PMC6566596: Cds/cd-s (line 72). Calr/CALR (capitalised/all-caps) and
    # tf/TF (lowercase beside a record naming zebrafish and the fly) are each
    # one gene's symbols in two species, and are left alone.
    f6566596 = by_file.pop("PMC6566596__ijms-20-02505-g004.md")
    assert summary(f6566596) == [("KW005", "schema-jsonld.keywords[1]", 72)]
    assert "Cds/cd-s" in f6566596[0].message
    assert "Calr" not in f6566596[0].message and "tf/TF" not in f6566596[0].message
    # The two older seeds are consistent with their inline lists; PMC11987792
    # has neither duplicates nor tables to compare with.
    assert by_file == {}


# -- the invariant on consistent data is clean ------------------------------

def test_consistent_tree_is_clean(tmp_path):
    rec = make_repo(tmp_path)
    assert lint(rec, KW + ["TB"]) == []


def test_consistent_corpus_records_are_clean():
    # Records whose tables come from the record's own commit (SOURCES.tsv) and
    # every older-layout record satisfy the invariant exactly.
    consistent = ["PMC10025411__fncel-17-1105247-g0001.md", "PMC1052007__JCI0524159.f1.md",
                  "PMC100003__mb2410470011.md", "PMC1186734__pgen.0010016.g006.md",
                  "PMC1236700__JCI0526471.f2.md", "PMC1342634__pgen.0010080.g001.md"]
    found = lint([CORPUS / "_figures" / n for n in consistent], ["KW001", "KW002", "KW003"])
    assert found == []


# -- KW001 missing ----------------------------------------------------------

def test_missing_gene_and_chemical_named(tmp_path):
    rec = make_repo(tmp_path, _newer(["TP53", "breast cancer"]))
    found = lint(rec, ["KW001"])
    assert len(found) == 1
    msg = found[0].message
    assert "MDM2" in msg and "Cisplatin" in msg and "TP53" not in msg
    assert found[0].field == "schema-jsonld.keywords"


def test_older_missing_has_unsafe_rewrite_fix(tmp_path):
    text = dump_record(_older(["NFKB1", "imatinib"]))
    found = lint_text(tmp_path, text, select=["KW001"])
    assert len(found) == 1 and "BCL2" in found[0].message and "CCN1" in found[0].message
    fix = found[0].fix
    assert fix is not None and fix.safety == "unsafe"
    src = (tmp_path / "PMC6676106__CAS-110-2421-g006.md").read_text(encoding="utf-8")
    for e in sorted(fix.edits, key=lambda e: -e.start):
        src = src[:e.start] + e.replacement + src[e.end:]
    assert "  keywords:\n  - NFKB1\n  - BCL2\n  - CCN1\n  - imatinib\n" in src  # the writer's layout
    fixed = yaml.safe_load(src.split("---\n")[1])
    assert fixed["schema-jsonld"]["keywords"] == ["NFKB1", "BCL2", "CCN1", "imatinib",
                                                 "Chronic myelogenous leukemia"]
    assert fixed["schema-jsonld"]["license"] == "CC0"  # the rest of the block survives


# -- KW002 extra ------------------------------------------------------------

def test_extra_keyword_at_its_line(tmp_path):
    rec = make_repo(tmp_path, _newer(["TP53", "MDM2", "EGFR", "Cisplatin", "breast cancer"]))
    found = lint(rec, ["KW002"])
    assert [(f.field, "'EGFR'" in f.message) for f in found] == [("schema-jsonld.keywords[2]", True)]
    lines = rec.read_text().splitlines()
    assert lines[found[0].line - 1].strip() == "- EGFR"


def test_extra_mentions_absent_chemicals_table(tmp_path):
    tables = dict(CLEAN_TABLES, chemicals=None)
    rec = make_repo(tmp_path, tables=tables)
    found = lint(rec, ["KW002"])
    assert len(found) == 1 and "'Cisplatin'" in found[0].message
    assert "no chemicals table" in found[0].message


def test_no_genes_table_means_no_extra_findings(tmp_path):
    rec = make_repo(tmp_path, tables=dict(CLEAN_TABLES, genes=None))
    assert lint(rec, ["KW002"]) == []
    assert [f.code for f in lint(rec, ["TB001"])] == ["TB001"]


# -- KW003 order ------------------------------------------------------------

def test_order_only(tmp_path):
    rec = make_repo(tmp_path, _newer(["MDM2", "TP53", "Cisplatin", "breast cancer"]))
    assert [f.code for f in lint(rec, ["KW001", "KW002", "KW003"])] == ["KW003"]
    (f,) = lint(rec, ["KW003"])
    assert "out of place" in f.message and ("MDM2" in f.message or "TP53" in f.message)


def test_order_ignores_repeated_chemicals(tmp_path):
    tables = copy.deepcopy(CLEAN_TABLES)
    tables["chemicals"][1].append(tables["chemicals"][1][0])  # Cisplatin twice
    rec = make_repo(tmp_path, tables=tables)
    assert lint(rec, ["KW001", "KW002", "KW003"]) == []


def test_corpus_drift_is_named():
    rec = CORPUS / "_figures" / "PMC10003241__ijms-24-04893-g003.md"
    found = {f.code: f for f in lint(rec, KW)}
    assert set(found) == {"KW001", "KW003"}
    assert "Glucose" in found["KW001"].message and "OBS proteins" in found["KW001"].message
    assert "SLC2A3" in found["KW003"].message


# -- KW004 / KW005 duplicates ----------------------------------------------

def test_exact_duplicate_each_repeat(tmp_path):
    text = dump_record(_newer(["PDC", "TP53", "PDC", "PDC"]))
    found = lint_text(tmp_path, text, select=["KW004"])
    assert [f.field for f in found] == ["schema-jsonld.keywords[2]", "schema-jsonld.keywords[3]"]


def test_orthologs_proven_by_table_are_not_variants(tmp_path):
    tables = dict(CLEAN_TABLES, genes=(GENES_HEADER, [
        gene("TP53", "TP53", "TP53", "7157"), gene("MDM2", "MDM2", "MDM2", "4193"),
        gene("MTOR", "MTOR", "MTOR", "2475"),
        gene("MTOR", "MTOR", "mtor", "324254", org="Danio rerio", org_id="7955")]))
    rec = make_repo(tmp_path, _newer(["TP53", "MDM2", "MTOR", "mtor", "Cisplatin", "breast cancer"]),
                    tables=tables)
    assert lint(rec, KW) == []


def test_same_organism_variants_are_reported(tmp_path):
    tables = dict(CLEAN_TABLES, genes=(GENES_HEADER, [
        gene("TP53", "TP53", "TP53", "7157"), gene("MDM2", "MDM2", "MDM2", "4193")]),
        chemicals=(CLEAN_TABLES["chemicals"][0], CLEAN_TABLES["chemicals"][1] + [
            ["cisplatin", "mesh:D002945", "Cisplatin", "cisplatin", "chebi:27899"]]))
    rec = make_repo(tmp_path, _newer(["TP53", "MDM2", "Cisplatin", "cisplatin", "breast cancer"]),
                    tables=tables)
    (f,) = lint(rec, ["KW005"])
    assert "Cisplatin/cisplatin" in f.message and f.field == "schema-jsonld.keywords[3]"


def test_human_rodent_pair_without_table_is_left_alone(tmp_path):
    text = dump_record(_newer(["MTOR", "Mtor", "TP53"]))
    assert lint_text(tmp_path, text, select=["KW005"]) == []


def test_lowercase_spelling_beside_zebrafish_or_fly_is_left_alone(tmp_path):
    for species in ("Danio rerio", "Drosophila melanogaster"):
        data = _newer(["MTOR", "Mtor", "mtor", "TP53", "tp53"])
        data["organisms_ner"] = ["Homo sapiens", species]
        assert lint_text(tmp_path / species.split()[0], dump_record(data), select=["KW005"]) == []


def test_lowercase_spelling_without_such_species_is_reported(tmp_path):
    data = _newer(["MTOR", "mtor", "TP53"])
    data["organisms_ner"] = ["Homo sapiens", "Mus musculus"]
    (f,) = lint_text(tmp_path, dump_record(data), select=["KW005"])
    assert "MTOR/mtor" in f.message and "cannot tell" in f.message


def test_variants_that_fit_no_species_style_are_reported(tmp_path):
    # a hyphen, a second spelling in one style, a mixed-case protein name
    data = _newer(["TLR2", "tlr-2", "Atf2", "ATf2", "EIF2A", "eIF2A"])
    data["organisms_ner"] = ["Homo sapiens", "Danio rerio"]
    (f,) = lint_text(tmp_path, dump_record(data), select=["KW005"])
    assert "TLR2/tlr-2" in f.message and "Atf2/ATf2" in f.message and "EIF2A/eIF2A" in f.message


def test_older_layout_variant_says_not_orthologs(tmp_path):
    text = dump_record(_older(["NFKB1", "BCL2", "CCN1", "Bcl2", "imatinib", "Chronic myelogenous leukemia"]))
    (f,) = lint_text(tmp_path, text, select=["KW005"])
    assert "BCL2/Bcl2" in f.message and "not orthologs" in f.message


# -- robustness -------------------------------------------------------------

def test_wrong_types_do_not_crash(tmp_path):
    for i, kw in enumerate(["TP53", None, {"a": 1}, [1, None, ["x"]], 5]):
        data = _older(kw)
        data["genes"] = ["NFKB1", {"hgnc_symbol": None}, 3] if i % 2 else "NFKB1"
        data["chemicals"] = {"word": "x"}
        found = lint_text(tmp_path / str(i), dump_record(data), select=KW)
        assert all(f.code in KW for f in found), [f.message for f in found]


def test_corpus_counts():
    found = lint([CORPUS], KW)
    counts = {}
    for f in found:
        counts[f.code] = counts.get(f.code, 0) + 1
    # Reviewed finding by finding (see the closing note): drift between
    # records and tables copied from different commits, repeats of a gene
    # symbol as chemical word, and non-ortholog case variants. (TYR/Tyr in
    # PMC1342634 is a gene and tyrosine, two entities: no KW005 since 2026-12-08.)
    assert counts == {"KW001": 8, "KW002": 4, "KW003": 1, "KW004": 4, "KW005": 6}


def test_duplicate_fix(tmp_path):
    import shutil
    from pfocr_lint.cli import main
    rec = tmp_path / "PMC12193713__pone.0327145.g005.md"
    shutil.copy(CORPUS / "_figures" / rec.name, rec)
    before = yaml.safe_load(rec.read_text(encoding="utf-8").split("---\n")[1])["schema-jsonld"]["keywords"]
    main(["check", str(rec), "--select", "KW004", "--fix", "-q"])
    after = yaml.safe_load(rec.read_text(encoding="utf-8").split("---\n")[1])["schema-jsonld"]["keywords"]
    assert after == list(dict.fromkeys(before)) and len(after) == len(before) - 2


def test_extra_and_order_point_at_the_right_item_after_a_null_keyword(tmp_path):
    # a null item is skipped in the comparison but still counts as an item:
    # the finding must name the keyword's own line, not its neighbour's
    rec = make_repo(tmp_path, _newer(["TP53", None, "MDM2", "EGFR", "Cisplatin", "breast cancer"]))
    found = lint(rec, ["KW002"])
    assert [f.field for f in found] == ["schema-jsonld.keywords[3]"]
    lines = rec.read_text().splitlines()
    assert lines[found[0].line - 1].strip() == "- EGFR"
    rec = make_repo(tmp_path / "order", _newer([None, "MDM2", "TP53", "Cisplatin", "breast cancer"]))
    found = lint(rec, ["KW003"])
    assert len(found) == 1
    assert rec.read_text().splitlines()[found[0].line - 1].strip() == f"- {found[0].value}"


def test_a_gene_and_a_chemical_spelt_alike_are_two_entities(tmp_path):
    """TYR (the enzyme, a genes-table row) and Tyr (tyrosine, a chemicals
    row MeSH backs) are not one name spelt twice; BiP as a chemical row
    mapped to phlorizin is the pipeline's mistake, so bip/BiP still is."""
    chem_header = CLEAN_TABLES["chemicals"][0]
    tables = dict(CLEAN_TABLES, genes=(GENES_HEADER, [
        gene("TP53", "TP53", "TP53", "7157"), gene("TYR", "TYR", "TYR", "7299"),
        gene("bip", "BIP", "bip", "249912", org="Drosophila melanogaster", org_id="7227")]),
        chemicals=(chem_header, CLEAN_TABLES["chemicals"][1] + [
            ["Tyr", "mesh:D014443", "Tyrosine", "tyrosine", "chebi:18186"],
            ["BiP", "mesh:D010695", "Phlorhizin", "phlorizin", "chebi:8113"]]))
    rec = make_repo(tmp_path, _newer(["TP53", "TYR", "Tyr", "bip", "BiP", "Cisplatin", "breast cancer"]),
                    tables=tables)
    (f,) = lint(rec, ["KW005"])
    assert "bip/BiP" in f.message and "TYR" not in f.message
