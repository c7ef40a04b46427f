#!/usr/bin/env python3
"""Where does a pfocr-lint run spend its time? Per rule, per module.

Lints a corpus in this process (serially, every offline rule, the HGNC
snapshot) with each rule's ``check``/``collect`` timed, and prints the share
of the run taken by parsing, each rule, and the engine's bookkeeping. With
``--modules`` it also runs cProfile and sums *own* time per source file, so
shared helpers (rules/_*.py, which rules reach through ``record.cache``) are
shown where their time goes rather than charged to whichever rule ran first.

Usage: python benchmarks/profile_rules.py CORPUS [--limit N] [--modules]
(CORPUS: a folder, e.g. one made by benchmarks/generate.py)
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--limit", type=int, default=0, help="only the first N files")
    ap.add_argument("--modules", action="store_true", help="also cProfile: own time per source file")
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args(argv)

    from pfocr_lint import engine, parse, registry
    from pfocr_lint.config import Config
    from pfocr_lint.discover import discover

    cfg = Config()
    classes = registry.select(None, None)
    linter = engine.Linter(cfg, classes)
    files = list(discover([str(args.corpus)], cfg.include, cfg.exclude))
    if args.limit:
        files = files[:args.limit]

    spent: dict = defaultdict(float)
    clock = time.perf_counter

    def timed(key, fn, drain=False):
        # checks are generators: time draining them, not creating them
        def wrapper(*a, **kw):
            t = clock()
            try:
                out = fn(*a, **kw)
                return list(out or ()) if drain else out
            finally:
                spent[key] += clock() - t
        return wrapper

    for rule in linter.record_rules:
        rule.check = timed(f"{rule.code} {rule.name}", rule.check, drain=True)
    for rule in linter.project_rules:
        rule.collect = timed(f"{rule.code} {rule.name} (collect)", rule.collect)
        rule.finish = timed(f"{rule.code} {rule.name} (finish)", rule.finish, drain=True)
    engine.read_and_parse = timed("parse (read, decode, YAML, positions)", parse.read_and_parse)
    # Companion tables are read on a rule's first ask; time finding and
    # reading them on their own, not as part of whichever rule asks first.
    from pfocr_lint import companions
    companions.read_table = timed("tables (find and read _data/*.tsv)", companions.read_table)
    companions.is_file = timed("tables (find and read _data/*.tsv)", companions.is_file)

    prof = None
    if args.modules:
        import cProfile
        prof = cProfile.Profile()
        prof.enable()
    t0 = clock()
    facts: dict = {}
    for res in engine.iter_results(linter, files, jobs=1):
        for code, fact in res.facts.items():
            facts.setdefault(code, []).append(fact)
    linter.finish(facts)
    total = clock() - t0
    if prof is not None:
        prof.disable()

    accounted = sum(spent.values())
    spent["engine (companions, suppressions, sorting, rest)"] = max(0.0, total - accounted)
    print(f"{len(files):,} files in {total:.2f} s ({len(files) / total:,.0f} files/s)"
          + (" under cProfile" if prof else ""))
    print(f"{'share':>6} {'seconds':>8}  part")
    for key, sec in sorted(spent.items(), key=lambda kv: -kv[1])[:args.top]:
        print(f"{100 * sec / total:5.1f}% {sec:8.2f}  {key}")

    if prof is not None:
        import pstats
        st = pstats.Stats(prof)
        own: dict = defaultdict(float)
        for (filename, _line, _func), (_cc, _nc, tt, _ct, callers) in st.stats.items():
            if filename == "~" and callers:
                # a builtin (str.translate, re.match, ...): charge its callers
                for (cfile, _l, _f), cstats in callers.items():
                    own[_short(cfile)] += cstats[2]
            else:
                own[_short(filename)] += tt
        ptotal = sum(own.values())
        print(f"\nown time per source file, builtins charged to their callers (cProfile, {ptotal:.1f} s)")
        for f, sec in sorted(own.items(), key=lambda kv: -kv[1])[:args.top]:
            print(f"{100 * sec / ptotal:5.1f}% {sec:8.2f}  {f}")
    return 0


def _short(filename: str) -> str:
    for marker in ("/rules/", "/linter/", "/site-packages/"):
        i = filename.rfind(marker)
        if i >= 0:
            return filename[i + 1:]
    return filename if filename.startswith("<") else Path(filename).name


if __name__ == "__main__":
    sys.exit(main())
