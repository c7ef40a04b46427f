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
