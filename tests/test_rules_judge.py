"""SP001 and the row judgement of rules/_judge.py: species, word meaning, meant gene.

Each test builds a small figure repository with the shipped snapshots (genes
and gene context) and checks which genes-table rows are reported, and why."""

from __future__ import annotations

import pytest

from pfocr_lint.hgnc.context import GeneContext
from pfocr_lint.rules._species import scan
from tests.curation_trees import CLEAN_TABLES, GENES_HEADER, gene, lint, make_repo
from tests.helpers import clean_record

JUDGED = ["SP001", "AB001", "AB002", "AB003", "AB005", "AB007", "AB008", "AB009", "MP002"]
FLY = dict(org="Drosophila melanogaster", org_id="7227")
MOUSE = dict(org="Mus musculus", org_id="10090")


def _lint(tmp_path, rows, **fields):
    data = clean_record("newer")
    data.update(fields)
    rec = make_repo(tmp_path, data, tables=dict(CLEAN_TABLES, genes=(GENES_HEADER, rows)))
    return lint(rec, JUDGED)


def _by_line(found):
    return {f.line: f for f in found}


@pytest.fixture(scope="module")
def context():
    return GeneContext()


# -- species ------------------------------------------------------------------
def test_fly_row_in_a_human_figure(tmp_path):
    rows = [gene("FAK", "FAK", "PTK2", "5747", "ncbigene_synonym"), gene("FAK", "FAK", "Fak", "37233", **FLY)]
    found = _by_line(_lint(tmp_path, rows, organisms=["Homo sapiens"], organisms_ner=["Drosophila melanogaster"]))
    assert set(found) == {3}
    f = found[3]
    assert f.code == "SP001" and f.path.endswith("-genes.tsv")
    assert "Drosophila melanogaster" in f.message and "Homo sapiens (organisms)" in f.message
    assert "only organisms_ner names Drosophila melanogaster" in f.message
    assert "Remove the row" in f.suggestion


def test_fly_row_in_a_fly_figure(tmp_path):
    rows = [gene("FAK", "FAK", "Fak", "37233", **FLY)]
    assert _lint(tmp_path, rows, organisms=["NA"], figtitle="Integrin signalling in the D. melanogaster wing") == []
    assert _lint(tmp_path / "b", rows, organisms=["Drosophila melanogaster"]) == []


def test_human_rows_in_a_beetle_figure(tmp_path):
    rows = [gene("Tube", "TUBE", "TUBE1", "51175", "ncbigene_synonym")]
    found = _lint(tmp_path, rows, organisms=["NA"], organisms_ner=["Homo sapiens"],
                  figtitle="Simplified overview of the flour beetle Toll signaling pathway",
                  caption="Toll signalling through MyD88, Tube and Pelle.")
    assert [(f.code, f.line) for f in found] == [("SP001", 2)]
    assert "flour beetle" in found[0].message


def test_mouse_rows_in_a_human_figure_are_fine(tmp_path):
    rows = [gene("BAX", "BAX", "BAX", "581"), gene("BAX", "BAX", "Bax", "12028", **MOUSE)]
    assert _lint(tmp_path, rows, organisms=["Homo sapiens"]) == []


def test_species_names_in_text(context):
    names = context.species_names
    assert scan("Expression in D. melanogaster and mice", names) == {"D. melanogaster": "fly", "mice": "mouse"}
    assert scan("The flour beetle Toll pathway", names) == {"flour beetle": "insect"}
    assert scan("Cancer cells and their Hedgehog ligands", names) == {}   # genus 'Cancer' is an English word


# -- what the word means ---------------------------------------------------------
def test_approved_symbol_wins_over_a_shared_alias(tmp_path):
    rows = [gene("HK2", "HK2", "HK2", "3099"), gene("HK2", "HK2", "KCNA5", "3741", "ncbigene_synonym")]
    found = _by_line(_lint(tmp_path, rows))
    assert set(found) == {3} and found[3].code == "AB008"
    assert "approved symbol" in found[3].message and "hexokinase 2" in found[3].message


def test_approved_symbol_wins_over_an_ncbi_only_synonym(tmp_path):
    # GDF10 carries BIP only in NCBI Gene; HGNC lists BiP for HSPA5 alone
    rows = [gene("BiP", "BIP", "HSPA5", "3309", "ncbigene_synonym"),
            gene("BiP", "BIP", "GDF10", "2662", "ncbigene_synonym")]
    found = _by_line(_lint(tmp_path, rows))
    assert set(found) == {3} and found[3].code == "AB008"
    assert "HSPA5" in found[3].message and "GDF10" in found[3].message
    assert "map 'BiP' to HSPA5" in found[3].suggestion


def test_famplex_grounding_names_the_gene(tmp_path):
    rows = [gene("p62", "P62", "SQSTM1", "8878", "ncbigene_synonym"),
            gene("p62", "P62", "NUP62", "23636", "ncbigene_synonym")]
    found = _by_line(_lint(tmp_path, rows))
    assert set(found) == {3} and found[3].code == "AB008" and "SQSTM1" in found[3].message


def test_famplex_grounds_a_chemical(tmp_path):
    rows = [gene("ATP", "ATP", "ATP8A2", "51761", "ncbigene_synonym")]
    (f,) = _lint(tmp_path, rows)
    assert f.code == "AB005" and "FamPlex grounds it to HMDB" in f.message


def test_english_word_written_as_one(tmp_path):
    rows = [gene("fog", "FOG", "Zfpm1", "22761", "ncbigene_synonym", **MOUSE)]
    (f,) = _lint(tmp_path, rows, caption="Brain fog after infection.")
    assert f.code == "AB003" and "'fog' is an English word" in f.message


def test_orthologs_of_the_meant_gene_are_fine(tmp_path):
    rows = [gene("PERK", "PERK", "EIF2AK3", "9451", "ncbigene_synonym"),
            gene("PERK", "PERK", "Eif2ak3", "13666", "ncbigene_synonym", **MOUSE),
            gene("PERK", "PERK", "Lamp1", "16783", "ncbigene_synonym", **MOUSE),
            gene("P53", "P53", "Trp53", "22059", "ncbigene_synonym", **MOUSE)]
    found = _by_line(_lint(tmp_path, rows))
    assert set(found) == {4} and "Lamp1" in found[4].message and "EIF2AK3" in found[4].suggestion


def test_weak_readings_leave_hgnc_listed_genes_alone(tmp_path):
    # FXR is the stem of FXR1/FXR2, but HGNC lists it as an alias of NR1H4 too
    rows = [gene("FXR", "FXR", "NR1H4", "9971", "ncbigene_synonym")]
    assert _lint(tmp_path, rows) == []


def test_caption_definitions(tmp_path):
    rows = [gene("HBP", "HBP", "AZU1", "566", "ncbigene_synonym"),
            gene("CTP", "CTP", "SLC25A1", "6576", "ncbigene_synonym")]
    caption = ("Metabolism. Abbreviations: CTP, citrate transport protein; "
               "HBP, hexosamine biosynthetic pathway; TCA, tricarboxylic acid.")
    found = _by_line(_lint(tmp_path, rows, caption=caption))
    assert set(found) == {2}
    assert found[2].code == "AB001" and "hexosamine biosynthetic pathway" in found[2].message


def test_synonym_clash_with_no_meaning(tmp_path):
    rows = [gene("CDM", "CDM", "CALD1", "800", "ncbigene_synonym"),
            gene("CDM", "CDM", "BCAP31", "10134", "ncbigene_synonym")]
    found = _lint(tmp_path, rows)
    assert [(f.code, f.line) for f in found] == [("AB007", 2), ("AB007", 3)]
    assert "BCAP31, CALD1" in found[0].message


def test_one_finding_per_row(tmp_path):
    """A row the caption analysis (AB001 on GAS) reports is not judged again."""
    rows = [gene("GAS", "GAS", "GAST", "2520", "ncbigene_synonym")]
    caption = "STAT1 binds GAS elements. Abbreviations: GAS, interferon-gamma-activated sequence."
    found = _lint(tmp_path, rows, caption=caption)
    assert [(f.code, f.line) for f in found] == [("AB001", 2)]


# -- keywords of another species (SP002) ------------------------------------------
def test_seed_fly_keywords_in_a_human_review():
    from tests.curation_trees import SEEDS

    path = SEEDS / "PMC6566596__ijms-20-02505-g004.md"
    found = lint([path], ["SP002"])
    lines = path.read_text(encoding="utf-8").splitlines()
    got = {lines[f.line - 1].strip()[2:]: f for f in found}
    for kw in ("Ras85D", "Dsor1", "Debcl", "Ras64B", "Mdr65"):
        assert kw in got, kw
        assert "Drosophila melanogaster" in got[kw].message and "organisms_ner" in got[kw].message
        assert got[kw].suggestion.startswith(f"Remove {kw!r}")
    # human symbols, chemicals, diseases and English words are not another species' genes
    for kw in ("CD8A", "KRAS", "kynurenine", "Cancer", "Cardiomyopathy", "Noonan syndrome", "Calr"):
        assert kw not in got, kw


def test_keywords_of_a_species_the_record_names_are_fine(tmp_path):
    from tests.helpers import dump_record, lint_text

    data = clean_record("newer")
    data["schema-jsonld"]["keywords"] = ["TP53", "Ras85D"]
    data.update(organisms=["NA"], organisms_ner=["Drosophila melanogaster", "Homo sapiens"])
    assert [f.code for f in lint_text(tmp_path / "a", dump_record(data), select=["SP002"])] == ["SP002"]
    data["figtitle"] = "Ras signalling in the Drosophila eye"
    assert lint_text(tmp_path / "b", dump_record(data), select=["SP002"]) == []


# -- caption glossary styles ------------------------------------------------------------
@pytest.mark.parametrize("caption,expected", [
    ("Blocks result in porphyrias. AR=autosomal recessive, AD=autosomal dominant",
     {"AR": "autosomal recessive", "AD": "autosomal dominant"}),
    ("Map. PEP, phosphoenolpyruvate, PEPC, PEPC carboxylase, OAA, oxaloacetate; HBP: hexosamine biosynthetic pathway",
     {"PEP": "phosphoenolpyruvate", "PEPC": "PEPC carboxylase", "OAA": "oxaloacetate",
      "HBP": "hexosamine biosynthetic pathway"}),
    ("STAT1 binds GAS elements. Abbreviations: GAS, interferon-gamma-activated sequence; X = Y.",
     {"GAS": "interferon-gamma-activated sequence"}),
    ("JAK1, TYK2, JAK2 and STAT1, STAT3 are shown.", {}),
])
def test_glossary_styles(caption, expected):
    from pfocr_lint.rules._glossary import definitions

    assert {k: d.long for k, d in definitions(caption).items()} == expected


def test_inheritance_and_cell_types_are_not_genes(tmp_path):
    rows = [gene("OBs", "OBS", "LEP", "3952", "ncbigene_synonym"),
            gene("AR", "AR", "AR", "367")]
    caption = "Bone remodelling by osteoblasts (OBs). AR=autosomal recessive, AD=autosomal dominant"
    found = _by_line(_lint(tmp_path, rows, caption=caption))
    assert set(found) == {2, 3} and {f.code for f in found.values()} == {"AB001"}
    assert "autosomal recessive" in found[3].message and "osteoblasts" in found[2].message


def test_numbered_label_series(tmp_path):
    rows = [gene("v1", "V1", "MTPN", "136319", "ncbigene_synonym"),
            gene("v12", "V12", "IGLV2-8", "28816", "ncbigene_synonym"),
            gene("V17", "V17", "IGLV2-23", "28813", "ncbigene_synonym"),
            gene("p53", "P53", "TP53", "7157", "ncbigene_synonym"),
            gene("p21", "P21", "CDKN1A", "1026", "ncbigene_synonym"),
            gene("p38", "P38", "MAPK14", "1432", "ncbigene_synonym")]
    found = [f for f in _lint(tmp_path, rows) if f.code == "AB009"]
    assert [f.line for f in found] == [2, 3, 4]
    assert "v1, V17, v12" in found[0].message and "reaction rates" in found[0].message
    # two labels are no series
    assert [f for f in _lint(tmp_path / "b", rows[:2]) if f.code == "AB009"] == []


def test_sp002_stands_aside_for_a_microbe_or_a_species_the_caption_names(tmp_path):
    from tests.helpers import dump_record, lint_text

    data = clean_record("newer")
    data["schema-jsonld"]["keywords"] = ["TP53", "Ras85D", "vraG"]
    data.update(organisms=["Homo sapiens", "Staphylococcus aureus"],
                organisms_ner=["Drosophila melanogaster", "Homo sapiens"])
    assert lint_text(tmp_path / "a", dump_record(data), select=["SP002"]) == []
    data.update(organisms=["NA"], caption="Sulfate assimilation in S. cerevisiae.")
    assert lint_text(tmp_path / "b", dump_record(data), select=["SP002"]) == []
    # plants in a curated list are often NER output of a herbal formula: no say
    data.update(organisms=["Homo sapiens", "Panax ginseng"], caption="PI3K-AKT in lung adenocarcinoma.")
    assert [f.value for f in lint_text(tmp_path / "c", dump_record(data), select=["SP002"])] == ["Ras85D", "vraG"]
