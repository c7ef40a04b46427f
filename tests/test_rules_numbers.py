"""Number rules NU001-NU002: fixes the schema cannot give, never a second report of a range."""

from __future__ import annotations

from pfocr_lint.cli import main
from tests.helpers import clean_record, dump_record, lint_text


def text_with(layout="newer", **changes):
    data = clean_record(layout)
    data.update(changes)
    return dump_record(data)


def test_quoted_scores(tmp_path):
    (f,) = lint_text(tmp_path, text_with(automl_pathway="0.94"), select=["NU"])
    assert f.code == "NU001" and f.fix is not None and f.fix.safety == "safe"
    (f,) = lint_text(tmp_path, text_with(automl_pathway="94.1"), select=["NU"])
    assert "outside 0..1" in f.message and f.fix is None
    (f,) = lint_text(tmp_path, text_with("older", pathway_score="1"), select=["NU"])
    assert f.field == "pathway_score"


def test_real_numbers_and_non_numbers_are_left_to_the_schema(tmp_path):
    for value in (0.5, 94.1, -1, "NA", "high", None, [0.4]):
        assert lint_text(tmp_path, text_with(automl_pathway=value), select=["NU"]) == [], value


def test_index_as_number(tmp_path):
    (f,) = lint_text(tmp_path, text_with("older", pmc_ranked_result_index=56330), select=["NU"])
    assert f.code == "NU002" and "'56330'" in f.suggestion
    for value in ("56330", True, -3, "x"):
        assert lint_text(tmp_path, text_with("older", pmc_ranked_result_index=value), select=["NU"]) == []


def test_fixes_end_to_end(tmp_path, capsys):
    text = text_with("older", pmc_ranked_result_index=56330, pathway_score="0.9074191")
    path = tmp_path / "PMC6676106__CAS-110-2421-g006.md"
    path.write_text(text, encoding="utf-8")
    main(["--isolated", str(path), "--select", "NU", "--fix", "--exit-zero"])
    capsys.readouterr()
    after = path.read_text(encoding="utf-8")
    assert "pmc_ranked_result_index: '56330'\n" in after and "pathway_score: 0.9074191\n" in after
    assert after == text.replace("pmc_ranked_result_index: 56330", "pmc_ranked_result_index: '56330'").replace(
        "pathway_score: '0.9074191'", "pathway_score: 0.9074191")
