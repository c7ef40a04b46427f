"""The progress bar: on an interactive stderr for long runs only; never in
pipes, CI logs or pre-commit. Run for real: stderr is a pipe, or a pseudo-
terminal (what a user's shell gives the tool)."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios

import pytest

from tests.helpers import FIXTURES

N_FILES = 600  # above the 500-file threshold of linter.commands._progress
BAR = re.compile(r"\d+/%d" % N_FILES)


@pytest.fixture(scope="module")
def many_records(tmp_path_factory):
    root = tmp_path_factory.mktemp("many")
    text = (FIXTURES / "clean" / "newer.md").read_text(encoding="utf-8")
    for i in range(N_FILES):
        (root / f"r{i:04d}.md").write_text(text, encoding="utf-8")
    return root


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("CI", "PRE_COMMIT", "GITHUB_ACTIONS", "NO_COLOR", "GITHUB_STEP_SUMMARY")}
    env.update(extra)
    return env


def _argv(root, *extra):
    return [sys.executable, "-m", "pfocr_lint", "check", "--isolated", "--exit-zero", "--select", "OR",
            "-j", "2", *extra, str(root)]


def run_on_terminal(argv, env) -> str:
    """Run with stderr on a pseudo-terminal; return what appeared there."""
    master, slave = pty.openpty()
    # a fresh pty is 0x0; tqdm sizes the bar to the terminal, so give it a real size
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    proc.wait(timeout=120)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_on_a_terminal(many_records):
    err = run_on_terminal(_argv(many_records), _env())
    assert BAR.search(err), f"expected a progress bar on the terminal, got {err[-300:]!r}"


@pytest.mark.parametrize("why,env,extra", [
    ("CI log", {"CI": "true"}, ()),
    ("pre-commit", {"PRE_COMMIT": "1"}, ()),
    ("--no-progress", {}, ("--no-progress",)),
])
def test_no_progress_bar_when_not_wanted_on_a_terminal(many_records, why, env, extra):
    err = run_on_terminal(_argv(many_records, *extra), _env(**env))
    assert not BAR.search(err), why


def test_no_progress_bar_in_a_pipe(many_records):
    res = subprocess.run(_argv(many_records), capture_output=True, text=True, env=_env())
    assert res.returncode == 0
    assert res.stderr == "" and "\r" not in res.stdout
    assert res.stdout.rstrip().endswith(f"{N_FILES} files checked: no findings.")


def _screen(raw: str) -> list:
    """The lines a terminal shows for ``raw``: '\\r' returns to the start of
    the line and later text overwrites it; escape sequences are dropped."""
    raw = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", raw).replace("\r\n", "\n")
    lines, cur, col = [], [], 0
    for ch in raw:
        if ch == "\n":
            lines.append("".join(cur).rstrip())
            cur, col = [], 0
        elif ch == "\r":
            col = 0
        else:
            if col < len(cur):
                cur[col] = ch
            else:
                cur.append(ch)
            col += 1
    if cur:
        lines.append("".join(cur).rstrip())
    return lines


@pytest.fixture(scope="module")
def records_with_findings(tmp_path_factory):
    root = tmp_path_factory.mktemp("findings")
    text = (FIXTURES / "clean" / "newer.md").read_text(encoding="utf-8")
    text = re.sub(r"organisms:\n- Homo sapiens\n", "organisms: Homo sapiens\n", text, count=1)
    assert "organisms: Homo sapiens\n" in text
    for i in range(N_FILES):
        (root / f"r{i:04d}.md").write_text(text, encoding="utf-8")
    return root


def test_the_bar_never_corrupts_the_listing_on_a_terminal(records_with_findings):
    # stdout and stderr on the same terminal, as in a user's shell
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    proc = subprocess.Popen(_argv(records_with_findings, "--color", "never"), stdout=slave, stderr=slave,
                            env=_env())
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    proc.wait(timeout=120)
    os.close(master)
    raw = b"".join(chunks).decode("utf-8", "replace")
    assert BAR.search(raw), "the bar was drawn"
    finding = re.compile(r"^\S+/r\d{4}\.md:\d+:1: OR001 \[warning\] 'organisms' is the string 'Homo sapiens', "
                         r"not a list$")
    lines = [ln for ln in _screen(raw) if ln.strip()]
    listed = [ln for ln in lines if "OR001" in ln]
    assert len(listed) == N_FILES
    bad = [ln for ln in listed if not finding.match(ln)]
    assert not bad, f"{len(bad)} finding lines mixed with the bar, e.g. {bad[0]!r}"
    hints = [ln for ln in lines if "->" in ln]
    assert len(hints) == N_FILES and all(ln.startswith("    -> ") for ln in hints)
    assert lines[-1] == f"{N_FILES} files checked: {N_FILES} warnings."
