"""The ME rules (rules/mesh_terms.py) against the shipped MeSH snapshot:
both layouts, the seed's retired docetaxel ID and its fix, the one- and
two-letter words, and every finding on the real corpus (read and judged)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pfocr_lint.cli import main
from pfocr_lint.hgnc import paths
from tests.helpers import clean_record, dump_record, lint_text

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "PMC7321691__OTT-13-6037-g0001.md"
CORPUS = REPO / "tests" / "fixtures" / "corpus"
ME = ["ME001", "ME002", "ME003", "ME004"]


@pytest.fixture(autouse=True)
def no_user_snapshot(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.ENV_DATA, str(tmp_path / "userdata"))


def older(**fields) -> str:
    data = clean_record("older")
    data.update(fields)
    return dump_record(data)


def chem(word, mid, source="MESH"):
    return {"word": word, "source": source, "identifier": mid}


def found(tmp_path, text, **kw):
    return [(f.code, f.message, f.suggestion) for f in lint_text(tmp_path, text, select=ME, **kw)]


def test_seed_docetaxel_is_reported_with_its_current_id(capsys):
    main(["--isolated", "--select", "ME", "--format", "json", str(SEED)])
    report = json.loads(capsys.readouterr().out)
    [f] = report["findings"]
    assert (f["code"], f["line"], f["value"]) == ("ME001", 481, "Docetaxel")
    assert "C067311" in f["message"] and "D000077143 (Docetaxel)" in f["message"]
    assert f["suggestion"] == "Set identifier to D000077143 (Docetaxel)"
    assert report["sources"]["mesh"].startswith("MeSH descriptors + supplementary concepts of 2025")


def test_fix_writes_the_current_id_and_nothing_else(tmp_path, capsys):
    copy = tmp_path / SEED.name
    shutil.copyfile(SEED, copy)
    before = copy.read_text(encoding="utf-8")
    main(["--isolated", "--select", "ME", "--fix", str(copy)])
    after = copy.read_text(encoding="utf-8")
    assert after == before.replace("identifier: C067311", "identifier: D000077143")
    capsys.readouterr()
    main(["--isolated", "--select", "ME", "--format", "json", str(copy)])
    assert json.loads(capsys.readouterr().out)["findings"] == []


def test_plural_match_is_only_an_unsafe_fix(tmp_path):
    rec = tmp_path / "r.md"
    rec.write_text(older(chemicals=[chem("Citrate", "C102006")]), encoding="utf-8")
    main(["--isolated", "--select", "ME", "--fix", str(rec)])
    assert "C102006" in rec.read_text(encoding="utf-8")
    main(["--isolated", "--select", "ME", "--fix", "--unsafe-fixes", str(rec)])
    assert "identifier: D002951" in rec.read_text(encoding="utf-8")


def test_unknown_id_without_a_current_name_says_what_to_do(tmp_path):
    [(code, msg, sugg)] = found(tmp_path, older(diseases=[chem("COVID", "C000657245")]))
    assert code == "ME001" and "C000657245" in msg and "retired or mistyped" in msg
    assert sugg.startswith("Look the word up in MeSH")


def test_correct_rows_and_unjudgeable_rows_are_quiet(tmp_path):
    rows = [chem("Docetaxel", "D000077143"), chem("ATP", "D000255"), chem("Ca2+", "D002118"),
            chem("Arg", "D001120"), chem("Pyruvate", "D011773"), chem("Lactate", "D019344"),
            chem("Protoporphyrin", "D011524"), chem("2H", "D006859"), chem("Asp", "C108952", source="CHEBI"),
            chem("", ""), chem("X", "NA"), chem("Tamoxifen", "D13629X")]
    diseases = [chem("cancer", "D009369"), chem("Chronic myelogenous leukemia", "D015464")]
    assert found(tmp_path, older(chemicals=rows, diseases=diseases)) == []


def test_word_that_names_another_record(tmp_path):
    [(code, msg, sugg)] = found(tmp_path, older(chemicals=[chem("Arg", "C076685")]))
    assert code == "ME002" and "C076685 (arginylarginine)" in msg and "D001120 (Arginine)" in msg
    assert sugg == "Map 'Arg' to D001120 (Arginine)"


def test_word_that_names_no_disease(tmp_path):
    [(code, msg, sugg)] = found(tmp_path, older(diseases=[chem("cartilage", "D002357")]))
    assert code == "ME002" and "D002356 (Cartilage)" in msg and "A02 Musculoskeletal System" in msg
    assert sugg == "Remove the row: 'cartilage' is no disease"


def test_one_letter_element_judged_by_the_caption(tmp_path):
    caption = "Glycolysis: glucose is phosphorylated to G6P and F6P, then F1,6BP."
    [(code, msg, _)] = found(tmp_path, older(caption=caption, chemicals=[chem("F", "D005461")]))
    assert code == "ME002" and "OCR fragment" in msg and "'F6P'" in msg
    # the caption writes F alone (or as an ion): fluorine it may be
    assert found(tmp_path, older(caption="Uptake of F and Cl ions.", chemicals=[chem("F", "D005461")])) == []
    assert found(tmp_path, older(caption="Ca2+ influx via CaV1.2.", chemicals=[chem("Ca", "D002118")])) == []
    # no caption evidence either way: not judged
    assert found(tmp_path, older(chemicals=[chem("F", "D005461")])) == []


def test_element_read_out_of_a_longer_word(tmp_path):
    [(code, msg, _)] = found(tmp_path, older(chemicals=[chem("H20", "D006859")]))
    assert code == "ME002" and "for the 'H' in it" in msg


def test_category_names_the_tree(tmp_path):
    [(code, msg, sugg)] = found(tmp_path, older(diseases=[chem("cartilage", "D002356")]))
    assert code == "ME003" and "disease trees (C, F03)" in msg and "A02 Musculoskeletal System" in msg
    assert sugg.startswith("Remove the row")
    [(code, msg, sugg)] = found(tmp_path, older(chemicals=[chem("cancer", "D009369")]))
    assert code == "ME003" and "C04 Neoplasms" in msg and sugg.startswith("Move the row to the diseases list")
    # a supplementary concept is judged by its mapped descriptor (D12 for aspartyl-aspartic acid)
    [(code, msg, _)] = found(tmp_path, older(diseases=[chem("aspartyl-aspartic acid", "C108952")]))
    assert code == "ME003" and "through its mapped descriptor D004151" in msg


def test_caption_defines_the_word_as_something_else(tmp_path):
    caption = "Glucose feeds the TCA cycle. Abbreviations: TCA, tricarboxylic acid."
    [(code, msg, sugg)] = found(tmp_path, older(caption=caption, chemicals=[chem("TCA", "C000589078")]))
    assert code == "ME004" and "'tricarboxylic acid'" in msg and "C000589078 (TCA 11a)" in msg
    assert sugg.startswith("Map 'TCA' to D014233 (Tricarboxylic Acids)")
    # a definition that names the record is agreement
    caption = "Oxidative phosphorylation makes ATP. Abbreviations: ATP, adenosine triphosphate."
    assert found(tmp_path, older(caption=caption, chemicals=[chem("ATP", "D000255")])) == []


def _tables(tmp_path, chemicals: str = "", diseases: str = "") -> Path:
    fig, data = tmp_path / "_figures", tmp_path / "_data"
    fig.mkdir()
    data.mkdir()
    record = clean_record("newer")
    (fig / f"{record['figid']}.md").write_text(dump_record(record), encoding="utf-8")
    for kind, text in (("chemicals", chemicals), ("diseases", diseases)):
        if text:
            (data / f"{record['figid']}-{kind}.tsv").write_text(text, encoding="utf-8")
    return fig / f"{record['figid']}.md"


def test_table_rows_point_at_their_line(tmp_path, capsys):
    rec = _tables(tmp_path,
                  chemicals="word\tmesh\tmatch\tname\tchebi\n"
                            "ATP\tmesh:D000255\tAdenosine Triphosphate\tATP\tchebi:15422\n"
                            "Citrate\tmesh:C102006\tNA\tNA\tNA\n"
                            "Glutamine\tmesh:C578860\tArg-Gln\targinyl-glutamine\tNA\n"
                            "Stroma\tNA\tNA\tNA\tNA\n",
                  diseases="word\tmesh\tmatch\tname\tdoid\ncartilage\tmesh:D002356\tNA\tNA\tNA\n")
    main(["--isolated", "--select", "ME", "--format", "json", str(rec)])
    got = [(Path(f["path"]).name, f["line"], f["code"], f["value"]) for f in json.loads(capsys.readouterr().out)["findings"]]
    fid = rec.stem
    assert sorted(got) == [(f"{fid}-chemicals.tsv", 3, "ME001", "Citrate"),
                           (f"{fid}-chemicals.tsv", 4, "ME002", "Glutamine"),
                           (f"{fid}-diseases.tsv", 2, "ME003", "cartilage")]


def test_table_fix_is_only_suggested(tmp_path, capsys):
    table = "word\tmesh\tmatch\tname\tchebi\nDocetaxel\tmesh:C067311\tNA\tNA\tNA\n"
    rec = _tables(tmp_path, chemicals=table)
    main(["--isolated", "--select", "ME", "--fix", "--format", "json", str(rec)])
    [f] = json.loads(capsys.readouterr().out)["findings"]
    assert f["suggestion"] == "Set the mesh cell to mesh:D000077143 (Docetaxel)"
    assert (rec.parent.parent / "_data" / f"{rec.stem}-chemicals.tsv").read_text(encoding="utf-8") == table


# Every finding of the ME rules on the real corpus, each read as a curator
# would (docs/mesh.md lists the verdicts): all 14 are true.
CORPUS_FINDINGS = {
    ("PMC10003241__ijms-24-04893-g003-chemicals.tsv", 3, "ME002", "Asp"),       # dipeptide Asp-Asp
    ("PMC10003241__ijms-24-04893-g003-chemicals.tsv", 5, "ME002", "Asn"),       # a pentapeptide
    ("PMC10003241__ijms-24-04893-g003-chemicals.tsv", 6, "ME004", "TCA"),       # "TCA 11a"
    ("PMC10003241__ijms-24-04893-g003-chemicals.tsv", 12, "ME002", "Arg"),      # arginylarginine
    ("PMC10003241__ijms-24-04893-g003-chemicals.tsv", 13, "ME002", "Arg"),
    ("PMC10025411__fncel-17-1105247-g0001-chemicals.tsv", 3, "ME002", "H Adaptaquin"),   # hydrogen
    ("PMC10030510__fimmu-14-1140749-g002-chemicals.tsv", 11, "ME004", "TCA"),
    ("PMC10030510__fimmu-14-1140749-g002-chemicals.tsv", 31, "ME001", "Citrate"),        # retired C102006
    ("PMC10030510__fimmu-14-1140749-g002-chemicals.tsv", 32, "ME002", "H20"),            # water, not hydrogen
    ("PMC10030510__fimmu-14-1140749-g002-chemicals.tsv", 34, "ME002", "Glutamine"),      # arginyl-glutamine
    ("PMC10030845__fimmu-14-1150879-g001-chemicals.tsv", 3, "ME002", "Pyrin"),           # MRT67307
    ("PMC10033547__fimmu-14-1063018-g008-diseases.tsv", 2, "ME002", "cartilage"),        # no disease
    ("PMC10033547__fimmu-14-1063018-g008-diseases.tsv", 3, "ME002", "cartilage"),
    ("PMC10034247__11064_2023_3912_Fig1_HTML-diseases.tsv", 3, "ME001", "COVID"),        # retired C000657245
}


def test_every_finding_on_the_real_corpus(capsys):
    main(["--isolated", "--select", "ME", "--format", "json", str(CORPUS / "_figures")])
    got = {(Path(f["path"]).name, f["line"], f["code"], f["value"])
           for f in json.loads(capsys.readouterr().out)["findings"]}
    assert got == CORPUS_FINDINGS
