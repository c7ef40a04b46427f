"""Hostile input and faults (issue 16): each case with its minimal input.

Nothing escapes (a finding or a clean refusal, never a traceback), nothing
is lost, and time and memory stay bounded.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from pfocr_lint.parse import parse_text
from tests.helpers import REPO, SEEDS, lint_text

SEED = SEEDS / "PMC6676106__CAS-110-2421-g006.md"
PFOCR_LINT = [sys.executable, "-m", "pfocr_lint"]


def _year(value: str):
    record, findings = parse_text("r.md", f"---\nfigid: r\nyear: {value}\n---\n")
    assert record is not None, findings
    return record.data["year"]


# -- PyYAML's int/float constructors ------------------------------------------

@pytest.mark.parametrize("value", ["!!int", "!!int ''", "!!int +", "!!float _", "!!float ''"])
def test_a_tagged_scalar_pyyaml_cannot_construct_is_kept_as_text(value):
    # IndexError inside PyYAML's constructors ended the whole run
    year = _year(value)
    assert isinstance(year, str)


def test_a_float_with_200_sexagesimal_parts_is_kept_as_text():
    text = "1:" * 200 + "1.5"
    assert _year(text) == text  # OverflowError before


@pytest.mark.parametrize("value", ["0x" + "f" * 4000, "1:" * 200 + "1", "9" * 400])
def test_an_int_too_large_to_print_is_kept_as_text_and_no_rule_crashes(tmp_path, value):
    assert _year(value) == value
    findings = lint_text(tmp_path, f"---\nfigid: r\nyear: {value}\n---\n")
    assert findings and "IO099" not in {f.code for f in findings}


def test_an_ordinary_large_int_stays_an_int():
    assert _year("99999999999999999999") == 99999999999999999999


def test_an_entrez_id_over_2_to_the_63_is_no_crash(tmp_path):
    text = SEED.read_text(encoding="utf-8").replace("entrez: '596'", "entrez: 99999999999999999999")
    assert "99999999999999999999" in text
    findings = lint_text(tmp_path, text)
    got = {f.code for f in findings}
    assert "IO099" not in got and "SC002" in got  # the number is still reported as a number


# -- the shipped snapshot ---------------------------------------------------------

def test_the_snapshot_is_opened_read_only():
    from pfocr_lint.hgnc import paths
    from pfocr_lint.hgnc.snapshot import Snapshot

    snap = Snapshot(paths.shipped_snapshot())
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            snap.con.execute("CREATE TABLE hostile (x)")
    finally:
        snap.close()


# -- pipes and processes ------------------------------------------------------------

@pytest.mark.parametrize("args", [[str(SEEDS)], ["rules"], [str(SEEDS), "--format", "json"]])
def test_a_closed_stdout_ends_the_run_quietly(args):
    """`pfocr-lint seeds/ | head -1`: no BrokenPipeError traceback."""
    proc = subprocess.Popen(PFOCR_LINT + args + (["--isolated"] if args[0] != "rules" else []),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
    proc.stdout.close()  # the reader is gone before the first write
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) in (0, 1)
    assert "Traceback" not in err and "BrokenPipe" not in err and err == ""


_KILL_MAIN = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from pfocr_lint import registry
    from pfocr_lint.config import Config
    from pfocr_lint.engine import Linter, iter_results

    files = [(str(p), p) for p in sorted(Path(sys.argv[1]).glob("*.md"))]
    linter = Linter(Config(), registry.all_rules())
    for result in iter_results(linter, files, jobs=2, chunk_size=1):
        kids = open(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read().split()
        print(" ".join(kids), flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
""")


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_workers_end_when_the_main_process_is_killed(tmp_path):
    for i in range(40):
        (tmp_path / f"r{i}.md").write_bytes(SEED.read_bytes())
    out = tmp_path / "kids.txt"
    with open(out, "w") as fh:  # a file, not a pipe: orphans would hold a pipe open
        proc = subprocess.run([sys.executable, "-c", _KILL_MAIN, str(tmp_path)], stdout=fh,
                              cwd=REPO, timeout=120)
    assert proc.returncode == -signal.SIGKILL
    kids = [int(k) for k in out.read_text().split()]
    assert kids  # the pool was running

    def alive(pid):
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split()[2]
        except OSError:
            return False
        return state != "Z"

    deadline = time.monotonic() + 10
    while any(alive(k) for k in kids) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [k for k in kids if alive(k)]
    for k in left:  # do not leave them behind if the test fails
        os.kill(k, signal.SIGKILL)
    assert not left


# -- --fix ----------------------------------------------------------------------------

def _fix(path, *args):
    from pfocr_lint.cli import main

    return main(["--isolated", str(path), "--fix", "--no-progress", *args])


def _seed_with(old: str, new: str) -> str:
    text = SEED.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new)


_KEYWORDS = "  keywords:\n  - NFKB1\n  - BCL2\n  - CYR61\n  - Chronic myelogenous leukemia\n"


@pytest.mark.parametrize("keywords, fixed", [
    (["NFKB1", "NFKB1", "CYR61"], ["NFKB1", "CCN1"]),
    (["NFKB1", "NFKB1", "CYR61", "BCL2"], ["NFKB1", "CCN1", "BCL2"]),
])
def test_two_fixes_of_one_list_both_apply(tmp_path, capsys, keywords, fixed):
    """KW004 drops a repeat and HG001 renames an item of the same list: the
    fixer applies them in turn (IndexError, or a refusal, before)."""
    rec = tmp_path / "r.md"
    rec.write_text(_seed_with(_KEYWORDS, "  keywords:\n" + "".join(f"  - {k}\n" for k in keywords)))
    _fix(rec, "--select", "KW004,HG001", "--format", "json")
    import json

    doc = json.loads(capsys.readouterr().out)
    assert doc["findings"] == [] and doc["summary"]["fixed"] == 3
    assert "  keywords:\n" + "".join(f"  - {k}\n" for k in fixed) + "genes:" in rec.read_text()


def test_a_fix_in_a_record_nested_700_deep(tmp_path):
    rec = tmp_path / "r.md"
    rec.write_text(_seed_with("seo: CreativeWork\n",
                              "seo: CreativeWork\ndeep: " + "[" * 700 + "]" * 700 + "\n"))
    _fix(rec, "--select", "OR001")  # RecursionError in copy.deepcopy before
    assert "organisms:\n- Homo sapiens\n" in rec.read_text()


_LIMIT_WRITES = textwrap.dedent("""
    import resource, signal, sys
    from pfocr_lint.cli import main
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (16, 16))  # no file written past 16 bytes
    sys.exit(main(sys.argv[1:]))
""")


def test_a_file_that_cannot_be_written_is_a_finding_and_the_run_goes_on(tmp_path):
    """Even root cannot write past RLIMIT_FSIZE: a real failing write."""
    import json

    first, second = tmp_path / "a.md", tmp_path / "b.md"
    first.write_text(SEED.read_text(encoding="utf-8"))
    second.write_text("---\nfigid: b\nyear: [\n---\n")
    proc = subprocess.run([sys.executable, "-c", _LIMIT_WRITES, "--isolated", str(first), str(second),
                           "--fix", "--select", "OR001,IO", "--format", "json"],
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    assert "Traceback" not in proc.stderr
    doc = json.loads(proc.stdout)
    got = {(Path(f["path"]).name, f["code"]) for f in doc["findings"]}
    assert ("a.md", "IO014") in got and ("a.md", "OR001") in got  # nothing fixed, said why
    assert ("b.md", "IO009") in got  # the file after it was still checked
    io014 = [f for f in doc["findings"] if f["code"] == "IO014"][0]
    assert "cannot be written" in io014["message"]
    assert first.read_text() == SEED.read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_read_only_folder_is_a_finding(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    rec = folder / "r.md"
    rec.write_text(SEED.read_text(encoding="utf-8"))
    folder.chmod(0o555)
    try:
        assert _fix(rec, "--select", "OR001") in (0, 1)
    finally:
        folder.chmod(0o755)
    assert rec.read_text() == SEED.read_text(encoding="utf-8")


def test_a_fix_of_a_mixed_lf_crlf_file_changes_only_the_promised_bytes(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    lines = text.split("\n")
    # CRLF on every third line, the Jekyll body included
    mixed = "".join(line + ("\r\n" if i % 3 == 0 else "\n") for i, line in enumerate(lines[:-1]))
    mixed += "body line\r\nlast line\n"
    rec = tmp_path / "r.md"
    rec.write_bytes(mixed.encode())
    _fix(rec, "--select", "OR001", "--ignore", "IO006")
    got = rec.read_bytes().decode()
    old = "organisms: Homo sapiens"
    at = mixed.index(old)
    end_of_line = mixed[at + len(old):at + len(old) + 2]
    nl = "\r\n" if end_of_line == "\r\n" else "\n"
    want = mixed[:at] + f"organisms:{nl}- Homo sapiens" + mixed[at + len(old):]
    assert got == want


def test_a_fix_through_a_symlink_rewrites_its_target_and_keeps_the_link(tmp_path):
    target = tmp_path / "store" / "r.md"
    target.parent.mkdir()
    target.write_text(SEED.read_text(encoding="utf-8"))
    link = tmp_path / "r.md"
    link.symlink_to(target)
    _fix(link, "--select", "OR001")
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert "organisms:\n- Homo sapiens\n" in target.read_text()


def test_a_fix_keeps_hard_links(tmp_path):
    one, two = tmp_path / "r.md", tmp_path / "same.md"
    one.write_text(SEED.read_text(encoding="utf-8"))
    os.link(one, two)
    _fix(one, "--select", "OR001")
    assert one.stat().st_ino == two.stat().st_ino and one.stat().st_nlink == 2
    assert "organisms:\n- Homo sapiens\n" in two.read_text()


@pytest.mark.parametrize("extra, why", [
    ("seo: again\n", "duplicate key"),
    ("ndex: !custom x\n", "unknown YAML tag"),
])
def test_a_refused_fix_says_why(tmp_path, capsys, extra, why):
    import json

    rec = tmp_path / "r.md"
    text = _seed_with("annotations: []\n", "annotations: []\n" + extra)
    if extra.startswith("ndex"):
        text = text.replace("ndex: ''\n", "", 1)
    rec.write_text(text)
    _fix(rec, "--select", "OR001", "--format", "json")
    findings = json.loads(capsys.readouterr().out)["findings"]
    refusal = [f for f in findings if f["code"] == "IO014"]
    assert len(refusal) == 1 and why in refusal[0]["message"]
    assert "report this as a bug" not in refusal[0]["message"]
    assert rec.read_text() == text


def test_trimming_a_block_scalar_keeps_its_line_break(tmp_path):
    rec = tmp_path / "r.md"
    rec.write_text(_seed_with("figtitle: Proposed", "figtitle: |\n  Proposed signaling pathway  \nfigtitle2: Proposed"))
    _fix(rec, "--select", "NA004")
    text = rec.read_text()
    assert "figtitle: Proposed signaling pathway\nfigtitle2: Proposed" in text


# -- time and memory ------------------------------------------------------------------

def test_an_alias_bomb_is_bounded_by_the_text_it_expands_to():
    big = "x" * 100_000
    text = f"---\nfigid: r\ncaption: &a '{big}'\nkeywords: [" + ", ".join(["*a"] * 500) + "]\n---\n"
    record, findings = parse_text("r.md", text)
    assert record is None
    assert [f.code for f in findings] == ["IO012"] and "characters" in findings[0].message
    assert findings[0].line == 3  # at the anchored value that is repeated


def test_a_few_aliases_of_a_short_value_are_still_read():
    text = "---\nfigid: r\ncaption: &a 'short'\nkeywords: [" + ", ".join(["*a"] * 50) + "]\n---\n"
    record, findings = parse_text("r.md", text)
    assert record is not None and record.data["keywords"] == ["short"] * 50


def test_or007_recasing_with_many_names(tmp_path):
    """One pass over the record's names, not one per malformed name
    (10,000 names took 20 s)."""
    from tests.helpers import clean_record, dump_record

    data = clean_record("newer")
    data["organisms"] = ["homo sapiens", "Homo sapiens"] + [f"x{i} y z" for i in range(5000)]
    findings = [f for f in lint_text(tmp_path, dump_record(data), select=["OR007"]) if f.code == "OR007"]
    assert len(findings) == 5001
    first = min(findings, key=lambda f: f.line)
    assert first.suggestion == "Write it as 'Homo sapiens'"


def test_a_companion_table_over_max_file_size_is_not_read(tmp_path):
    from tests.helpers import lint_paths

    figs, data = tmp_path / "_figures", tmp_path / "_data"
    figs.mkdir()
    data.mkdir()
    rec = figs / "PMC1__a.md"
    rec.write_text("---\nfigid: PMC1__a\nkeywords: ''\n---\n")
    rows = "".join(f"9606\tHomo sapiens\tTP53\tTP53\tTP53\t7157\trow{i}\n" for i in range(2000))
    (data / "PMC1__a-genes.tsv").write_text("a\tb\tc\td\te\tf\tg\n" + rows)
    findings = lint_paths([rec], max_file_size=10_000)
    tb004 = [f for f in findings if f.code == "TB004"]
    assert len(tb004) == 1 and "max-file-size" in tb004[0].message
    assert not any("row1" in (f.message + (f.value or "")) for f in findings)


def _fly_table_tree(tmp_path, rows: int, blank_lines: int = 0, crlf: bool = False):
    """A real human figure whose genes table holds ``rows`` fly rows (SP001 each)."""
    from tests.helpers import FIXTURES

    figid = "PMC1052007__JCI0524159.f1"
    src = FIXTURES / "corpus"
    (tmp_path / "_figures").mkdir()
    (tmp_path / "_data").mkdir()
    rec = tmp_path / "_figures" / f"{figid}.md"
    rec.write_bytes((src / "_figures" / f"{figid}.md").read_bytes())
    head, *body = (src / "_data" / f"{figid}-genes.tsv").read_text(encoding="utf-8").splitlines()
    fly = [r for r in body if r.startswith("7227\t")]
    lines = [head] + [fly[i % len(fly)] for i in range(rows)] + [""] * blank_lines
    end = "\r\n" if crlf else "\n"
    (tmp_path / "_data" / f"{figid}-genes.tsv").write_text(end.join(lines) + end, encoding="utf-8", newline="")
    return rec


def test_a_companion_table_over_max_table_rows_is_reported_and_not_checked(tmp_path):
    from tests.helpers import lint_paths

    rec = _fly_table_tree(tmp_path, 61)
    findings = lint_paths([rec], max_table_rows=60)
    on_table = [f for f in findings if f.path.endswith("-genes.tsv")]
    assert [f.code for f in on_table] == ["TB004"]          # one finding, no row checked
    tb004 = on_table[0]
    assert tb004.line == 1 and "61 rows" in tb004.message and "60-row limit (max-table-rows)" in tb004.message
    assert "raise 'max-table-rows'" in tb004.suggestion
    assert "IO099" not in {f.code for f in findings}


@pytest.mark.parametrize(("blank_lines", "crlf"), [(0, False), (30, False), (30, True)])
def test_a_table_of_max_table_rows_rows_is_checked(tmp_path, blank_lines, crlf):
    # rows are counted as the table readers count them: blank lines are no rows,
    # and a CRLF is one line end
    from tests.helpers import lint_paths

    rec = _fly_table_tree(tmp_path, 60, blank_lines=blank_lines, crlf=crlf)
    findings = lint_paths([rec], max_table_rows=60)
    assert "TB004" not in {f.code for f in findings}
    assert sum(f.code == "SP001" and f.path.endswith("-genes.tsv") for f in findings) == 60


def test_max_table_rows_from_the_command_line_and_the_configuration(tmp_path, capsys):
    import json

    from pfocr_lint.cli import main

    _fly_table_tree(tmp_path, 61)
    assert main(["--isolated", str(tmp_path), "--max-table-rows", "60", "--select", "TB004", "--format", "json"]) == 1
    assert "max-table-rows" in json.loads(capsys.readouterr().out)["findings"][0]["message"]
    assert main(["--isolated", str(tmp_path), "--max-table-rows", "0"]) == 2
    assert "--max-table-rows must be at least 1" in capsys.readouterr().err
    cfg = tmp_path / "lint.toml"
    cfg.write_text("max-table-rows = 61\n")
    assert main(["--config", str(cfg), str(tmp_path), "--select", "TB004", "--format", "json"]) == 0
    capsys.readouterr()
    for bad in ("0", "-3", '"many"', "true", "2.5"):
        cfg.write_text(f"max-table-rows = {bad}\n")
        assert main(["--config", str(cfg), str(tmp_path)]) == 2
        assert "'max-table-rows' must be a positive whole number" in capsys.readouterr().err


# -- untrusted text ---------------------------------------------------------------------

@pytest.mark.parametrize("figid", ["../../outside/PMC9__x", "/ABS/outside/PMC9__x"])
def test_companion_tables_are_only_read_inside_the_repository(tmp_path, figid):
    from tests.helpers import lint_paths

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "PMC9__x-genes.tsv").write_text("word\tsymbol\nSECRETCELL\tSECRETCELL\tTP53\n")
    figid = figid.replace("/ABS", str(tmp_path))
    repo = tmp_path / "repo" / "site"
    (repo / "_figures").mkdir(parents=True)
    (repo / "_data").mkdir()
    rec = repo / "_figures" / "PMC9__x.md"
    rec.write_text(f"---\nfigid: '{figid}'\nkeywords: ''\n---\n")
    findings = lint_paths([rec])
    assert findings and "IO099" not in {f.code for f in findings}
    text = " ".join(f"{f.path} {f.message} {f.value or ''} {f.suggestion or ''}" for f in findings)
    assert "SECRETCELL" not in text and str(outside) not in " ".join(f.path for f in findings)


_HOSTILE = "\x1b]0;pwned\x07\x1b[2J\u202eevil\u202c\x9b"


@pytest.mark.parametrize("fmt", ["text", "github", "markdown", "tsv", "csv"])
def test_control_characters_never_reach_a_text_report(tmp_path, capsys, fmt):
    from pfocr_lint.cli import main

    rec = tmp_path / "r.md"
    rec.write_text(f'---\nfigid: r\nfigtitle: "  x{_HOSTILE.encode("unicode_escape").decode()}"\n---\n',
                   encoding="utf-8")
    main(["--isolated", str(rec), "--format", fmt, "--select", "NA004,SC"])
    out = capsys.readouterr().out
    assert "NA004" in out
    for ch in "\x1b\x07\u202e\u202c\x9b":
        assert ch not in out
    assert "\\x1b" in out or "\\u001b" in out  # still visible, as an escape


def test_csv_escapes_controls_and_defuses_formulas_but_keeps_numbers_and_lone_signs(tmp_path, capsys):
    import csv
    import io

    from pfocr_lint.cli import main

    rec = tmp_path / "r.md"
    rec.write_text('---\nfigid: r\nyear: "=HYPERLINK(\\"http://x\\",\\"y\\")"\n'
                   'figtitle: "  x\\e[2J\\u202eevil\\u202c"\nnumber: "-"\n---\n', encoding="utf-8")
    main(["--isolated", str(rec), "--format", "csv", "--select", "NA004,SC003,ID010"])
    out = capsys.readouterr().out
    rows = list(csv.reader(io.StringIO(out, newline="")))
    by_code = {r[3]: dict(zip(rows[0], r)) for r in rows[1:]}
    title = by_code["NA004"]
    assert title["value"] == "  x\\x1b[2J\\u202eevil\\u202c"  # visible, never run
    assert "\x1b" not in out and "\u202e" not in out and "\u202c" not in out
    year = by_code["SC003"]
    assert year["value"] == "'=HYPERLINK(\"http://x\",\"y\")"  # shown as text, never evaluated
    assert by_code["ID010"]["value"] == "-"  # a lone sign computes nothing: kept as written


@pytest.mark.parametrize(("cell", "kept"), [
    ("-1", True), ("+2.5e3", True), ("-.5", True), ("-", True), ("+", True), ("plain", True),
    ("-inf", False), ("+nan", False), ("-1_000", False), ("-1+cmd|' /C calc'!A0", False), ("=1", False),
    ("@SUM(A1)", False), ("--", False), ("\t=1", False), ("-1\n", False),
])
def test_defuse_prefixes_what_a_spreadsheet_would_evaluate(cell, kept):
    from pfocr_lint.reporters.table import defuse

    assert defuse(cell) == (cell if kept else "'" + cell)


def test_printable_escapes_and_tsv_reads_back():
    from pfocr_lint.printable import printable
    from pfocr_lint.reporters.table import escape_tsv, unescape_tsv

    assert printable("a\x1bb\u202ec\nd") == "a\\x1bb\\u202ec\\x0ad"
    assert printable("plain ü 🧬") == "plain ü 🧬"
    for text in (_HOSTILE, "tab\there\\x1b", "a\\u202e"):
        escaped = escape_tsv(text)
        assert "\x1b" not in escaped and "\u202e" not in escaped
        assert unescape_tsv(escaped) == text


# -- online mode ----------------------------------------------------------------------------

@pytest.fixture
def hgnc_server(tmp_path, monkeypatch):
    from pfocr_lint.hgnc import paths
    from tests.hgnc_server import FakeHGNC

    monkeypatch.setenv(paths.ENV_DATA, str(tmp_path / "userdata"))
    with FakeHGNC() as srv:
        yield srv


def _online(url, cache):
    import pfocr_lint.hgnc as hgnc
    from pfocr_lint.config import Config
    from pfocr_lint.engine import RunContext

    ctx = RunContext(Config(hgnc="online", hgnc_rest_url=url, hgnc_cache_dir=str(cache), hgnc_timeout=0.5,
                            hgnc_rate_limit=1000.0))
    return ctx, hgnc.load_for_run(ctx)


def test_hgnc_timeout_bounds_the_whole_answer(hgnc_server, tmp_path):
    """A server that sends one byte every 0.05 s answers each socket read in
    time, but the whole answer (a few hundred bytes) takes many seconds."""
    hgnc_server.mode, hgnc_server.delay = "trickle", 0.05
    ctx, know = _online(hgnc_server.url, tmp_path / "cache")
    t0 = time.monotonic()
    res = know.human.resolve("CYR61")
    took = time.monotonic() - t0
    assert res.kind == "previous" and res.genes[0].symbol == "CCN1"  # the snapshot's answer
    assert len(ctx.warnings) == 1 and "no answer within 0.5 s" in ctx.warnings[0]
    assert took < 3.0


def test_an_answer_with_wrong_field_types_is_a_fault(hgnc_server, tmp_path):
    hgnc_server.mode = "wrongtypes"
    ctx, know = _online(hgnc_server.url, tmp_path / "cache")
    res = know.human.resolve("CYR61")
    assert res.kind == "previous" and res.genes[0].symbol == "CCN1"  # the snapshot's answer
    assert len(ctx.warnings) == 1 and "malformed answer" in ctx.warnings[0]
    assert "'symbol'" in ctx.warnings[0]
    # not cached: a good answer is used by the next run
    hgnc_server.mode = "ok"
    ctx2, know2 = _online(hgnc_server.url, tmp_path / "cache")
    assert know2.human.resolve("CYR61").kind == "previous" and ctx2.warnings == []


def test_a_404_is_one_warning_per_run_under_two_jobs(hgnc_server, tmp_path):
    hgnc_server.mode = "404"
    records = tmp_path / "records"
    records.mkdir()
    for p in sorted(SEEDS.glob("*.md")):
        (records / p.name).write_bytes(p.read_bytes())
    config = tmp_path / "lint.toml"
    config.write_text(f'[tool.pfocr-lint]\nhgnc = "online"\nhgnc-rest-url = "{hgnc_server.url}"\n'
                      f'hgnc-cache-dir = "{tmp_path / "cache"}"\nhgnc-timeout = 2\n')
    proc = subprocess.run(PFOCR_LINT + [str(records), "--config", str(config), "--jobs", "2",
                                        "--select", "HG", "--no-progress"],
                          capture_output=True, text=True, cwd=REPO, timeout=300,
                          env={**os.environ, "PFOCR_LINT_DATA_DIR": str(tmp_path / "userdata")})
    assert "Traceback" not in proc.stderr
    warnings = [line for line in proc.stdout.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "HTTP 404" in warnings[0], proc.stdout[-2000:]
    assert len({p.split("/")[2] for p in hgnc_server.fetch_paths()}) >= 1


def test_a_fix_of_an_anchored_value_is_refused_with_the_reason(tmp_path, capsys):
    import json

    rec = tmp_path / "r.md"
    text = _seed_with("organisms: Homo sapiens\n", "organisms: &o Homo sapiens\nspecies_copy: *o\n")
    rec.write_text(text)
    _fix(rec, "--select", "OR001", "--format", "json")
    refusal = [f for f in json.loads(capsys.readouterr().out)["findings"] if f["code"] == "IO014"]
    assert len(refusal) == 1 and "anchors and aliases" in refusal[0]["message"]
    assert rec.read_text() == text
