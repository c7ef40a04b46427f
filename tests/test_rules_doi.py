"""DOI rules DO001-DO002."""

from __future__ import annotations

from pfocr_lint.cli import main
from tests.helpers import clean_record, dump_record, lint_text


def text_with(layout="newer", remove=(), **changes):
    data = clean_record(layout)
    for k in remove:
        data.pop(k, None)
    data.update(changes)
    return dump_record(data)


def test_missing_doi_only_in_newer_layout(tmp_path):
    (f,) = lint_text(tmp_path, text_with(remove=["doi"]), select=["DO"])
    assert f.code == "DO001" and f.line == 1 and "no 'doi' field" in f.message
    assert "PMC11987792" in f.suggestion and "id-converter" in f.suggestion
    # the older layout never had the field: an info (DO003), below the default gate
    (f,) = lint_text(tmp_path, text_with("older"), select=["DO"])
    assert (f.code, str(f.severity), f.line) == ("DO003", "info", 1)
    assert "older layout" in f.message and "id-converter" in f.suggestion and "disable=DO003" in f.suggestion
    assert lint_text(tmp_path, text_with("older", doi="10.1371/journal.pone.0291469"), select=["DO"]) == []


def test_older_layout_seeds_get_the_info_and_still_pass_the_default_gate(capsys):
    from tests.helpers import SEEDS

    for name in ("PMC7321691", "PMC6676106"):
        seed = next(SEEDS.glob(name + "*.md"))
        assert main(["--isolated", str(seed), "--select", "DO"]) == 0
        out = capsys.readouterr().out
        assert "DO003 [info]" in out and "PMC ID converter" in out


def test_placeholder_and_empty_doi(tmp_path):
    for value in (".na.character", "NA", "", "  "):
        (f,) = lint_text(tmp_path, text_with(doi=value), select=["DO"])
        assert (f.code, f.field) == ("DO001", "doi"), value


def test_prefixed_doi_and_other_values(tmp_path):
    for value in ("https://doi.org/10.3390/cancers17071167", "http://dx.doi.org/10.3390/cancers17071167",
                  "doi:10.3390/cancers17071167", "DOI: 10.3390/cancers17071167"):
        (f,) = lint_text(tmp_path, text_with(doi=value), select=["DO"])
        assert f.code == "DO002" and f.suggestion.endswith("10.3390/cancers17071167"), value
    # not recoverable: the schema's SC003 reports these, DO002 stays quiet
    for value in ("PMC11987792", "10.3390 cancers", "10.1101/2023.03.03.530734"):
        assert lint_text(tmp_path, text_with(doi=value), select=["DO"]) == [], value
    assert lint_text(tmp_path, text_with(doi=["10.1/x"]), select=["DO"]) == []


def test_fix_strips_the_prefix_end_to_end(tmp_path, capsys):
    text = text_with(doi="https://doi.org/10.3390/cancers17071167")
    path = tmp_path / "PMC11987792__cancers-17-01167-g005.md"
    path.write_text(text, encoding="utf-8")
    main(["--isolated", str(path), "--select", "DO", "--fix", "--exit-zero"])
    capsys.readouterr()
    assert path.read_text(encoding="utf-8") == text.replace(
        "doi: https://doi.org/10.3390/cancers17071167", "doi: 10.3390/cancers17071167")
