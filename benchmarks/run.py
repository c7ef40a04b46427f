#!/usr/bin/env python3
"""Benchmark pfocr-lint against the YAML-parse floor and the peer tools.

Everything is measured in the same run on the same generated files
(benchmarks/generate.py), each as its own process, best of ``--repeat``. The
floor and the pfocr-lint runs are interleaved (one untimed round, then each
command once per round), so a shared machine's drift over minutes does not
land on one side of a ratio:

  floor       one Python process reading every record and parsing its front
              matter with yaml.load(..., Loader=yaml.CSafeLoader), nothing else
  all rules   pfocr-lint with every offline rule and the HGNC snapshot, --jobs 1
  --jobs 2    the same with two processes (its JSON report must be
              byte-identical to the serial one: checked and printed)
  schema      pfocr-lint --select SC (JSON Schema only), --jobs 1
  warm cache  all rules, --jobs 1, with the result cache, on the unchanged
              corpus (its report must be byte-identical to the cold one:
              checked and printed); every other row runs without the cache
  1% changed  the same after an edit to 1% of the records (a different 1%
              before every run, made untimed)
  peers       check-jsonschema (schemas/figure.schema.json) and yamllint on the
              front matter saved as .yaml files (extracted once, not timed),
              when installed (pip install '.[bench]')
  start-up    pfocr-lint on one record against python -c "import yaml"
  memory      with --memory-records N: peak RSS of pfocr-lint (--jobs 1 and the
              default jobs) on N generated records

Peak memory is the largest resident set of any process of the tree (from
wait4's rusage, through a small shim process so that this script's own
memory is not inherited) and, sampled every 20 ms from /proc, the sum over
the tree (an upper bound: pages shared after fork count once per process).

Usage: python benchmarks/run.py [--records 20000] [--repeat 3] [--seed 1]
                                [--memory-records 100000] [--json FILE]
No timing is asserted anywhere: this is a script you run and report from.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (benchmarks/generate.py, beside this file)

FLOOR = r"""
import os, sys, yaml
loader = yaml.CSafeLoader
folder = sys.argv[1]
n = 0
for name in sorted(os.listdir(folder)):
    if name.endswith(".md"):
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            text = f.read()
        end = text.find("\n---", 3)
        yaml.load(text[4:end + 1], Loader=loader)
        n += 1
print(n)
"""


# -- running one measured process ---------------------------------------------

def _tree_rss_kb(root: int) -> int:
    """Sum of VmRSS over ``root`` and its descendants (Linux /proc), in KiB."""
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _rss_kb(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except (OSError, ValueError):
            continue
    return total


# A child forked from this (big) process inherits its peak RSS as its own
# ru_maxrss (Linux keeps the high-water mark across exec). So each command is
# started by a small shim process, which times it and reports the rusage of
# its own child: that peak is the command's alone.
SHIM = r"""
import json, os, subprocess, sys, time
cmd, cwd, env = json.loads(sys.stdin.read())
t = time.perf_counter()
p = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
_, status, ru = os.wait4(p.pid, 0)
wall = time.perf_counter() - t
print(json.dumps({"seconds": wall, "exit": os.waitstatus_to_exitcode(status),
                  "max_rss_kb": ru.ru_maxrss, "pid": p.pid}))
"""


def measure(cmd: list, cwd=None, env=None) -> dict:
    """Run ``cmd`` once: wall seconds, exit code, peak RSS (MB)."""
    env = ENV if env is None else env
    peak = [0]
    err = tempfile.TemporaryFile()  # a file, not a pipe: a chatty tool cannot block
    # the command goes through stdin: 100,000 file names exceed one argument's limit
    proc = subprocess.Popen([sys.executable, "-c", SHIM], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=err)
    done = threading.Event()

    def sample():
        if not os.path.isdir("/proc"):
            return
        while not done.wait(0.02):
            # the shim is ~10 MB of the tree; count only what it started
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid) - _rss_kb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate(json.dumps([cmd, str(cwd) if cwd else None, env]).encode())
    done.set()
    sampler.join()
    err.seek(0)
    stderr = err.read().decode("utf-8", "replace")
    err.close()
    try:
        r = json.loads(out.decode().strip().splitlines()[-1])
    except (ValueError, IndexError):
        raise SystemExit(f"cannot run {cmd[0]}: {stderr[-2000:]}")
    return {"seconds": r["seconds"], "exit": r["exit"], "stderr": stderr[-2000:],
            "max_rss_mb": r["max_rss_kb"] / 1024,
            "tree_rss_mb": max(peak[0], r["max_rss_kb"]) / 1024}


# Every measured command runs with Python's bytecode cache on, kept in the
# work folder (PYTHONPYCACHEPREFIX), as after 'pip install' (which compiles
# it): a PYTHONDONTWRITEBYTECODE=1 environment would otherwise recompile every
# module of every tool on every start. set_bytecode_cache() fills it in.
ENV: dict = dict(os.environ)


def set_bytecode_cache(folder: Path) -> None:
    ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    ENV["PYTHONPYCACHEPREFIX"] = str(folder)
    # Every row lints for real unless it says otherwise: with the result
    # cache on, each round after the first would only look records up.
    ENV["PFOCR_LINT_NO_CACHE"] = "1"


def cache_env() -> dict:
    """ENV with the result cache allowed (the warm and 1%-changed rows)."""
    env = dict(ENV)
    env.pop("PFOCR_LINT_NO_CACHE", None)
    return env


def edit_some(figures: Path, share: float, round_no: int) -> int:
    """Edit ``share`` of the records (a different set each round): a comment
    line in the Jekyll body, as a curator's edit changes a record's bytes."""
    names = sorted(p for p in os.listdir(figures) if p.endswith(".md"))
    step = max(1, round(1 / share))
    picked = names[round_no % step::step]
    for name in picked:
        p = figures / name
        text = p.read_text(encoding="utf-8")
        mark = text.rfind("\n<!-- bench edit ")
        if mark != -1:
            text = text[:mark + 1]
        p.write_text(text + f"<!-- bench edit {round_no} -->\n", encoding="utf-8")
    return len(picked)


def no_bytecode_cache_env() -> dict:
    env = dict(os.environ)
    env.pop("PYTHONPYCACHEPREFIX", None)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def best_of(cmd: list, repeat: int, warm: bool = False, **kw) -> dict:
    if warm:  # an untimed first run fills the page and bytecode caches
        measure(cmd, **kw)
    return _best([measure(cmd, **kw) for _ in range(repeat)])


def _best(runs: list) -> dict:
    """The fastest run, with every run's seconds and the largest peak RSS."""
    best = dict(min(runs, key=lambda r: r["seconds"]))
    best["all_seconds"] = [round(r["seconds"], 3) for r in runs]
    best["max_rss_mb"] = max(r["max_rss_mb"] for r in runs)
    best["tree_rss_mb"] = max(r["tree_rss_mb"] for r in runs)
    return best


def interleaved(cmds: dict, repeat: int, say=lambda *a: None, before: dict = None) -> dict:
    """Run every command once per round, ``repeat`` rounds after an untimed
    one; per command the best round, as ``best_of`` reports it.
    ``before[name](round)``, when given, runs untimed before that command."""
    before = before or {}
    rounds = [("untimed", None)] + [(f"round {i + 1} of {repeat}", i) for i in range(repeat)]
    runs: dict = {name: [] for name in cmds}
    for n, (label, i) in enumerate(rounds):
        if i is not None:
            say(f"  {label}")
        for name, (cmd, kw) in cmds.items():
            if name in before:
                before[name](n)
            r = measure(cmd, **kw)
            if i is not None:
                runs[name].append(r)
    return {name: _best(rs) for name, rs in runs.items()}


# -- tools ----------------------------------------------------------------------

def tool(name: str):
    """An executable beside this Python (the venv) or on PATH."""
    here = Path(sys.executable).parent / name
    if here.exists():
        return str(here)
    return shutil.which(name)


def lint_cmd(*args) -> list:
    exe = tool("pfocr-lint")
    base = [exe] if exe else [sys.executable, "-m", "pfocr_lint"]
    return base + ["--isolated", "--exit-zero", "--no-progress", *args]


def extract_front_matter(figures: Path, out: Path) -> list:
    """Each record's front matter as ``<figid>.yaml`` (what the peers lint)."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for md in sorted(figures.glob("*.md")):
        text = md.read_text(encoding="utf-8")
        end = text.find("\n---", 3)
        p = out / (md.stem + ".yaml")
        p.write_text(text[4:end + 1], encoding="utf-8")
        paths.append(p)
    return paths


# -- the benchmark ----------------------------------------------------------------

def corpus(folder: Path, records: int, seed: int) -> dict:
    """Generate (or reuse, when the manifest matches) the corpus in ``folder``."""
    man = folder / "manifest.json"
    if man.exists():
        m = json.loads(man.read_text())
        if m.get("records") == records and m.get("seed") == seed:
            return m
    return generate.generate(folder, records, seed)


def row(name: str, r: dict, n: int, floor_s: float, command: str, note: str = "") -> dict:
    return {"name": name, "command": command, "seconds": round(r["seconds"], 3),
            "all_seconds": r.get("all_seconds", []),
            "files_per_s": round(n / r["seconds"], 1) if r["seconds"] else None,
            "vs_floor": round(r["seconds"] / floor_s, 2) if floor_s else None,
            "max_rss_mb": round(r["max_rss_mb"], 1), "tree_rss_mb": round(r["tree_rss_mb"], 1),
            "exit": r["exit"], "note": note}


def run(args) -> dict:
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="pfocr-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    say = (lambda *a: None) if args.quiet else (lambda *a: print(*a, file=sys.stderr, flush=True))
    set_bytecode_cache(work / "pycache")
    say(f"corpus: {args.records:,} records (seed {args.seed}) in {work / 'corpus'}")
    man = corpus(work / "corpus", args.records, args.seed)
    figures = work / "corpus" / "_figures"
    n = man["records"]
    rep = args.repeat
    rows = []
    result = {"records": n, "seed": args.seed, "repeat": rep, "corpus": man,
              "machine": {"python": platform.python_version(), "platform": platform.platform(),
                          "cpus": os.cpu_count()},
              "rows": rows}

    out1, out2, outw = work / "jobs1.json", work / "jobs2.json", work / "warm.json"
    cache = work / "result-cache"
    shutil.rmtree(cache, ignore_errors=True)   # the untimed round fills it
    # The floor and the pfocr-lint runs are interleaved, round by round, after
    # one untimed round (page and bytecode caches): on a shared machine the
    # speed drifts over minutes, and each ratio should compare runs made
    # under the same conditions, not the floor's minute with another one.
    say("floor and pfocr-lint (all rules, --jobs 1 and 2, schema only), interleaved")
    timed = interleaved({
        "floor": ([sys.executable, "-c", FLOOR, str(figures)], {}),
        "jobs1": (lint_cmd(str(work / "corpus"), "--hgnc", "offline", "--jobs", "1",
                           "--format", f"json={out1}"), {}),
        "jobs2": (lint_cmd(str(work / "corpus"), "--hgnc", "offline", "--jobs", "2",
                           "--format", f"json={out2}"), {}),
        "schema": (lint_cmd(str(work / "corpus"), "--select", "SC", "--jobs", "1",
                            "--format", f"json={work / 'schema.json'}"), {}),
        # after jobs1 in the same round: the same corpus, so the same report
        "warm": (lint_cmd(str(work / "corpus"), "--hgnc", "offline", "--jobs", "1",
                          "--cache-dir", str(cache), "--format", f"json={outw}"), {"env": cache_env()}),
        "changed": (lint_cmd(str(work / "corpus"), "--hgnc", "offline", "--jobs", "1",
                             "--cache-dir", str(cache), "--format", f"json={work / 'changed.json'}"),
                    {"env": cache_env()}),
    }, rep, say, before={"changed": lambda n: edit_some(figures, 0.01, n)})
    floor = timed["floor"]
    if floor["exit"] != 0:
        raise SystemExit("the floor script failed:\n" + floor["stderr"])
    fs = floor["seconds"]
    rows.append(row("floor: yaml.load CSafeLoader", floor, n, fs, "python -c <read + yaml.load>"))
    r1 = timed["jobs1"]
    # Each round ran the floor and pfocr-lint back to back, so the ratio within
    # a round compares runs made under the same conditions; the best-of ratio
    # pairs the floor's fastest minute with pfocr-lint's. Both are reported.
    result["ratio_by_round"] = paired_ratios(floor.get("all_seconds", []), r1.get("all_seconds", []))
    result["ratio_median"] = (statistics.median(result["ratio_by_round"])
                              if result["ratio_by_round"] else None)
    rows.append(row("pfocr-lint, all rules, --jobs 1", r1, n, fs,
                    "pfocr-lint CORPUS --hgnc offline --jobs 1 --format json=FILE"))
    r2 = timed["jobs2"]
    rows.append(row("pfocr-lint, all rules, --jobs 2", r2, n, fs,
                    "pfocr-lint CORPUS --hgnc offline --jobs 2 --format json=FILE",
                    note=f"{r1['seconds'] / r2['seconds']:.2f}x the --jobs 1 speed"))
    identical = out1.exists() and out2.exists() and out1.read_bytes() == out2.read_bytes()
    result["jobs_identical"] = identical
    try:
        report = json.loads(out1.read_text(encoding="utf-8"))
        summary = report["summary"]
        result["sources"] = report.get("sources", {})
        result["findings"] = {"total": summary["findings"], "by_code": summary["by_code"]}
    except (OSError, ValueError, KeyError):
        result["findings"] = None
    result["speedup_jobs2"] = round(r1["seconds"] / r2["seconds"], 2)
    # the two ran in the same rounds too: their paired speed-ups
    result["speedup_jobs2_by_round"] = paired_ratios(r2.get("all_seconds", []), r1.get("all_seconds", []))

    result["cache_identical"] = outw.exists() and out1.exists() and outw.read_bytes() == out1.read_bytes()
    rw = timed["warm"]
    rows.append(row("pfocr-lint, all rules, --jobs 1, warm result cache", rw, n, fs,
                    "pfocr-lint CORPUS --hgnc offline --jobs 1 --cache-dir DIR --format json=FILE",
                    note="report byte-identical to the cold run: "
                         + ("yes" if result["cache_identical"] else "NO")))
    rc = timed["changed"]
    rows.append(row("pfocr-lint, all rules, --jobs 1, result cache, 1% of records changed", rc, n, fs,
                    "the same, after editing a different 1% of the records before each run"))

    rs = timed["schema"]
    rows.append(row("pfocr-lint, schema only (--select SC)", rs, n, fs,
                    "pfocr-lint CORPUS --select SC --jobs 1",
                    note="" if rs["exit"] == 0 else "failed: " + rs["stderr"].strip().splitlines()[-1:][0]
                    if rs["stderr"].strip() else f"exit {rs['exit']}"))

    peers = {}
    prep = args.peer_repeat or rep
    cj, yl = tool("check-jsonschema"), tool("yamllint")
    if (cj or yl) and not args.skip_peers:
        yaml_dir = work / "yaml"
        say("extracting front matter for the peers")
        yaml_files = extract_front_matter(figures, yaml_dir)
        schema = REPO / "schemas" / "figure.schema.json"
        if cj and schema.exists():
            say("check-jsonschema")
            # file names relative to the folder keep 100,000 arguments under ARG_MAX
            r = best_of([cj, "--schemafile", str(schema), *(p.name for p in yaml_files)], prep,
                        cwd=yaml_dir)
            rows.append(row("check-jsonschema (figure.schema.json)", r, n, fs,
                            "check-jsonschema --schemafile schemas/figure.schema.json *.yaml"))
            peers["check-jsonschema"] = rows[-1]["vs_floor"]
        if yl:
            say("yamllint")
            r = best_of([yl, "-f", "parsable", str(yaml_dir)], prep)
            rows.append(row("yamllint (default config)", r, n, fs, "yamllint -f parsable YAMLDIR"))
            peers["yamllint"] = rows[-1]["vs_floor"]
    result["peers"] = peers

    say("start-up: one record")
    one = sorted(figures.glob("*.md"))[0]
    py = best_of([sys.executable, "-c", "import yaml"], max(rep, 5), warm=True)
    lint1 = best_of(lint_cmd(str(one)), max(rep, 5), warm=True)
    cold = best_of(lint_cmd(str(one)), max(rep, 3), warm=True, env=no_bytecode_cache_env())
    result["startup"] = {"import_yaml_s": round(py["seconds"], 3),
                         "one_file_s": round(lint1["seconds"], 3),
                         "ratio": round(lint1["seconds"] / py["seconds"], 2),
                         "one_file_max_rss_mb": round(lint1["max_rss_mb"], 1),
                         "one_file_no_bytecode_cache_s": round(cold["seconds"], 3)}

    if args.memory_records:
        say(f"memory: {args.memory_records:,} records")
        mdir = work / "memory"
        generate.generate(mdir, args.memory_records, args.seed) if not (
            (mdir / "manifest.json").exists()
            and json.loads((mdir / "manifest.json").read_text()).get("records") == args.memory_records
            and json.loads((mdir / "manifest.json").read_text()).get("seed") == args.seed) else None
        m1 = measure(lint_cmd(str(mdir), "--hgnc", "offline", "--jobs", "1",
                              "--format", f"json={work / 'memory1.json'}"))
        mj = measure(lint_cmd(str(mdir), "--hgnc", "offline",
                              "--format", f"json={work / 'memoryj.json'}"))
        result["memory"] = {"records": args.memory_records,
                            "jobs1": {"seconds": round(m1["seconds"], 1),
                                      "max_rss_mb": round(m1["max_rss_mb"], 1),
                                      "tree_rss_mb": round(m1["tree_rss_mb"], 1), "exit": m1["exit"]},
                            "default_jobs": {"seconds": round(mj["seconds"], 1),
                                             "max_rss_mb": round(mj["max_rss_mb"], 1),
                                             "tree_rss_mb": round(mj["tree_rss_mb"], 1), "exit": mj["exit"]}}
    if not args.work and not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        result["work"] = str(work)
    return result


def paired_ratios(floor_seconds: list, lint_seconds: list) -> list:
    """pfocr-lint's time over the floor's, round by round."""
    return [round(b / a, 2) for a, b in zip(floor_seconds, lint_seconds) if a > 0]


def table(result: dict) -> str:
    n = result["records"]
    lines = [f"{n:,} generated records ({result['corpus']['older']:,} older layout, "
             f"{result['corpus']['newer']:,} newer, {result['corpus']['tables']:,} companion tables, "
             f"seed {result['seed']}), best of {result['repeat']}, "
             f"Python {result['machine']['python']}, {result['machine']['cpus']} CPUs",
             "",
             "| run | seconds | files/s | x floor | peak RSS MB (largest process / tree) | note |",
             "| --- | ---: | ---: | ---: | ---: | --- |"]
    for r in result["rows"]:
        lines.append(f"| {r['name']} | {r['seconds']:.2f} | {r['files_per_s']:,.0f} | {r['vs_floor']:.2f} "
                     f"| {r['max_rss_mb']:.0f} / {r['tree_rss_mb']:.0f} | {r['note']} |")
    lines.append("")
    lines.append("--jobs 2 JSON report byte-identical to --jobs 1: "
                 + ("yes" if result["jobs_identical"] else "NO"))
    by_round = result.get("speedup_jobs2_by_round") or []
    lines.append(f"--jobs 2 speed-up: {result['speedup_jobs2']:.2f}x best-of"
                 + (f"; round by round {' / '.join(f'{r:.2f}' for r in by_round)} "
                    f"(median {statistics.median(by_round):.2f}x)" if by_round else ""))
    ours = next((r["vs_floor"] for r in result["rows"] if r["name"].endswith("--jobs 1")), None)
    if result["peers"]:
        lines.append("Ratios to the floor: pfocr-lint (all rules, 1 process) "
                     f"{ours:.2f}x; " + "; ".join(f"{k} {v:.2f}x" for k, v in result["peers"].items()))
    else:
        lines.append("Peers not installed (pip install '.[bench]'): no peer ratios")
    if result.get("ratio_by_round"):
        lines.append("pfocr-lint (all rules, 1 process) over the floor, round by round: "
                     + " / ".join(f"{r:.2f}" for r in result["ratio_by_round"])
                     + f" (median {result['ratio_median']:.2f}x; best-of {ours:.2f}x)")
    s = result["startup"]
    lines.append(f"Start-up: one record {s['one_file_s']:.3f} s wall vs python -c 'import yaml' "
                 f"{s['import_yaml_s']:.3f} s ({s['ratio']:.2f}x), peak RSS {s['one_file_max_rss_mb']:.0f} MB; "
                 f"{s['one_file_no_bytecode_cache_s']:.3f} s with PYTHONDONTWRITEBYTECODE=1 (no .pyc cache)")
    if result.get("memory"):
        m = result["memory"]
        lines.append(f"Memory on {m['records']:,} records: --jobs 1 peak RSS {m['jobs1']['max_rss_mb']:.0f} MB "
                     f"({m['jobs1']['seconds']:.0f} s); default jobs: largest process "
                     f"{m['default_jobs']['max_rss_mb']:.0f} MB, tree {m['default_jobs']['tree_rss_mb']:.0f} MB "
                     f"({m['default_jobs']['seconds']:.0f} s)")
    if result.get("findings"):
        lines.append(f"Findings on the corpus: {result['findings']['total']:,}")
    if result.get("sources"):
        lines.append("Knowledge: " + "; ".join(f"{k}: {v}" for k, v in sorted(result["sources"].items())))
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", "--records", type=int, default=20_000, help="records to generate (default 20,000)")
    ap.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best counts (default 3)")
    ap.add_argument("--peer-repeat", type=int, metavar="N",
                    help="runs per peer measurement (default: --repeat; the peers are slow)")
    ap.add_argument("--memory-records", type=int, default=0, metavar="N",
                    help="also measure peak memory on N records (e.g. 100000); default: skip")
    ap.add_argument("--work", help="folder for the corpus and reports (kept; reused when it matches)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    ap.add_argument("--skip-peers", action="store_true", help="do not run check-jsonschema/yamllint")
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON ('-' for stdout only)")
    ap.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    args = ap.parse_args(argv)
    if args.repeat < 1 or args.records < 1:
        ap.error("--repeat and --records must be at least 1")
    result = run(args)
    if args.json == "-":
        print(json.dumps(result, indent=2))
        return 0
    print(table(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
