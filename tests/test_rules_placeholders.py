"""Placeholder rules NA001-NA006: behaviour beyond the documented examples."""

from __future__ import annotations

from pfocr_lint.cli import main
from pfocr_lint.findings import Severity
from tests.helpers import clean_record, dump_record, lint_text

FM = "---\n"


def record_text(**changes) -> str:
    data = clean_record("newer")
    data.update(changes)
    return dump_record(data)


def by_code(findings, code):
    return [f for f in findings if f.code == code]


def test_na_character_in_paper_fields_is_one_finding_per_field(tmp_path):
    text = record_text(journal_title=".na.character", journal_nlm_ta=".na.character",
                       publisher_name=".na.character", keywords=".na.character", doi=".na.character")
    found = lint_text(tmp_path, text, select=["NA", "DO"])
    na = by_code(found, "NA001")
    assert sorted(f.field for f in na) == ["journal_nlm_ta", "journal_title", "keywords", "publisher_name"]
    assert all(f.severity == Severity.WARNING and ".na.character" in f.message for f in na)
    # doi is the DOI family's: reported once, by DO001
    assert [f.field for f in found if f.field == "doi"] == ["doi"]
    assert by_code(found, "DO001")[0].field == "doi"


def test_na_words_are_whole_value_and_case_sensitive(tmp_path):
    data = clean_record("newer")
    data["schema-jsonld"]["keywords"] = ["TP53", "Na", "NA", "nan", "NaN", "N/A", "NULL", "sodium NA"]
    found = by_code(lint_text(tmp_path, dump_record(data), select=["NA001"]), "NA001")
    assert [f.field for f in found] == [f"schema-jsonld.keywords[{i}]" for i in (2, 4, 5, 6)]


def test_placeholder_item_points_at_its_line(tmp_path):
    data = clean_record("newer")
    data["schema-jsonld"]["keywords"] = ["TP53", ".na.character", "MDM2"]
    text = dump_record(data)
    (f,) = lint_text(tmp_path, text, select=["NA001"])
    line = text.splitlines()[f.line - 1]
    assert line.strip() == "- .na.character"


def test_organisms_and_numbers_are_left_to_their_families(tmp_path):
    text = record_text(organisms=["NA"], organisms_ner=["NA"], automl_pathway="NA")
    assert by_code(lint_text(tmp_path, text, select=["NA"]), "NA001") == []


def test_identity_placeholders_are_reported_once(tmp_path):
    data = clean_record("newer")
    data["number"] = "NA"
    data["figid_alias"] = "NA"                      # the schema's SC003 (pattern): not again here
    data["schema-jsonld"]["@id"] = ".na.character"  # idem
    found = lint_text(tmp_path, dump_record(data), select=["NA"])
    assert [(f.code, f.field, f.severity) for f in found] == [("NA002", "number", Severity.ERROR)]


def test_legitimate_empty_values_are_quiet(tmp_path):
    text = record_text(ndex="", keywords="", publisher_name="")
    assert lint_text(tmp_path, text, select=["NA"]) == []


def test_empty_caption_and_empty_keyword_item(tmp_path):
    data = clean_record("newer")
    data["caption"] = ""
    data["schema-jsonld"]["keywords"] = ["TP53", " "]
    found = lint_text(tmp_path, dump_record(data), select=["NA003"])
    assert [(f.field, "empty" in f.message) for f in found] == [
        ("caption", True), ("schema-jsonld.keywords[1]", True)]


def test_whitespace_and_doubled_space_messages(tmp_path):
    text = record_text(journal_title=" Cancers", papertitle="Exosome  Communication")
    found = lint_text(tmp_path, text, select=["NA004", "NA005"])
    assert sorted((f.code, f.field) for f in found) == [("NA004", "journal_title"), ("NA005", "papertitle")]
    ws = by_code(found, "NA004")[0]
    assert "leading" in ws.message and "'Cancers'" in ws.suggestion


def test_captions_may_have_double_spaces(tmp_path):
    text = record_text(caption="TP53 and MDM2.  Cisplatin activates TP53.")
    assert by_code(lint_text(tmp_path, text, select=["NA005"]), "NA005") == []


def test_stub_captions(tmp_path):
    for stub in ("Figure", "Figure 3", "Fig. 2:", "Graphical Abstract", "Unlabelled image", "Scheme 1"):
        found = lint_text(tmp_path, record_text(caption=stub), select=["NA006"])
        assert [f.field for f in found] == ["caption"], stub
    for real in ("Figure 3 shows TP53 signalling", "Working hypothesis", "Lipoxin biosynthesis"):
        assert lint_text(tmp_path, record_text(caption=real, figtitle=real), select=["NA006"]) == [], real


def test_wrong_types_never_crash(tmp_path):
    text = record_text(journal_title=None, keywords=["a", None, 3], caption={"x": 1}, figtitle=7)
    found = lint_text(tmp_path, text, select=["NA"])
    assert all(f.code.startswith("NA") for f in found)


def run_fix(path, select, unsafe=False):
    argv = ["--isolated", str(path), "--select", select, "--fix", "--exit-zero"]
    if unsafe:
        argv.append("--unsafe-fixes")
    return main(argv)


def test_fix_trims_whitespace_and_collapses_spaces_end_to_end(tmp_path, capsys):
    text = record_text(journal_title="Cancers ", publisher_name="Multidisciplinary Digital Publishing Institute  (MDPI)")
    path = tmp_path / "PMC11987792__cancers-17-01167-g005.md"
    path.write_text(text, encoding="utf-8")
    run_fix(path, "NA004,NA005")
    after = path.read_text(encoding="utf-8")
    assert "\njournal_title: Cancers\n" in after
    assert "\npublisher_name: Multidisciplinary Digital Publishing Institute (MDPI)\n" in after
    # everything else is byte-for-byte the same
    assert after == text.replace("journal_title: 'Cancers '", "journal_title: Cancers").replace(
        "Institute  (MDPI)", "Institute (MDPI)")
    capsys.readouterr()
    assert lint_text(tmp_path, after, select=["NA"]) == []


def test_unsafe_fix_blanks_scalars_and_drops_items_only_when_asked(tmp_path, capsys):
    data = clean_record("newer")
    data["journal_title"] = ".na.character"
    data["schema-jsonld"]["keywords"] = ["TP53", ".na.character", "MDM2", "NA"]
    path = tmp_path / "PMC11987792__cancers-17-01167-g005.md"
    path.write_text(dump_record(data), encoding="utf-8")
    run_fix(path, "NA001")
    assert ".na.character" in path.read_text(encoding="utf-8")  # unsafe: not applied by --fix
    run_fix(path, "NA001", unsafe=True)
    after = path.read_text(encoding="utf-8")
    assert "journal_title: ''\n" in after
    assert "  keywords:\n  - TP53\n  - MDM2\n" in after
    assert ".na.character" not in after and "- NA\n" not in after
