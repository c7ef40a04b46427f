#!/usr/bin/env python3
"""Where the time of a one-process run goes, against the floor: the budget.

The target of issue #6 is all offline rules within 1.5x the floor (reading
every record and ``yaml.load(..., Loader=yaml.CSafeLoader)`` on its front
matter). This measures, in one process and interleaved round by round on the
same files (CPU time, so other processes on the machine matter less):

  floor    read + yaml.load with CSafeLoader, as benchmarks/run.py's floor
  events   read + LibYAML's event stream, nothing built: the least any parse
           that keeps line and column numbers (which PyYAML gives only on
           events and nodes) can cost with PyYAML
  parse    read + pfocr-lint's parse (values and positions of every key and
           list item, input findings)
  lint     pfocr-lint with every rule and the HGNC snapshot, --jobs 1, no
           report written (run.py's figure adds start-up and the JSON report)

and prints each as a multiple of the floor. ``lint - parse`` is what the
rules and the companion tables cost; at 1.5x it would have to fit in
``1.5 - parse``.

Usage: python benchmarks/budget.py CORPUS [--limit N] [--rounds R]
(CORPUS: a folder made by benchmarks/generate.py, or any figure repository)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import yaml
from yaml._yaml import CParser

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))   # this checkout's linter and rules

from pfocr_lint import engine, parse, registry  # noqa: E402
from pfocr_lint.config import Config  # noqa: E402
from pfocr_lint.discover import discover  # noqa: E402


def _front_matter(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        text = f.read()
    end = text.find("\n---", 3)
    return text[4:end + 1]


def floor(paths: list) -> int:
    loader = yaml.CSafeLoader
    for p in paths:
        yaml.load(_front_matter(p), Loader=loader)
    return len(paths)


def events(paths: list) -> int:
    n = 0
    for p in paths:
        get = CParser(_front_matter(p)).get_event
        n += 1
        while get().__class__ is not yaml.StreamEndEvent:
            n += 1
    return n


def parse_only(files: list) -> int:
    return sum(parse.read_and_parse(display, path)[0] is not None for display, path in files)


def lint(linter: engine.Linter, files: list) -> int:
    """Every rule on every file, and the cross-record rules; the number of findings."""
    facts: dict = {}
    n = 0
    for res in engine.iter_results(linter, files, jobs=1):
        n += len(res.findings)
        for code, fact in res.facts.items():
            facts.setdefault(code, []).append(fact)
    return n + len(linter.finish(facts))


def measure(corpus: Path, limit: int, rounds: int) -> dict:
    """{"records", "seconds": {stage: [per round]}, "counts": {stage: what it returned}}."""
    cfg = Config()
    files = list(discover([str(corpus)], cfg.include, cfg.exclude))[:limit]
    paths = [str(p) for _, p in files]
    linter = engine.Linter(cfg, registry.select(None, None))
    lint(linter, files[:200])   # warm: the snapshot opened, the rules' memos begun

    stages = {"floor": lambda: floor(paths), "events": lambda: events(paths),
              "parse": lambda: parse_only(files), "lint": lambda: lint(linter, files)}
    result: dict = {"records": len(files), "seconds": {k: [] for k in stages}, "counts": {}}
    for _ in range(rounds):
        for name, run in stages.items():
            t = time.process_time()
            result["counts"][name] = run()
            result["seconds"][name].append(time.process_time() - t)
    return result


def report(result: dict) -> str:
    sec = result["seconds"]
    fl = sec["floor"]
    lines = [f"{result['records']:,} records, {len(fl)} interleaved rounds, CPU seconds (median) "
             f"and x floor (median of the rounds' ratios)"]
    for name, secs in sec.items():
        ratios = [s / f for s, f in zip(secs, fl)]
        lines.append(f"  {name:7s} {statistics.median(secs):7.2f} s  x{statistics.median(ratios):5.2f}  "
                     f"(by round {' / '.join(f'{r:.2f}' for r in ratios)})")
    rules = statistics.median((li - pa) / f for li, pa, f in zip(sec["lint"], sec["parse"], fl))
    parse_share = statistics.median(pa / f for pa, f in zip(sec["parse"], fl))
    lines.append(f"  rules and tables: x{rules:.2f} the floor; at 1.5x they would have x{1.5 - parse_share:.2f}")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--limit", type=int, default=5000, help="the first N records (default 5000)")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    print(report(measure(args.corpus, args.limit, args.rounds)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
