"""HG rules (rules/hgnc_symbols.py) on the seeds and on crafted records, through
the engine, against both the fixture knowledge and the shipped snapshot."""

from __future__ import annotations

import shutil

import yaml

from tests.gene_knowledge import genes  # noqa: F401  (pytest fixture)
from tests.helpers import SEEDS, clean_record, dump_record, lint_paths, lint_text

HG = ["HG001", "HG002", "HG003", "HG004", "HG005", "HG006", "HG007", "HG008"]


def by(findings, code=None, field=None):
    return [f for f in findings if (code is None or f.code == code) and (field is None or f.field == field)]


def seed(name):
    return next(SEEDS.glob(name + "*.md"))


def record_with_keywords(tmp_path, keywords, **changes):
    data = clean_record("newer")
    data["schema-jsonld"]["keywords"] = keywords
    data.update(changes)
    return lint_text(tmp_path, dump_record(data), select=HG)


def test_cyr61_is_a_previous_symbol_of_ccn1(genes):
    path = seed("PMC6676106")
    found = lint_paths([path], select=HG)
    text = path.read_text(encoding="utf-8").splitlines()
    kw = by(found, "HG001", "schema-jsonld.keywords[2]")
    row = by(found, "HG001", "genes[2].hgnc_symbol")
    assert len(kw) == 1 and len(row) == 1
    for f in kw + row:
        assert "CYR61" in f.message and "CCN1" in f.message
        assert "CCN1" in f.suggestion
        assert f.fix is not None and f.fix.safety == "safe"
        assert "CYR61" in text[f.line - 1]
    assert text[row[0].line - 1].strip() == "hgnc_symbol: CYR61"
    # the renamed gene is not also a "source" or "entrez" problem
    assert not by(found, "HG007") and not by(found, "HG008")


def test_cyr61_fix_writes_ccn1(tmp_path, genes):
    target = tmp_path / "_figures" / "PMC6676106__CAS-110-2421-g006.md"
    target.parent.mkdir()
    shutil.copy(seed("PMC6676106"), target)
    from pfocr_lint.cli import main
    assert main(["check", "--fix", "--select", "HG001", str(target)]) in (0, 1)
    data = yaml.safe_load(target.read_text(encoding="utf-8").split("---\n")[1])
    assert data["genes"][2]["hgnc_symbol"] == "CCN1"
    assert "CCN1" in data["schema-jsonld"]["keywords"] and "CYR61" not in data["schema-jsonld"]["keywords"]


def test_pmc7349227_keywords_that_are_not_human_or_mouse_symbols(genes):
    path = seed("PMC7349227")
    found = lint_paths([path], select=HG)
    lines = path.read_text(encoding="utf-8").splitlines()
    got = {}
    for f in found:
        kw = lines[f.line - 1].strip()[2:]
        got[kw] = f
    for kw in ("SRPK", "foxo", "Tor", "mir-210"):
        assert kw in got, f"{kw} not reported"
        assert got[kw].suggestion
    assert got["SRPK"].code == "HG004" and "SRPK1" in got["SRPK"].message
    assert got["foxo"].code == "HG004" and "FOXO1" in got["foxo"].suggestion
    assert got["Tor"].code == "HG004" and "RORC" in got["Tor"].message
    assert got["mir-210"].code == "HG005" and "MIR210" in got["mir-210"].suggestion
    assert got["mtor"].code == "HG005" and "MTOR" in got["mtor"].message
    # Mtor is the mouse symbol, and the record lists Mus musculus; as it is
    # already a keyword, rewriting 'mtor' would duplicate it: remove it instead
    assert "Mtor" not in got
    assert got["mtor"].suggestion.startswith("Remove 'mtor': Mtor is already listed")
    assert got["mtor"].fix is None
    # organisms_ner names zebrafish and the fly, but nothing else in the record
    # does (a human/mouse exosome review): no "may be a fly symbol" note
    for kw in ("foxo", "mir-210", "mtor", "mir155", "mir210", "SRPK", "Tor"):
        assert "may be a symbol of" not in got[kw].message, kw
        assert "to 'organisms'" not in got[kw].suggestion, kw


def test_other_seeds_have_no_symbol_findings(genes):
    # PMC6566596 lists Drosophila among organisms_ner (with organisms NA): fly
    # symbols (crt, ras, Raf) may be right there; the GAS seed is all approved.
    found = lint_paths([seed("PMC6566596"), seed("PMC7321691"), seed("PMC11987792")], select=HG)
    assert found == [], [(f.code, f.message) for f in found]


def test_case_variant_of_a_listed_mgi_symbol_is_a_duplicate(tmp_path, genes):
    # on a human + mouse record 'mtor' may be HGNC MTOR or MGI Mtor: with either
    # already listed, the curation action is to drop it, and no fix is offered
    for listed in ("MTOR", "Mtor"):
        found = record_with_keywords(tmp_path / listed, ["TP53", listed, "mtor", "Cisplatin"],
                                     organisms=["Homo sapiens", "Mus musculus"])
        (f,) = [f for f in found if f.code == "HG005"]
        assert f.suggestion == f"Remove 'mtor': {listed} is already listed" and f.fix is None
        assert "organisms_ner" not in f.message


def test_species_note_only_where_evidence_beyond_organisms_ner_names_the_species(tmp_path, genes):
    kws = ["TP53", "Ras85D", "ctnnb1"]
    human = ["Homo sapiens"]
    fish_ner = ["Homo sapiens", "Danio rerio"]
    # organisms_ner alone: the NER is often wrong, so no note
    fish = record_with_keywords(tmp_path / "fish", kws, organisms=human, organisms_ner=fish_ner)
    assert not any("may be a symbol of" in f.message for f in fish)
    # the caption names zebrafish too: a lowercase keyword may be a ZFIN symbol
    fish = record_with_keywords(tmp_path / "fish2", kws, organisms=human, organisms_ner=fish_ner,
                                caption="Wnt signalling in zebrafish fin regeneration and human cells.")
    got = {f.value: f for f in fish}
    assert "may be a symbol of Danio rerio, which the record names beyond 'organisms_ner'" in got["ctnnb1"].message
    assert "Danio rerio" not in got["Ras85D"].message
    fly = record_with_keywords(tmp_path / "fly", kws, organisms=human,
                               organisms_ner=["Homo sapiens", "Drosophila melanogaster"],
                               figtitle="Conserved growth pathways in Drosophila and human cancer")
    assert all("may be a symbol of Drosophila melanogaster" in f.message for f in fly)
    plain = record_with_keywords(tmp_path / "plain", kws, organisms=human, organisms_ner=human)
    assert {f.value for f in plain} == {"Ras85D", "ctnnb1"}
    assert not any("organisms_ner" in f.message for f in plain)


def test_wrong_case_on_human_record(tmp_path, genes):
    found = record_with_keywords(tmp_path, ["TP53", "Mtor", "Cisplatin", "breast cancer"])
    assert [f.code for f in found] == ["HG005"]
    assert found[0].field == "schema-jsonld.keywords[1]"
    assert "MTOR" in found[0].message and found[0].fix.safety == "unsafe"


def test_excel_dates(tmp_path, genes):
    found = record_with_keywords(tmp_path, ["TP53", "1-Mar", "2-Sep", "9/7", "Cisplatin"])
    hg6 = {f.field: f for f in by(found, "HG006")}
    assert set(hg6) == {"schema-jsonld.keywords[1]", "schema-jsonld.keywords[2]", "schema-jsonld.keywords[3]"}
    assert "MARCHF1" in hg6["schema-jsonld.keywords[1]"].suggestion
    assert "SEPTIN2" in hg6["schema-jsonld.keywords[2]"].suggestion
    assert "SEPTIN7" in hg6["schema-jsonld.keywords[3]"].suggestion
    assert hg6["schema-jsonld.keywords[1]"].fix.safety == "safe"
    assert hg6["schema-jsonld.keywords[3]"].fix.safety == "unsafe"
    assert len(found) == 3      # one finding per field


def test_alias_withdrawn_and_unknown(tmp_path, genes):
    found = record_with_keywords(tmp_path, ["TP53", "KBF1", "CTAA1", "SRPK", "CRT"])
    codes = {f.field: f.code for f in found}
    assert codes["schema-jsonld.keywords[1]"] == "HG003"
    assert codes["schema-jsonld.keywords[2]"] == "HG002"
    assert codes["schema-jsonld.keywords[3]"] == "HG004"
    crt = by(found, field="schema-jsonld.keywords[4]")[0]
    assert crt.code == "HG003" and "CALR" in crt.suggestion and "SLC6A8" in crt.suggestion
    assert by(found, field="schema-jsonld.keywords[1]")[0].suggestion.endswith("NFKB1")


def test_chemicals_and_metabolites_are_not_genes(tmp_path, genes):
    kws = ["TP53", "ATP", "cAMP", "ROS", "L-alanine", "Acetyl-CoA", "UDP-glucose", "Kynurenine",
           "5-HT", "Ca2+", "dsRNA", "cancer", "Noonan syndrome"]
    assert record_with_keywords(tmp_path, kws) == []


def test_mouse_record(tmp_path, genes):
    found = record_with_keywords(tmp_path, ["Trp53", "TRP53", "Pten", "Bcl2"], organisms=["Mus musculus"])
    assert [(f.field, f.code) for f in found] == [("schema-jsonld.keywords[1]", "HG005")]
    assert "Trp53" in found[0].suggestion


def test_entrez_and_source(tmp_path, genes):
    data = clean_record("older")
    data["genes"][1]["entrez"] = "4790"                  # BCL2 row with NFKB1's ID
    data["genes"][0]["symbol"] = "NF-kappaB"             # an alias, but source says hgnc_symbol
    found = lint_text(tmp_path, dump_record(data), select=HG)
    ent = by(found, "HG007")
    assert len(ent) == 1 and ent[0].field == "genes[1].entrez"
    assert "NFKB1" in ent[0].message and "596" in ent[0].message
    src = by(found, "HG008")
    assert len(src) == 1 and src[0].field == "genes[0].source" and "hgnc_alias_symbol" in src[0].suggestion


def test_genes_table_rows(tmp_path, genes):
    figs, data_dir = tmp_path / "_figures", tmp_path / "_data"
    figs.mkdir()
    data_dir.mkdir()
    rec = clean_record("newer")
    figid = rec["figid"]
    rec["schema-jsonld"]["keywords"] = ["TP53", "MDM2"]
    (figs / f"{figid}.md").write_text(dump_record(rec), encoding="utf-8")
    header = "organism_id\torganism_name\torganism_group\tword\tmatch\tncbigene_symbol\tncbigene_id\tsource\n"
    rows = ["9606\tHomo sapiens\tPrimates\tp53\tP53\tTP53\t7157\tncbigene_synonym\n",
            "9606\tHomo sapiens\tPrimates\tCyr61\tCYR61\tCYR61\t3491\tncbigene_symbol\n",
            "9606\tHomo sapiens\tPrimates\tMDM2\tMDM2\tMDM2\t7157\tncbigene_symbol\n",
            "7227\tDrosophila melanogaster\tInvertebrates\tp53\tP53\tp53\t2768677\tncbigene_symbol\n"]
    (data_dir / f"{figid}-genes.tsv").write_text(header + "".join(rows), encoding="utf-8")
    found = lint_paths([figs / f"{figid}.md"], select=HG)
    table = [f for f in found if f.path.endswith("-genes.tsv")]
    assert {(f.code, f.line) for f in table} == {("HG001", 3), ("HG007", 4)}
    assert "MDM2" in by(table, "HG007")[0].message and "TP53" in by(table, "HG007")[0].message


def test_wrong_types_never_crash(tmp_path, genes):
    data = clean_record("older")
    data["genes"] = [None, 3, {"hgnc_symbol": 42, "entrez": True}, {"hgnc_symbol": ["x"]}]
    data["schema-jsonld"] = {"keywords": [None, 5, {"a": 1}, "1-Mar"]}
    data["organisms"] = {"weird": True}
    found = lint_text(tmp_path, dump_record(data), select=HG)
    assert [f.code for f in found] == ["HG006"]


def test_rules_stand_down_without_knowledge(tmp_path):
    found = lint_paths([seed("PMC6676106")], select=HG, hgnc="off")
    assert found == []


def test_row_memo_tells_a_bool_entrez_from_a_number(tmp_path, genes):
    # the per-process row memo must not answer a True id with the verdict of 1
    # (True == 1 as a dict key): 1 is a wrong id for BCL2, True no id at all
    for entrez, expected in ((1, ["HG007"]), (True, []), (1, ["HG007"])):
        data = clean_record("older")
        data["genes"][1]["entrez"] = entrez
        found = lint_text(tmp_path, dump_record(data), select=HG)
        assert [f.code for f in by(found, field="genes[1].entrez")] == expected, entrez


def test_a_list_or_mapping_source_is_skipped_not_a_crash(tmp_path, genes):
    data = clean_record("older")
    data["genes"][0]["source"] = ["hgnc_symbol"]
    data["genes"][1]["source"] = {"x": 1}
    data["genes"][1]["entrez"] = 1  # still judged: a wrong id for this row's gene
    found = lint_text(tmp_path, dump_record(data), select=HG + ["IO099"])
    assert "IO099" not in [f.code for f in found]
    assert [f.code for f in by(found, field="genes[1].entrez")] == ["HG007"]


def test_a_wrongly_cased_previous_symbol_names_the_answer(tmp_path):
    # 'Sept9' is SEPT9 ignoring case, SEPTIN9's previous symbol: the suggestion
    # must say SEPTIN9, not "the approved symbol of the gene the figure shows"
    found = record_with_keywords(tmp_path, ["TP53", "Sept9"])
    f = next(f for f in found if f.value == "Sept9")
    assert "SEPTIN9" in f.message and "SEPTIN9" in f.suggestion
    assert f.suggestion.startswith("Replace Sept9 with SEPTIN9")
