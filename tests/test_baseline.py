"""The baseline (linter/baseline.py): adopt the linter on a repository full of known findings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pfocr_lint.cli import main

from tests.helpers import FIXTURES

CORPUS = FIXTURES / "corpus"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    root = tmp_path / "repo"
    shutil.copytree(CORPUS, root)
    monkeypatch.chdir(root)
    return root


def _json(*argv) -> tuple[int, dict]:
    out = Path("out.json")
    code = main(["check", *argv, "--isolated", "--format", f"json={out}"])
    return code, json.loads(out.read_text(encoding="utf-8"))


def _with_finding(path: Path) -> str:
    """Give a record a new finding (NA005, a doubled space in its figtitle)
    without moving any line; -> the figid."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    i = next(n for n, ln in enumerate(lines) if ln.startswith("figtitle:"))
    head, value = lines[i].split(": ", 1)
    lines[i] = f"{head}: {value.replace(' ', '  ', 1)}"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path.stem


def test_adopt_then_only_new_findings_fail(repo):
    code, before = _json("_figures", "--fail-on", "info")
    assert code == 1 and len(before["findings"]) > 50
    assert main(["check", "_figures", "--isolated", "--write-baseline", "baseline.json"]) == 0

    code, after = _json("_figures", "--baseline", "baseline.json", "--fail-on", "info")
    assert code == 0 and after["findings"] == []
    assert after["summary"]["baselined"] == len(before["findings"]) and after["summary"]["stale"] == 0

    # an edit that moves every line of a record changes nothing
    rec = sorted((repo / "_figures").glob("*.md"))[3]
    rec.write_text(rec.read_text(encoding="utf-8").replace("---\n", "---\n# a comment\n\n", 1),
                   encoding="utf-8")
    code, moved = _json("_figures", "--baseline", "baseline.json", "--fail-on", "info")
    assert code == 0 and moved["findings"] == []

    # a new finding is reported, alone
    figid = _with_finding(sorted((repo / "_figures").glob("*.md"))[5])
    code, new = _json("_figures", "--baseline", "baseline.json", "--fail-on", "info")
    assert code == 1
    assert [(f["code"], Path(f["path"]).stem) for f in new["findings"]] == [("NA005", figid)]


def test_an_item_inserted_into_a_list_moves_no_other_items_finding(repo):
    """Fingerprints leave list positions out as they leave lines out: a
    keyword written above the others does not make their findings new."""
    assert main(["check", "_figures", "--isolated", "--write-baseline", "baseline.json"]) == 0
    entries = Path("baseline.json").read_text(encoding="utf-8")
    assert '"field": "schema-jsonld.keywords[]"' in entries and "keywords[1" not in entries
    moved = 0
    for rec in sorted((repo / "_figures").glob("*.md")):
        text = rec.read_text(encoding="utf-8")
        if "  keywords:\n  - " in text:
            rec.write_text(text.replace("  keywords:\n", "  keywords:\n  - Pfocrtestword\n", 1),
                           encoding="utf-8")
            moved += 1
    assert moved > 10
    _, after = _json("_figures", "--baseline", "baseline.json", "--fail-on", "info")
    # only what the new keyword itself is; every old finding still in the baseline
    assert after["findings"] and {f["value"] for f in after["findings"]} == {"Pfocrtestword"}
    assert after["summary"]["stale"] == 0


def test_the_file_is_sorted_one_entry_a_line_without_line_numbers(repo):
    main(["check", "_figures", "--isolated", "--write-baseline", "baseline.json"])
    lines = Path("baseline.json").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith('{"version": 1') and lines[-1] == "]}"
    entries = [json.loads(ln.rstrip(",")) for ln in lines[1:-1]]
    assert entries and all(set(e) == {"record", "file", "code", "field", "value", "count", "fingerprint"}
                           for e in entries)
    keys = [(e["record"], e["file"], e["code"], e["field"], e["value"]) for e in entries]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert not any("line" in ln for ln in lines[1:2])
    # a table's findings are told apart by the table's name
    assert any(e["file"].endswith("-genes.tsv") for e in entries)


def test_fixed_findings_leave_stale_entries_that_a_rewrite_prunes(repo):
    main(["check", "_figures", "--isolated", "--write-baseline", "baseline.json"])
    n_entries = len(Path("baseline.json").read_text(encoding="utf-8").splitlines())
    assert main(["check", "_figures", "--isolated", "--fix", "--exit-zero", "--baseline", "baseline.json"]) == 0
    _, after = _json("_figures", "--baseline", "baseline.json")
    assert after["summary"]["stale"] > 0 and after["findings"] == []
    main(["check", "_figures", "--isolated", "--write-baseline", "baseline.json"])
    _, pruned = _json("_figures", "--baseline", "baseline.json")
    assert pruned["summary"]["stale"] == 0
    assert len(Path("baseline.json").read_text(encoding="utf-8").splitlines()) < n_entries


def test_writing_for_a_few_files_keeps_the_other_records(repo):
    main(["check", "_figures", "--isolated", "--write-baseline", "baseline.json"])
    whole = Path("baseline.json").read_text(encoding="utf-8")
    one = sorted((repo / "_figures").glob("*.md"))[0]
    main(["check", str(one.relative_to(repo)), "--isolated", "--write-baseline", "baseline.json"])
    assert Path("baseline.json").read_text(encoding="utf-8") == whole
    # and a run of a few files counts no entry of the others as stale
    _, few = _json(str(one.relative_to(repo)), "--baseline", "baseline.json")
    assert few["summary"]["stale"] == 0


def test_fingerprints_in_json_and_sarif_match_the_baseline(repo):
    figid = _with_finding(sorted((repo / "_figures").glob("*.md"))[2])
    code, report = _json("_figures", "--exit-zero")
    main(["check", "_figures", "--isolated", "--exit-zero", "--format", "sarif=out.sarif"])
    sarif = json.loads(Path("out.sarif").read_text(encoding="utf-8"))
    fps = [f["fingerprint"] for f in report["findings"]]
    assert all(len(fp) == 16 for fp in fps)
    assert [r["partialFingerprints"]["pfocrLint/v1"] for r in sarif["runs"][0]["results"]] == fps
    main(["check", "_figures", "--isolated", "--write-baseline", "baseline.json"])
    written = {json.loads(ln.rstrip(","))["fingerprint"]
               for ln in Path("baseline.json").read_text(encoding="utf-8").splitlines()[1:-1]}
    assert set(fps) == written
    ours = next(f for f in report["findings"] if f["code"] == "NA005" and Path(f["path"]).stem == figid)
    assert ours["fingerprint"] in written


def test_the_configured_baseline_is_relative_to_the_config_file(repo, tmp_path):
    main(["check", "_figures", "--isolated", "--write-baseline", "ci/baseline.json"])
    (repo / ".pfocr-lint.toml").write_text('baseline = "ci/baseline.json"\nfail-on = "info"\n', encoding="utf-8")
    (repo / "_figures" / "sub").mkdir()
    assert main(["check", "_figures", "--format", "json=out.json"]) == 0
    assert json.loads(Path("out.json").read_text(encoding="utf-8"))["summary"]["baselined"] > 0
    assert main(["check", "_figures", "--no-baseline", "--format", "json=out.json"]) == 1


def test_a_broken_baseline_is_a_usage_error(repo, capsys):
    Path("baseline.json").write_text("{not json", encoding="utf-8")
    assert main(["check", "_figures", "--isolated", "--baseline", "baseline.json"]) == 2
    assert "baseline baseline.json" in capsys.readouterr().err
