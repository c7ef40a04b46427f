"""AB rules (rules/abbreviations.py) and the caption glossary parser (rules/_glossary.py)."""

from __future__ import annotations

import pytest

from pfocr_lint.rules._glossary import definitions, norm_abbr
from tests.gene_knowledge import genes  # noqa: F401  (pytest fixture)
from tests.helpers import SEEDS, clean_record, dump_record, lint_paths, lint_text

AB = ["AB001", "AB002", "AB003", "AB004", "AB005", "AB006", "AB007", "AB008"]


def seed(name):
    return next(SEEDS.glob(name + "*.md"))


def keyword_findings(path):
    """{keyword on the finding's line: finding} for a seed."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out = {}
    for f in lint_paths([path], select=AB):
        out.setdefault(lines[f.line - 1].strip().lstrip("- ").strip(), []).append(f)
    return out


# -- the glossary parser ---------------------------------------------------------

@pytest.mark.parametrize("caption,abbr,long", [
    ("Abbreviations: GAS, interferon-gamma-activated sequence; IR, ionizing radiation.", "GAS",
     "interferon-gamma-activated sequence"),
    ("Abbreviations: GAS, interferon-gamma-activated sequence; IR, ionizing radiation.", "IR", "ionizing radiation"),
    ("Abbreviations: αKG: α-ketoglutarate; Arg: arginine; HBP: hexosamine biosynthetic pathway.", "Arg", "arginine"),
    ("Abbreviations: αKG: α-ketoglutarate; Arg: arginine; HBP: hexosamine biosynthetic pathway.", "HBP",
     "hexosamine biosynthetic pathway"),
    ("Abbreviations: αKG: α-ketoglutarate; Arg: arginine.", "αKG", "α-ketoglutarate"),
    ("pathway.Abbreviations: EMT, epithelial-to-mesenchymal transition; JAK, Janus kinase.", "EMT",
     "epithelial-to-mesenchymal transition"),
    ("HBP = hexosamine biosynthetic pathway; PPP = pentose phosphate pathway", "PPP", "pentose phosphate pathway"),
    ("an inhibitor of the calreticulin (CRT)-triggered phagocytosis", "CRT", "calreticulin"),
    ("These complex bind to ISRE or interferon-gamma-activated sequence (GAS) gene promoter elements", "GAS",
     "interferon-gamma-activated sequence"),
    ("up-regulates P-glycoprotein (Pgp), a drug efflux transporter", "Pgp", "P-glycoprotein"),
    ("resistant tumors express Pgp (P-glycoprotein) at high levels", "Pgp", "P-glycoprotein"),
    ("by which cysteine‐rich protein 61 (Cyr61) reduces imatinib mesylate (IM)‐induced apoptosis", "Cyr61",
     "cysteine-rich protein 61"),
    ("antigen-presenting dendritic cells (DCs) migrate", "DC", "dendritic cells"),
    ("Abbreviations: CPT1/2: carnitine palmitoyltransferase 1/2; GLS: glutaminase.", "CPT2",
     "carnitine palmitoyltransferase 1/2"),
    ("Abbreviations. OM: outer membrane; PGN: peptidoglycan; and IM: inner membrane.", "PGN", "peptidoglycan"),
])
def test_glossary_shapes(caption, abbr, long):
    d = definitions(caption)
    assert norm_abbr(abbr) in d, d
    assert d[norm_abbr(abbr)].long == long


@pytest.mark.parametrize("caption", [
    "JAK1, TYK2 and JAK2 activate STAT1 and STAT2.",
    "Note: Red bar denotes inhibition, green arrows denote activation.",
    "Oxaplatin, carboplatin, cisplatin, lobaplatin, and nedaplatin are platinum drugs",
    "The phosphorylated STAT1 triggers the heterodimers (ISGF3) or homodimers",
    "Chemo-immune-resistance (i) up-regulates (ii) promotes",
    "",
])
def test_glossary_ignores_non_definitions(caption):
    d = definitions(caption)
    assert not any(k in d for k in ("JAK1", "NOTE", "OXAPLATIN", "ISGF3", "I", "II")), d


def test_glossary_wrong_types():
    for value in (None, 5, ["GAS, gas"], {"a": 1}):
        assert definitions(value) == {}


# -- the seeds --------------------------------------------------------------------

def test_gas_defined_in_caption_flags_gast(genes):
    path = seed("PMC7321691")
    found = lint_paths([path], select=AB)
    gast = [f for f in found if f.code == "AB001"]
    assert len(gast) == 1
    f = gast[0]
    assert f.field.startswith("genes[") and f.field.endswith("hgnc_symbol") and f.value == "GAST"
    assert path.read_text(encoding="utf-8").splitlines()[f.line - 1].strip() == "hgnc_symbol: GAST"
    assert "interferon-gamma-activated sequence" in f.message and "gastrin" in f.message
    assert "GAST" in f.suggestion
    # SOCS -> CISH: the family word mapped to one member, as information only
    socs = [f for f in found if f.code == "AB006"]
    assert len(socs) == 1 and socs[0].value == "CISH" and str(socs[0].severity) == "info"
    assert "SOCS1" in socs[0].message
    # nothing else in this record is a mapping error (IRF9, STAT1 and IFN match their definitions)
    assert {f.code for f in found} == {"AB001", "AB006"}


def test_crt_and_erk_in_pmc6566596(genes):
    got = keyword_findings(seed("PMC6566596"))
    assert [f.code for f in got["SLC6A8"]] == ["AB001"]
    assert "calreticulin" in got["SLC6A8"][0].message and "CALR" in got["SLC6A8"][0].message
    assert "CALR" not in got                     # the right gene for CRT
    assert [f.code for f in got["EPHB2"]] == ["AB008"]
    assert "MAPK1" in got["EPHB2"][0].message and "MAPK3" in got["EPHB2"][0].message
    assert "MAPK1" not in got and "MAPK3" not in got and "ABCB1" not in got
    # Pgp -> PGPEP1: wrong, but the caption says Pgp is P-glycoprotein, so the
    # suggestion must not send the curator to PGP (phosphoglycolate phosphatase)
    (pgp,) = got["PGPEP1"]
    assert pgp.code == "AB008" and "'P-glycoprotein'" in pgp.suggestion and "names PGP" not in pgp.suggestion


def test_pmc11987792_reconstructed_mappings(genes):
    got = keyword_findings(seed("PMC11987792"))
    assert [f.code for f in got["ITK"]] == ["AB002"] and "epithelial-mesenchymal" in got["ITK"][0].message
    assert [f.code for f in got["SLC22A3"]] == ["AB002"]
    assert [f.code for f in got["TCF23"]] == ["AB003"] and "'out'" in got["TCF23"][0].message
    assert [f.code for f in got["RPS16"]] == ["AB004"] and "S16" in got["RPS16"][0].message
    assert [f.code for f in got["DEPDC1B"]] == ["AB008"] and "BRCC3" in got["DEPDC1B"][0].message
    for right in ("PTEN", "BRCC3", "NLRP3", "SOD1", "PIMREG", "BRSK2", "MIR3960"):
        assert right not in got
    for fs in got.values():
        assert all(f.suggestion for f in fs)


def test_cyr61_seed_and_pmc7349227_have_no_mapping_findings(genes):
    assert lint_paths([seed("PMC6676106"), seed("PMC7349227")], select=AB) == []


# -- crafted records ----------------------------------------------------------------

def lint_kw(tmp_path, caption, keywords):
    data = clean_record("newer")
    data["caption"] = caption
    data["schema-jsonld"]["keywords"] = keywords
    return lint_text(tmp_path, dump_record(data), select=AB)


def test_arginine_and_hbp_defined_in_a_glossary(tmp_path, genes):
    found = lint_kw(tmp_path, "Osteoblast metabolism. Abbreviations: Arg: arginine; HBP: hexosamine "
                    "biosynthetic pathway; HK: hexokinase.", ["HK2", "ABL2", "RERE", "AZU1", "SLBP"])
    flagged = {f.value: f.code for f in found}
    assert flagged == {"ABL2": "AB001", "RERE": "AB001", "AZU1": "AB001", "SLBP": "AB001"}


def test_metabolite_and_several_genes(tmp_path, genes):
    found = lint_kw(tmp_path, "Glycolysis turns ADP into ATP; p21 rises.", ["HK2", "WDTC1", "CDKN1A", "H3P16"])
    codes = sorted((f.code, f.value) for f in found)
    assert ("AB005", "WDTC1") in codes
    # FamPlex grounds p21 to CDKN1A: the other gene is the wrong one (not "one of two")
    ab8 = [f for f in found if f.code == "AB008"]
    assert [f.value for f in ab8] == ["H3P16"] and "p21 names CDKN1A (FamPlex)" in ab8[0].message
    assert not [f for f in found if f.code == "AB007"]
    if genes == "fixture":
        return  # the small fixture nomenclature has no ZIP aliases
    # a word FamPlex does not ground keeps AB007: at most one gene is meant
    found = lint_kw(tmp_path / "zip", "ZIP binds the receptor.", ["DAPK3", "ZGPAT"])
    ab7 = [f for f in found if f.code == "AB007"]
    assert len(ab7) == 1 and "DAPK3" in ab7[0].message and "ZGPAT" in ab7[0].message


def test_genes_named_in_the_caption_are_not_reconstructed(tmp_path, genes):
    # TCF23 is in the caption itself: it was not mapped from "out"
    assert lint_kw(tmp_path, "TCF23 pumps the drug out of the cell.", ["TCF23"]) == []


def test_ribosomal_s6_is_not_a_phosphosite(tmp_path, genes):
    found = lint_kw(tmp_path, "Phosphorylation of the ribosomal protein S16 by kinases.", ["RPS16"])
    assert found == []


def test_odd_cells_are_skipped_and_repeated_rows_give_the_same_findings(tmp_path, genes):
    # The genes rows are memoised per process by their cells: a second lint of
    # the same rows (warm memo) must find what the first found, and cells of
    # the wrong type are skipped, never a traceback.
    data = clean_record("older")
    data["genes"] = [
        {"word": "out", "symbol": "OUT", "source": "hgnc_alias_symbol", "hgnc_symbol": "TCF23", "entrez": "56061"},
        {"word": "x", "symbol": 5, "source": "hgnc_symbol", "hgnc_symbol": ["TCF23"]},
        {"word": ["out"], "symbol": "OUT", "source": ["hgnc_alias_symbol"], "hgnc_symbol": "TCF23"},
        "not a row",
        {"word": None, "symbol": " OUT ", "source": "hgnc_alias_symbol", "hgnc_symbol": "TCF23"},
    ]
    text = dump_record(data)
    first = lint_text(tmp_path / "a", text, select=AB)
    second = lint_text(tmp_path / "b", text, select=AB)
    assert [(f.code, f.field, f.value) for f in first] == [("AB003", "genes[0].hgnc_symbol", "TCF23")]
    assert [(f.code, f.field, f.message) for f in second] == [(f.code, f.field, f.message) for f in first]


def _captions():
    import yaml
    from pathlib import Path

    fixtures = Path(__file__).parent / "fixtures" / "corpus" / "_figures"
    for path in sorted(list(fixtures.glob("*.md")) + list(SEEDS.glob("*.md"))):
        data = yaml.safe_load(path.read_text(encoding="utf-8").split("\n---", 1)[0][4:])
        if isinstance(data, dict) and isinstance(data.get("caption"), str):
            yield data["caption"]
    # the shapes the expansions and normalisation produce
    yield "Dendritic cells (DCs) and CPT1/2, carnitine palmitoyltransferase; abbreviations: NF-κB, nuclear factor kappa B"
    yield "Abbreviations: ROS, reactive oxygen species; α-KG = alpha-ketoglutarate; HIF‐1α – hypoxia inducible factor 1 alpha"
    yield "interferon‑gamma‑activated sequence (GAS) and Pgp (P-glycoprotein) in T.reg. cells (T-regs)"


def test_every_defined_key_passes_the_caption_prefilter():
    # _caption_definitions skips the parse when no looked-up key can be
    # defined; that is sound only if every key definitions() can return
    # passes its test.
    from pfocr_lint.rules._mapping import _normalised_text, may_be_defined

    checked = 0
    for caption in _captions():
        text = _normalised_text(caption)
        for key in definitions(caption):
            assert may_be_defined(key, text), (key, caption)
            checked += 1
    assert checked > 50


def test_caption_definitions_skips_only_captions_that_cannot_define_the_words():
    from types import SimpleNamespace

    from pfocr_lint.rules._mapping import _caption_definitions

    caption = "Abbreviations: GAS, interferon-gamma-activated sequence; CPT1/2, carnitine palmitoyltransferase 1 and 2"
    m = lambda key, word: SimpleNamespace(key=key, word=word)  # noqa: E731
    assert "GAS" in _caption_definitions(caption, [m("GAS", "GAS")])
    assert "CPT2" in _caption_definitions(caption, [m("CPT2", "Cpt2")])  # only via the slash series
    assert _caption_definitions(caption, [m("STAT1", "STAT1"), m("TP53", "p53")]) == {}
    assert norm_abbr("GAS") in definitions(caption)  # the full parse would have found GAS


def test_caption_lookup_without_tokenising_agrees_with_the_token_index():
    # _Caption.get skips tokenising when the key's letters are not in the
    # text; it must answer exactly what the full token index answers
    from pfocr_lint.rules._mapping import _Caption, _caption_forms

    checked = 0
    for caption in _captions():
        forms = _caption_forms(caption)
        probe = _Caption(caption)
        for key in list(forms) + ["STAT1", "NFKB", "TP53", "GAS", "ERK12", "X", "CPT2"]:
            assert probe.get(key) == forms.get(key), (key, caption)
            checked += 1
        assert _Caption("no genes here").get("TP53") is None
    assert checked > 1000
