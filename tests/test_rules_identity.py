"""Identity rules ID001-ID010: every legitimate corpus variant passes, each mismatch is caught."""

from __future__ import annotations

from pfocr_lint.cli import main
from pfocr_lint.findings import Severity
from tests.helpers import FIXTURES, clean_record, dump_record, lint_paths, lint_text

CORPUS = FIXTURES / "corpus"


def text_with(layout="newer", **changes):
    data = clean_record(layout)
    data.update(changes)
    return dump_record(data)


def lint(tmp_path, select="ID", layout="newer", **changes):
    return lint_text(tmp_path, text_with(layout, **changes), select=[select])


def test_figid_variants(tmp_path):
    # the image name may already carry the figid (PLOS records of 2023-2024)
    assert lint(tmp_path, filename="PMC11987792__cancers-17-01167-g005.jpg") == []
    # only the image extension is dropped: dots inside the name stay
    assert lint(tmp_path, figid="PMC1052011__JCI0524405.f1", pmcid="PMC1052011",
                filename="JCI0524405.f1.jpg", select="ID001") == []
    (f,) = lint(tmp_path, select="ID001", filename="cancers-17-01167-g004.jpg")
    assert f.severity == Severity.ERROR and "PMC11987792__cancers-17-01167-g004" in f.message


def test_file_name_checked_only_in_a_figures_folder(tmp_path):
    figures = tmp_path / "repo" / "_figures"
    figures.mkdir(parents=True)
    text = text_with()
    (figures / "PMC11987792__F5.md").write_text(text, encoding="utf-8")
    (figures / "PMC11987792__cancers-17-01167-g005.md").write_text(text, encoding="utf-8")
    loose = tmp_path / "elsewhere.md"
    loose.write_text(text, encoding="utf-8")
    found = lint_paths([figures, loose], select=["ID002"])
    assert [(f.code, f.path.endswith("PMC11987792__F5.md"), f.field) for f in found] == [("ID002", True, "figid")]


def test_figlink_forms(tmp_path):
    for link in ("pmc/articles/PMC11987792/figure/F5/", "pmc/articles/PMC11987792/figure/F5",
                 "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC11987792/figure/F5/"):
        (f,) = lint(tmp_path, figlink=link)
        assert f.code == "ID003" and f.suggestion == "Write it as /pmc/articles/PMC11987792/figure/F5/", link
        assert f.fix is not None and f.fix.safety == "safe"
    (f,) = lint(tmp_path, figlink="/pmc/articles/PMC11987792/figure/F5")
    assert (f.code, f.severity) == ("ID004", Severity.INFO)
    (f,) = lint(tmp_path, figlink="/pmc/articles/PMC1/figure/F5/")
    assert f.code == "ID003" and f.fix is None and "PMC1 " in f.message
    # labels of every shape in the corpus are fine
    for label in ("f2", "fig5", "Fig1", "F0001", "cells-09-01450-f003", "undfig1", "advs5134-fig-0004"):
        assert lint(tmp_path, figlink=f"/pmc/articles/PMC11987792/figure/{label}/") == [], label


def test_alias_number_and_redirect(tmp_path):
    assert lint(tmp_path, number="Figure 5") == []          # older label, same alias
    assert lint(tmp_path, number="GA1", figid_alias="PMC11987792__GA1",
                redirect_from="/figures/PMC11987792__GA1") == []
    (f,) = lint(tmp_path, figid_alias="PMC1__F5", redirect_from="/figures/PMC1__F5")
    assert f.code == "ID005" and "PMC1 " in f.message
    (f,) = lint(tmp_path, redirect_from="/figures/PMC11987792__F4")
    assert f.code == "ID006" and f.fix is not None and f.fix.safety == "unsafe"
    assert lint(tmp_path, redirect_from=["/figures/PMC11987792__F5", "/figures/old"]) == []
    # the older layout has no alias at all
    data = clean_record("older")
    data.pop("figid_alias")
    data.pop("redirect_from")
    data["number"] = "Figure 6"
    assert lint_text(tmp_path, dump_record(data), select=["ID"]) == []


def test_description_compares_after_whitespace(tmp_path):
    data = clean_record("newer")
    data["schema-jsonld"]["description"] = "  " + data["caption"].replace(" ", "\n  ", 3) + " "
    assert lint_text(tmp_path, dump_record(data), select=["ID008"]) == []
    data["schema-jsonld"]["description"] = data["caption"].replace("degrades", "stabilises")
    (f,) = lint_text(tmp_path, dump_record(data), select=["ID008"])
    assert "degrades" in f.message and "stabilises" in f.message


def test_year_against_reftext(tmp_path):
    (f,) = lint(tmp_path, "ID009", year="2024")
    assert "2025" in f.message and f.fix.safety == "unsafe"
    (f,) = lint(tmp_path, "ID009", year="")
    assert "empty" in f.message
    for reftext in ("Michael A. Kochen, et al. Curr Pathobiol Rep. ;10(2):11-22.",
                    "Merve S. Zeden, et al. bioRxiv. 2025 Mar 7:2023.03.03.530734."):
        assert lint(tmp_path, "ID009", reftext=reftext) == [], reftext
    assert lint(tmp_path, "ID009", year="25") == []         # the schema's SC003


def test_placeholders_are_left_to_na002(tmp_path):
    assert lint(tmp_path, figid=".na.character", figlink="NA", figid_alias="", year="NA") == []


def test_wrong_types_never_crash(tmp_path):
    data = clean_record("newer")
    for key in ("figid", "pmcid", "filename", "figlink", "number", "figid_alias", "redirect_from", "year"):
        data[key] = 5
    data["schema-jsonld"] = ["x"]
    lint_text(tmp_path, dump_record(data), name="x.md", select=["ID"])


def test_corpus_identity_is_clean_but_for_figlink_slashes():
    found = lint_paths([CORPUS], select=["ID"])
    assert {f.code for f in found} == {"ID004"}
    assert len(found) == 7


def test_fix_adds_slashes_and_rebuilds_at_id_end_to_end(tmp_path, capsys):
    data = clean_record("newer")
    data["figlink"] = "pmc/articles/PMC11987792/figure/F5"
    data["schema-jsonld"]["@id"] = "https://pfocr.wikipathways.org/figures/PMC11987792__F5.html"
    text = dump_record(data)
    path = tmp_path / "PMC11987792__cancers-17-01167-g005.md"
    path.write_text(text, encoding="utf-8")
    main(["--isolated", str(path), "--select", "ID", "--fix", "--exit-zero"])
    capsys.readouterr()
    assert path.read_text(encoding="utf-8") == text.replace(
        "figlink: pmc/articles/PMC11987792/figure/F5\n", "figlink: /pmc/articles/PMC11987792/figure/F5/\n").replace(
        "figures/PMC11987792__F5.html", "figures/PMC11987792__cancers-17-01167-g005.html")
