"""The benchmark tools work: the corpus generator is deterministic and makes
valid records of both layouts; run.py measures end to end and reports the
table and JSON it promises. No timing is asserted (machines differ)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pfocr_lint.parse import parse_bytes

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "benchmarks"
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402


def _files(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    manifest = generate.generate(out, records=60, seed=7)
    return out, manifest


def test_generator_is_deterministic(corpus, tmp_path):
    out, manifest = corpus
    again = tmp_path / "again"
    assert generate.generate(again, records=60, seed=7) == manifest
    assert _files(again) == _files(out)
    other = tmp_path / "other"
    generate.generate(other, records=60, seed=8)
    assert _files(other) != _files(out), "a different seed must give a different corpus"


def test_generator_makes_valid_records_of_both_layouts(corpus):
    out, manifest = corpus
    figures = sorted((out / "_figures").glob("*.md"))
    assert len(figures) == manifest["records"] == 60
    assert manifest["older"] > 0 and manifest["newer"] > 0
    assert manifest["older"] + manifest["newer"] == 60
    figids, layouts = set(), {"older": 0, "newer": 0}
    for path in figures:
        raw = path.read_bytes()
        assert 1024 <= len(raw) <= 9 * 1024, (path.name, len(raw))
        record, findings = parse_bytes(str(path), raw, path)
        assert record is not None and findings == [], (path.name, findings)
        data = record.data
        assert data["figid"] == path.stem, "the file name must match the rewritten figid"
        assert path.stem.startswith(data["pmcid"] + "__")
        assert data["figid"] not in figids
        figids.add(data["figid"])
        keywords = data["schema-jsonld"].get("keywords") or []
        assert all(isinstance(k, str) for k in keywords)
        genes = data.get("genes")
        if isinstance(genes, list) and genes:
            layouts["older"] += 1
            assert len(genes) <= generate.MAX_GENES
            assert all(isinstance(g, dict) and "hgnc_symbol" in g for g in genes)
        else:
            layouts["newer"] += 1
    assert layouts["older"] > 0 and layouts["newer"] > 0
    tables = sorted((out / "_data").glob("*-genes.tsv"))
    assert tables, "some newer records must have a companion genes table"
    for t in tables:
        figid = t.name[: -len("-genes.tsv")]
        assert (out / "_figures" / f"{figid}.md").is_file(), "a table must belong to a record"
        lines = t.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("organism_id\t") and 1 <= len(lines) - 1 <= generate.MAX_GENES


def test_every_generated_record_has_its_own_caption(corpus):
    # Real figures each have their own caption: a corpus of 94 repeated ones
    # would let any per-caption memo make the linter look faster than it is.
    out, _ = corpus
    templates = {t.caption for t in generate.load_templates()}
    captions = []
    for path in sorted((out / "_figures").glob("*.md")):
        record, _ = parse_bytes(str(path), path.read_bytes(), path)
        caption = record.data["caption"]
        assert record.data["schema-jsonld"]["description"] == caption
        captions.append(caption)
    assert len(set(captions)) == len(captions) == 60
    assert not templates & set(captions), "each caption mixes in sentences of other captions"
    words = {w for t in templates for w in t.split()}
    assert all(set(c.split()) <= words for c in captions), "made only of real captions' text"


def test_run_py_end_to_end_on_a_tiny_corpus(tmp_path):
    out_json = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--records", "20", "--repeat", "1", "--skip-peers",
         "--quiet", "--work", str(tmp_path / "work"), "--json", str(out_json)],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    table = proc.stdout
    assert "| run | seconds | files/s | x floor |" in table
    assert "byte-identical to --jobs 1: yes" in table
    assert "Start-up: one record" in table
    assert "over the floor, round by round: " in table

    result = json.loads(out_json.read_text(encoding="utf-8"))
    assert result["records"] == 20 and result["repeat"] == 1
    names = [r["name"] for r in result["rows"]]
    assert names[0].startswith("floor")
    assert any("--jobs 1" in n for n in names) and any("--jobs 2" in n for n in names)
    assert any("schema only" in n for n in names)
    for r in result["rows"]:
        assert r["exit"] == 0, r
        assert r["seconds"] > 0 and r["files_per_s"] > 0 and r["max_rss_mb"] > 0
        assert len(r["all_seconds"]) == 1
    assert result["rows"][0]["vs_floor"] == 1.0
    floor, lint1 = result["rows"][0], next(r for r in result["rows"] if "--jobs 1" in r["name"])
    assert result["ratio_by_round"] == [round(lint1["all_seconds"][0] / floor["all_seconds"][0], 2)]
    assert result["ratio_median"] == result["ratio_by_round"][0]
    lint2 = next(r for r in result["rows"] if "--jobs 2" in r["name"])
    assert result["speedup_jobs2_by_round"] == [round(lint1["all_seconds"][0] / lint2["all_seconds"][0], 2)]
    assert "--jobs 2 speed-up: " in table and "round by round" in table
    assert result["jobs_identical"] is True
    assert result["findings"]["total"] >= 0
    assert set(result["startup"]) >= {"import_yaml_s", "one_file_s", "ratio"}
    # the same corpus is reused from --work, and both reports were written
    assert (tmp_path / "work" / "corpus" / "manifest.json").is_file()
    assert (tmp_path / "work" / "jobs1.json").read_bytes() == (tmp_path / "work" / "jobs2.json").read_bytes()


def test_paired_ratios_divide_round_by_round():
    import run
    assert run.paired_ratios([10.0, 12.0, 0.0], [20.0, 30.0, 5.0]) == [2.0, 2.5]
    assert run.paired_ratios([], []) == []


@pytest.mark.skipif(not (REPO / ".git").exists(), reason="compare.py unpacks the base from git")
def test_compare_py_against_head_on_a_tiny_corpus(tmp_path):
    import compare
    generate.generate(tmp_path / "corpus", records=15, seed=3)
    out = tmp_path / "cmp.json"
    # HEAD against the working tree: identical output whenever the tree is clean
    # or only changes speed, which is what CI runs
    dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "linter", "rules"],
                           capture_output=True, text=True).stdout.strip()
    rc = compare.main([str(tmp_path / "corpus"), "--base", "HEAD", "--rounds", "1", "--json", str(out)])
    result = json.loads(out.read_text(encoding="utf-8"))
    if not dirty:
        assert rc == 0 and result["identical_output"] is True
    assert result["base"] == "HEAD" and result["rounds"] == 1
    for side in ("floor", "base", "new"):
        assert len(result["cpu_seconds"][side]) == 1 and result["cpu_seconds"][side][0] > 0


def test_compare_report_says_when_the_output_changed():
    import compare
    result = {"base": "abc", "identical_output": False, "rounds": 2,
              "cpu_seconds": {"floor": [1.0, 2.0], "base": [2.0, 4.0], "new": [1.5, 3.0]},
              "instructions": {"base": 2_000_000_000, "new": 1_900_000_000, "records": 10}}
    text = compare.report(result)
    assert "output: DIFFERENT (base abc vs this checkout)" in text
    assert "x floor by round 2.00 / 2.00 (median 2.00)" in text
    assert "new vs base: -25.0% CPU time" in text
    assert "base 2,000 M, new 1,900 M (-5.0%)" in text


def test_budget_py_measures_every_part_on_the_same_records(corpus, tmp_path):
    import budget
    folder, _ = corpus
    result = budget.measure(folder, limit=1000, rounds=2)
    n = len(list((folder / "_figures").glob("*.md")))
    assert result["records"] == n
    assert all(len(s) == 2 and min(s) > 0 for s in result["seconds"].values())
    # each stage did its whole job: every record read and parsed, more events
    # than records, and the in-process lint finds what the command reports
    assert result["counts"]["floor"] == result["counts"]["parse"] == n
    assert result["counts"]["events"] > 10 * n
    out = tmp_path / "lint.json"
    subprocess.run([sys.executable, "-m", "pfocr_lint", "check", str(folder), "--jobs", "1", "--exit-zero",
                    "--format", f"json={out}"], cwd=REPO, check=True, capture_output=True)
    assert result["counts"]["lint"] == len(json.loads(out.read_text(encoding="utf-8"))["findings"])
    text = budget.report(result)
    assert text.startswith(f"{n:,} records, 2 interleaved rounds")
    assert "rules and tables: x" in text and "at 1.5x they would have x" in text
