#!/usr/bin/env python3
"""Is this change faster, and does it change the output? A/B of two versions.

Lints one corpus with a base version of pfocr-lint (a git ref, unpacked with
``git archive``) and with this checkout, and reports:

  output        whether the two JSON reports are byte-identical (a speed
                change must not change a finding)
  CPU seconds   user + system time of each run, the floor's, base's and this
                checkout's runs interleaved round by round, min and median
  instructions  with --instructions N: valgrind callgrind's instruction count
                of both versions on the first N records, which, unlike time,
                does not drift with a shared machine's load

On a VM whose speed drifts by a fifth within minutes, a few percent is only
visible in the instruction counts or in many interleaved rounds.

Usage: python benchmarks/compare.py CORPUS [--base REF] [--rounds N]
                                    [--instructions N]
(CORPUS: a folder, e.g. one made by benchmarks/generate.py; REF defaults to HEAD,
so the comparison is the uncommitted change)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from run import FLOOR  # noqa: E402  (benchmarks/run.py, beside this file)

# The engine's import name is passed in the environment (see importable()).
ENTRY = ("import importlib, os, sys; "
         "sys.exit(importlib.import_module(os.environ['COMPARE_ENGINE'] + '.cli').main())")


def importable(source: Path) -> tuple:
    """(folder for PYTHONPATH, import name of the engine) for a source tree.

    Before the install layout became one package, the tree's ``linter`` and
    ``rules`` folders were imported as they are. Since then they are
    ``pfocr_lint`` and ``pfocr_lint.rules`` (setuptools package-dir), which a
    bare tree does not offer: the unpacked copy gets the links that make it so."""
    cli = (source / "linter" / "cli.py").read_text(encoding="utf-8")
    if "pfocr_lint" not in cli:
        return source, "linter"
    shim = source / "_importable"
    if not shim.exists():
        shim.mkdir()
        (shim / "pfocr_lint").symlink_to(source / "linter", target_is_directory=True)
        for name in ("rules", "schemas"):
            link = source / "linter" / name
            if not link.exists():
                link.symlink_to(source / name, target_is_directory=True)
    return shim, "pfocr_lint"


def unpack(ref: str, into: Path) -> Path:
    """The tree of ``ref`` in ``into`` (the engine and rules packages are what run)."""
    into.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", ref], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def version_env(source: Path, pycache: Path) -> dict:
    """Environment that imports ``linter`` and ``rules`` from ``source``, with
    its own bytecode cache (both sides run with .pyc, as after pip install)."""
    env = dict(os.environ)
    if source == REPO:      # this checkout: the installed (editable) pfocr_lint
        env["PYTHONPATH"], env["COMPARE_ENGINE"] = "", "pfocr_lint"
    else:
        path, engine = importable(source)
        env["PYTHONPATH"], env["COMPARE_ENGINE"] = str(path), engine
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    # every round lints for real: a result cache (newer versions) would make
    # the rounds after the first measure nothing but look-ups
    env["PFOCR_LINT_NO_CACHE"] = "1"
    return env


# Runs start in a neutral folder: ``python -c`` puts the current folder first
# on sys.path, ahead of PYTHONPATH, and in a checkout that is this version.
NEUTRAL = tempfile.gettempdir()


def cpu_seconds(cmd: list, env: dict) -> float:
    """User + system seconds of one run of ``cmd`` (its own rusage, not this process's)."""
    p = subprocess.Popen(cmd, env=env, cwd=NEUTRAL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    err = p.stderr.read().decode("utf-8", "replace") if p.stderr else ""
    if p.stderr:
        p.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd[:4])} ...\n{err}")
    return usage.ru_utime + usage.ru_stime


def lint_cmd(corpus: str, out: Path, files: list | None = None) -> list:
    targets = files if files is not None else [corpus]
    return [sys.executable, "-c", ENTRY, "check", *targets, "--isolated", "--exit-zero",
            "--no-progress", "--jobs", "1", "--format", f"json={out}"]


def instructions(cmd: list, env: dict) -> int:
    """Instructions executed by ``cmd`` under callgrind."""
    vg = shutil.which("valgrind")
    if vg is None:
        raise SystemExit("--instructions needs valgrind")
    proc = subprocess.run([vg, "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
                          env=env, cwd=NEUTRAL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    m = re.search(r"Collected : (\d+)", proc.stderr)
    if proc.returncode != 0 or m is None:
        raise SystemExit(f"callgrind failed:\n{proc.stderr[-2000:]}")
    return int(m.group(1))


def summary(name: str, seconds: list, floor: list | None) -> str:
    line = f"{name:6s} min {min(seconds):7.2f}  median {statistics.median(seconds):7.2f}"
    if floor:
        ratios = [s / f for s, f in zip(seconds, floor) if f > 0]
        line += f"  x floor by round {' / '.join(f'{r:.2f}' for r in ratios)} " \
                f"(median {statistics.median(ratios):.2f})"
    return line


def compare(corpus: Path, base_ref: str, rounds: int, count: int, work: Path) -> dict:
    base_src = unpack(base_ref, work / "base")
    envs = {"base": version_env(base_src, work / "pycache-base"),
            "new": version_env(REPO, work / "pycache-new")}
    floor_env = dict(os.environ)
    outs = {k: work / f"{k}.json" for k in envs}
    figures = corpus / "_figures" if (corpus / "_figures").is_dir() else corpus
    floor_cmd = [sys.executable, "-c", FLOOR, str(figures)]

    # one untimed round: page cache, bytecode caches, and the two reports
    for k, env in envs.items():
        cpu_seconds(lint_cmd(str(corpus), outs[k]), env)
    identical = outs["base"].read_bytes() == outs["new"].read_bytes()
    result = {"base": base_ref, "identical_output": identical, "rounds": rounds,
              "cpu_seconds": {"floor": [], "base": [], "new": []}}
    for _ in range(rounds):
        result["cpu_seconds"]["floor"].append(cpu_seconds(floor_cmd, floor_env))
        for k, env in envs.items():
            result["cpu_seconds"][k].append(cpu_seconds(lint_cmd(str(corpus), work / "timed.json"), env))
    if count:
        files = sorted(str(p) for p in figures.glob("*.md"))[:count]
        result["instructions"] = {k: instructions(lint_cmd(str(corpus), work / "cg.json", files), env)
                                  for k, env in envs.items()}
        result["instructions"]["records"] = len(files)
    return result


def report(result: dict) -> str:
    cs = result["cpu_seconds"]
    lines = [f"output: {'byte-identical' if result['identical_output'] else 'DIFFERENT'} "
             f"(base {result['base']} vs this checkout)",
             f"CPU seconds over {result['rounds']} interleaved rounds:",
             summary("floor", cs["floor"], None),
             summary("base", cs["base"], cs["floor"]),
             summary("new", cs["new"], cs["floor"])]
    change = statistics.median(cs["new"]) / statistics.median(cs["base"]) - 1
    lines.append(f"new vs base: {100 * change:+.1f}% CPU time (medians)")
    if "instructions" in result:
        ins = result["instructions"]
        lines.append(f"instructions on {ins['records']} records: base {ins['base'] / 1e6:,.0f} M, "
                     f"new {ins['new'] / 1e6:,.0f} M ({100 * (ins['new'] / ins['base'] - 1):+.1f}%)")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--base", default="HEAD", help="git ref of the base version (default HEAD)")
    ap.add_argument("--rounds", type=int, default=5, help="timed rounds (default 5)")
    ap.add_argument("--instructions", type=int, default=0, metavar="N",
                    help="also count instructions (callgrind) on the first N records")
    ap.add_argument("--json", type=Path, help="also write the numbers here")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pfocr-compare-") as tmp:
        result = compare(args.corpus.resolve(), args.base, max(1, args.rounds),
                         args.instructions, Path(tmp))
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0 if result["identical_output"] else 1


if __name__ == "__main__":
    sys.exit(main())
