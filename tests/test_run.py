"""The run (linter/run.py): one pipeline from paths to reports.

What the engine owns and the command and reporters no longer do: reporters
get what they show from the run and open no record; a companion table named
on the command line stands for its record; rule metadata is declared, not
read from prose; knowledge is loaded only for rules that declared it.
"""

from __future__ import annotations

import ast
import json
import shutil
import sys
from pathlib import Path

import pytest

from pfocr_lint import registry
from pfocr_lint.cli import main
from pfocr_lint.config import Config
from pfocr_lint.engine import Linter
from pfocr_lint.rule import Rule

from tests.helpers import FIXTURES, REPO

CORPUS = FIXTURES / "corpus"

# -- files a run opens -------------------------------------------------------------
# An audit hook sees every open() and os.open() of the process. It cannot be
# removed, so it records only while a test has switched it on.
_OPENED: list = []
_RECORDING = [False]


def _audit(event, args):
    if _RECORDING[0] and event == "open" and isinstance(args[0], (str, bytes, Path)):
        _OPENED.append(str(args[0] if not isinstance(args[0], bytes) else args[0].decode()))


sys.addaudithook(_audit)


def _opened_during(argv) -> tuple[int, list]:
    _OPENED.clear()
    _RECORDING[0] = True
    try:
        code = main(argv)
    finally:
        _RECORDING[0] = False
    return code, list(_OPENED)


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    root = tmp_path / "repo"
    shutil.copytree(CORPUS, root)
    monkeypatch.chdir(root)
    return root


def test_html_and_sarif_reports_open_each_record_once(corpus, tmp_path):
    records = sorted(p.name for p in (corpus / "_figures").glob("*.md"))
    code, opened = _opened_during([
        "check", "_figures", "--isolated", "--jobs", "1", "--exit-zero",
        "--format", f"html={tmp_path / 'r.html'}", "--format", f"sarif={tmp_path / 'r.sarif'}"])
    assert code == 0
    md = [Path(p).name for p in opened if p.endswith(".md")]
    assert sorted(md) == records       # each record once: read by the run, not by a reporter
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    # the per-record view still has the records' titles, from the run's metadata
    one = next(p for p in (corpus / "_figures").glob("*.md"))
    import yaml
    title = yaml.safe_load(one.read_text(encoding="utf-8").split("---\n")[1])["figtitle"]
    assert json.dumps(title, ensure_ascii=False)[1:-1][:40] in html


def test_a_table_on_the_command_line_lints_its_record_once(corpus):
    record = sorted((corpus / "_figures").glob("*.md"))
    rec = next(r for r in record if len(list((corpus / "_data").glob(r.stem + "-*.tsv"))) >= 2)
    tables = sorted(str(t.relative_to(corpus)) for t in (corpus / "_data").glob(rec.stem + "-*.tsv"))
    rel = str(rec.relative_to(corpus))

    def report(*paths):
        out = corpus / "out.json"
        main(["check", *paths, "--isolated", "--exit-zero", "--format", f"json={out}"])
        return json.loads(out.read_text(encoding="utf-8"))

    alone = report(rel)
    via_tables = report(*tables)
    both = report(tables[0], rel, tables[1])
    for r in (via_tables, both):
        assert r["summary"]["files_checked"] == 1
        assert r["findings"] == alone["findings"]
    assert not any(f["code"] == "IO007" for f in via_tables["findings"])


def _report(*argv) -> dict:
    out = Path("out.json")
    main(["check", *argv, "--exit-zero", "--format", f"json={out}"])
    return json.loads(out.read_text(encoding="utf-8"))


def test_a_table_without_its_record_file_is_an_orphan_table(corpus):
    orphan = corpus / "_data" / "PMC1__nothing-genes.tsv"
    orphan.write_text("gene\n", encoding="utf-8")
    one = "_data/PMC1__nothing-genes.tsv"
    r = _report(one, "./" + one, str(orphan), "--isolated")     # named three ways: one table
    assert [(f["path"], f["line"], f["code"]) for f in r["findings"]] == [(one, 1, "RP002")]
    assert "no _figures/PMC1__nothing.md" in r["findings"][0]["message"]
    assert r["summary"]["files_checked"] == 1
    # with the whole folder linted too, the folder's own check finds it: still once
    r = _report(one, "_figures", "--isolated", "--select", "RP002")
    assert [(f["path"], f["code"]) for f in r["findings"]] == [(one, "RP002")]
    # and when a walked folder yields the tables (include *.tsv): each record once, the orphan once
    r = _report("_data", "--isolated", "--include", "*.tsv", "--select", "RP002")
    assert [(f["path"], f["code"]) for f in r["findings"]] == [(one, "RP002")]
    assert r["summary"]["files_checked"] == 1 + len({t.name.rsplit("-", 1)[0]
                                                     for t in (corpus / "_data").glob("*.tsv")} - {"PMC1__nothing"})
    # a record under another file name whose figid is the table's, linted in
    # the same run, is the table's record
    rec = next(r for r in sorted((corpus / "_figures").glob("*.md"))
               if (corpus / "_data" / f"{r.stem}-genes.tsv").exists())
    rec.rename(rec.with_name("renamed.md"))
    table = f"_data/{rec.stem}-genes.tsv"
    r = _report("_figures/renamed.md", table, "--isolated", "--select", "RP002")
    assert r["findings"] == []
    r = _report(table, "--isolated", "--select", "RP002")   # alone, nothing tells: no record file
    assert [f["code"] for f in r["findings"]] == ["RP002"]


def test_a_record_excluded_stays_excluded_whichever_file_is_named(corpus):
    rec = next(r for r in sorted((corpus / "_figures").glob("*.md"))
               if (corpus / "_data" / f"{r.stem}-genes.tsv").exists())
    table = f"_data/{rec.stem}-genes.tsv"
    (corpus / "pyproject.toml").write_text(
        f'[tool.pfocr-lint]\nextend-exclude = ["_figures/{rec.name}"]\n', encoding="utf-8")
    assert _report(table, "--force-exclude")["summary"]["files_checked"] == 0
    # without --force-exclude a named file is always linted: the table's record too
    assert _report(table)["summary"]["files_checked"] == 1
    # an excluded table (the record is not) is left out too, unless the record is named
    (corpus / "pyproject.toml").write_text('[tool.pfocr-lint]\nextend-exclude = ["_data/"]\n', encoding="utf-8")
    assert _report(table, "--force-exclude")["summary"]["files_checked"] == 0
    both = _report(table, f"_figures/{rec.name}", "--force-exclude")
    assert both["summary"]["files_checked"] == 1
    # and an orphan table that is excluded is not reported
    (corpus / "_data" / "PMC1__nothing-genes.tsv").write_text("gene\n", encoding="utf-8")
    r = _report("_data/PMC1__nothing-genes.tsv", "--force-exclude")
    assert r["findings"] == [] and r["summary"]["files_checked"] == 0


# -- rule metadata -------------------------------------------------------------------

def test_fixable_is_declared_and_agrees_with_the_fix_safety_text():
    for cls in registry.all_rules():
        assert isinstance(cls.fixable, bool), cls.code
        text = cls.doc().sections.get("Fix safety", "")
        says_fixable = bool(text) and not text.lower().startswith("not fixable")
        assert cls.fixable == says_fixable, (cls.code, text[:60])


def test_rules_command_and_docs_read_the_attribute(capsys):
    assert main(["rules", "--format", "json"]) == 0
    rows = {r["code"]: r for r in json.loads(capsys.readouterr().out)}
    assert {c for c, r in rows.items() if r["fixable"]} == {
        c.code for c in registry.all_rules() if c.fixable}
    assert rows["NA001"]["fixable"] is True and rows["IO001"]["fixable"] is False


class _Asks(Rule):
    """Test rule: records what ctx.knowledge answers."""

    code = "ZZ801"
    name = "test-asks-for-hgnc"
    seen: list = []

    def check(self, record, ctx):
        type(self).seen.append(ctx.knowledge("hgnc"))
        return ()


class _Needs(_Asks):
    """Test rule: declares that it needs HGNC."""

    code = "ZZ802"
    name = "test-needs-hgnc"
    needs = ("hgnc",)


def test_knowledge_is_loaded_only_for_rules_that_declare_it():
    rec = CORPUS / "_figures" / sorted(p.name for p in (CORPUS / "_figures").glob("*.md"))[0]
    _Asks.seen = []
    undeclared = Linter(Config(), [_Asks])
    undeclared.lint_file(str(rec), rec)
    assert _Asks.seen == [None] and undeclared.ctx.sources == {}
    _Asks.seen = []
    declared = Linter(Config(), [_Needs])
    declared.lint_file(str(rec), rec)
    assert _Asks.seen[0] is not None and "hgnc" in declared.ctx.sources


def test_a_run_without_gene_rules_names_no_snapshot(corpus):
    out = corpus / "out.json"
    main(["check", "_figures", "--isolated", "--exit-zero", "--select", "NA,OR", "--format", f"json={out}"])
    assert json.loads(out.read_text(encoding="utf-8"))["sources"] == {}
    main(["check", "_figures", "--isolated", "--exit-zero", "--select", "HG", "--format", f"json={out}"])
    assert "hgnc" in json.loads(out.read_text(encoding="utf-8"))["sources"]


# -- structure -----------------------------------------------------------------------

def _imports(path: Path, modules: set) -> set:
    """The pfocr_lint modules ``path`` imports, at any depth of its code."""
    deps = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("pfocr_lint"):
            subs = {f"{node.module}.{a.name}" for a in node.names} & modules
            # ``from pkg import module`` depends on the module; ``from pkg import name`` on pkg
            deps |= subs if len(subs) == len(node.names) else subs | {node.module}
        elif isinstance(node, ast.Import):
            deps |= {a.name for a in node.names if a.name.startswith("pfocr_lint")}
    return deps & modules


def test_no_import_cycle_in_the_engine():
    root = REPO / "linter"
    files = {}
    for f in root.rglob("*.py"):
        parts = ["pfocr_lint", *f.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        files[".".join(parts)] = f
    graph = {m: _imports(f, set(files)) - {m} for m, f in files.items()}
    cycles, state = [], {}

    def visit(node, stack):
        state[node] = "open"
        stack.append(node)
        for dep in sorted(graph[node]):
            if state.get(dep) == "open":
                cycles.append(stack[stack.index(dep):] + [dep])
            elif dep not in state:
                visit(dep, stack)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    assert "pfocr_lint.run" in graph and graph["pfocr_lint.cli"]   # the walk saw the engine
    assert cycles == []


def test_reporters_open_no_record_and_the_command_holds_no_pipeline():
    for f in (REPO / "linter" / "reporters").glob("*.py"):
        deps = _imports(f, {"pfocr_lint.parse", "pfocr_lint.engine", "pfocr_lint.fileio"})
        assert deps == set(), f.name
    commands = (REPO / "linter" / "commands.py").read_text(encoding="utf-8")
    for word in ("iter_results", "Fixer", ".finish(", "reporter_class"):
        assert word not in commands


def test_each_family_alone_finds_what_it_finds_in_a_full_run(tmp_path):
    """``needs`` is honoured, so a rule that asks for knowledge it did not
    declare would find less when selected alone: every family declares all
    it uses."""
    from tests.helpers import SEEDS

    paths = [str(p) for p in sorted(SEEDS.glob("*.md"))] + [
        str(p) for p in sorted((CORPUS / "_figures").glob("*.md"))[:40]]

    def findings(*select):
        out = tmp_path / "out.json"
        main(["check", *paths, "--isolated", "--exit-zero", "--format", f"json={out}", *select])
        return json.loads(out.read_text(encoding="utf-8"))["findings"]

    everything = findings()
    families = sorted({f["code"].rstrip("0123456789") for f in everything} - {"IO"})
    assert len(families) >= 8
    for family in families:
        alone = findings("--select", family)
        assert alone == [f for f in everything if f["code"].startswith(family)], family
