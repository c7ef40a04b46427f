"""The ``pfocr-lint`` command line.

Exit codes: 0 nothing reached ``--fail-on``; 1 something did; 2 usage or
configuration error (bad flag, unknown rule, broken config or rule pack).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Optional

from pfocr_lint import __version__
from pfocr_lint.errors import UsageError  # noqa: F401  (also importable from here, as before)

SUBCOMMANDS = ("check", "rules", "explain", "data", "symbols", "cache")


class _Parser(argparse.ArgumentParser):
    """argparse that answers a mistyped flag with the close one (``--selct``
    -> ``--select``), as git and ruff do."""

    def error(self, message):
        if message.startswith("unrecognized arguments: "):
            message += _flag_hint(self, message.split(": ", 1)[1].split())
        super().error(message)


def _option_strings(parser) -> set:
    found = set()
    for action in parser._actions:
        found.update(o for o in action.option_strings if o.startswith("--"))
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found |= _option_strings(sub)
    return found


def _flag_hint(parser, tokens: list) -> str:
    import difflib

    known = sorted(_option_strings(parser))
    hints = []
    for tok in tokens:
        if tok.startswith("--"):
            close = difflib.get_close_matches(tok.split("=", 1)[0], known, n=1, cutoff=0.6)
            if close:
                hints.append(close[0])
    return f" (did you mean {' or '.join(hints)}?)" if hints else ""


def _csv(value: str) -> list:
    return [v.strip() for v in value.split(",") if v.strip()]


def _add_check_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="record files or folders (recursing); '-' reads one record from stdin")
    sel = p.add_argument_group("rule selection")
    sel.add_argument("--select", type=_csv, action="extend", metavar="CODES",
                     help="only these rules: codes, code prefixes (HG), names or aliases, comma-separated")
    sel.add_argument("--extend-select", type=_csv, action="extend", metavar="CODES",
                     help="add rules to the selection")
    sel.add_argument("--ignore", type=_csv, action="extend", metavar="CODES",
                     help="leave these rules out")
    out = p.add_argument_group("output")
    out.add_argument("--format", action="append", metavar="FMT[=FILE]",
                     help="output format; repeat for several reports from one run, "
                          "e.g. --format github --format json=lint.json --format html=report.html")
    out.add_argument("-o", "--output", metavar="FILE",
                     help="write the (single) report without '=FILE' to FILE instead of stdout")
    out.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                     help="colour in text output (auto: only on a terminal; NO_COLOR turns it off)")
    out.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    out.add_argument("--report-level", choices=("error", "warning", "info"),
                     help="lowest severity the reports show (default: info, all); --fail-on still "
                          "counts every finding, and says on stderr when hidden ones failed the run")
    out.add_argument("--statistics", action="store_true",
                     help="print a table of counts per rule (code, name, count, fixable, severity) "
                          "instead of the listing; with --format, the reports are written as asked too")
    out.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    run = p.add_argument_group("run")
    run.add_argument("--fail-on", choices=("error", "warning", "info", "never"),
                     help="lowest severity that makes the exit code 1 (default: error)")
    run.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings (same as --fail-on never)")
    run.add_argument("--baseline", metavar="FILE",
                     help="report only findings not recorded in this baseline file (or config 'baseline')")
    run.add_argument("--write-baseline", metavar="FILE",
                     help="record every finding of this run in FILE (keeping entries of records not "
                          "linted) and report none; run it again to prune fixed ones")
    run.add_argument("--no-baseline", action="store_true", help="ignore the configured baseline")
    run.add_argument("--no-cache", action="store_true",
                     help="lint every record, neither reading nor writing the result cache "
                          "(also PFOCR_LINT_NO_CACHE=1)")
    run.add_argument("--cache-dir", metavar="DIR",
                     help="keep the result cache in DIR (default: config 'cache-dir', "
                          "PFOCR_LINT_CACHE_DIR, or the user cache folder)")
    run.add_argument("--config", metavar="FILE", help="read configuration from this TOML file only")
    run.add_argument("--isolated", action="store_true", help="ignore all configuration files")
    run.add_argument("--stdin-filename", metavar="PATH",
                     help="the name to report for '-' (also decides where companion tables are looked up)")
    run.add_argument("-j", "--jobs", type=int, metavar="N",
                     help="processes to use (default: all cores for large runs, 1 for a few files)")
    run.add_argument("--fix", action="store_true", help="apply safe fixes in place (atomic, re-checked)")
    run.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff, also apply unsafe fixes")
    run.add_argument("--diff", action="store_true",
                     help="show the fixes --fix would make as a unified diff on stdout, and write nothing "
                          "(exit 1 when there is something to fix)")
    run.add_argument("--hgnc", choices=("offline", "online", "off"),
                     help="HGNC cross-checks: shipped snapshot (default), HGNC REST, or none")
    files = p.add_argument_group("files")
    files.add_argument("--include", type=_csv, action="extend", metavar="GLOBS",
                       help="file name patterns to lint in folders (default: *.md)")
    files.add_argument("--exclude", type=_csv, action="extend", metavar="GLOBS",
                       help="paths to skip (replaces the defaults)")
    files.add_argument("--extend-exclude", type=_csv, action="extend", metavar="GLOBS",
                       help="paths to skip, in addition to the defaults")
    files.add_argument("--force-exclude", action="store_true",
                       help="apply exclusions to files named on the command line too (for pre-commit)")
    files.add_argument("--max-file-size", type=int, metavar="BYTES",
                       help="skip files larger than this (default: 5 MB)")
    files.add_argument("--max-table-rows", type=int, metavar="ROWS",
                       help="do not check companion tables with more rows than this (default: 3000)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="pfocr-lint",
        description="Validate and curate PFOCR figure records (YAML front matter + companion tables).",
        epilog="Commands: check (default), rules, explain CODE, data update [hgnc|mesh], data info, "
               "cache info, cache clean. "
               "Run 'pfocr-lint COMMAND --help' for details.")
    parser.add_argument("--version", action="version", version=f"pfocr-lint {__version__}")
    sub = parser.add_subparsers(dest="command")
    _add_check_args(sub.add_parser("check", help="lint records (the default command)"))
    rp = sub.add_parser("rules", help="list every rule")
    rp.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    rp.add_argument("--select", type=_csv, action="extend", metavar="CODES")
    ep = sub.add_parser("explain", help="explain a rule: what, why, example, curation action, fix safety")
    ep.add_argument("rule", metavar="CODE|NAME")
    dp = sub.add_parser("data", help="manage reference data (HGNC and MeSH snapshots)")
    dsub = dp.add_subparsers(dest="data_command")
    du = dsub.add_parser("update", help="build a fresh snapshot: HGNC's complete set (default) or MeSH")
    du.add_argument("source", nargs="?", choices=("hgnc", "mesh"), default="hgnc",
                    help="which snapshot: hgnc (default) or mesh (NLM's MeSH files)")
    du.add_argument("--url", action="append", metavar="URL",
                    help="download from this URL instead of the default (mesh: repeat for "
                         "descriptors and supplementary concepts)")
    du.add_argument("--from-file", action="append", metavar="FILE",
                    help="build from a local file instead of downloading (HGNC TSV; mesh: NLM's "
                         "ASCII or XML MeSH or the TSV tables, repeatable)")
    dsub.add_parser("info", help="say which snapshots are in use")
    cp = sub.add_parser("cache", help="the result cache: where it is, how big, or delete it")
    csub = cp.add_subparsers(dest="cache_command")
    for name, text in (("info", "say where the result cache is, its size and entries"),
                       ("clean", "delete the result cache (as 'ruff clean' does)")):
        c = csub.add_parser(name, help=text)
        c.add_argument("--cache-dir", metavar="DIR", help="the cache folder (default: as 'check' finds it)")
        c.add_argument("--config", metavar="FILE", help="read configuration from this TOML file only")
        c.add_argument("--isolated", action="store_true", help="ignore all configuration files")
    _add_symbols_args(sub.add_parser(
        "symbols", help="check a list of gene symbols (like HGNChelper's checkGeneSymbols)",
        description="Check gene symbols against HGNC (human), MGI (mouse) or RGD (rat): one row per "
                    "input with its status (approved, case, previous, alias, withdrawn, excel-date, "
                    "unknown) and the suggested symbol(s). Exit code 1 when any input is not approved."))
    return parser


def _add_symbols_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("symbols", nargs="*", metavar="SYMBOL",
                   help="symbols to check; '-' reads them from stdin (also the default when stdin is a pipe)")
    p.add_argument("-f", "--file", action="append", metavar="FILE",
                   help="read symbols from FILE, one a line ('-' is stdin); repeatable")
    p.add_argument("--column", metavar="NAME",
                   help="the file is a TSV/CSV table with a header: check this column (name or 1-based number)")
    p.add_argument("--species", choices=("human", "mouse", "rat"), default="human",
                   help="whose nomenclature: HGNC (human, default), MGI (mouse) or RGD (rat)")
    p.add_argument("--format", choices=("text", "tsv", "json"), default="text", help="output format")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when some symbols are not approved")
    p.add_argument("--hgnc", choices=("offline", "online"),
                   help="gene data: the snapshot (default) or HGNC REST with the snapshot as fallback")
    p.add_argument("--config", metavar="FILE", help="read configuration from this TOML file only")
    p.add_argument("--isolated", action="store_true", help="ignore all configuration files")


def _normalise_argv(argv: list) -> list:
    """``pfocr-lint [OPTIONS] PATH`` means ``pfocr-lint check [OPTIONS] PATH`` (like ruff)."""
    if not argv or argv[0] in SUBCOMMANDS or argv[0] in ("-h", "--help", "--version"):
        return argv or ["check"]
    return ["check"] + argv


def main(argv: Optional[list] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(_normalise_argv(argv))
    except SystemExit as exc:  # argparse: 0 for --help/--version, 2 for misuse
        return int(exc.code or 0)
    try:
        code = _dispatch(args)
        sys.stdout.flush()  # here, where a closed pipe can still be caught
        return code
    except BrokenPipeError:
        # `pfocr-lint _figures/ | head -1`: the reader has gone, so stop
        # quietly (as ruff does), not with a traceback about it.
        _silence_stdout()
        return 1
    except UsageError as exc:
        print(f"pfocr-lint: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # pragma: no cover
        print("pfocr-lint: interrupted", file=sys.stderr)
        return 130


def _dispatch(args) -> int:
    if args.command == "rules":
        from pfocr_lint.commands import list_rules
        return list_rules(args)
    if args.command == "explain":
        from pfocr_lint.commands import explain
        return explain(args)
    if args.command == "symbols":
        from pfocr_lint.symbols import run
        return run(args)
    if args.command == "data":
        from pfocr_lint.commands import data
        return data(args)
    if args.command == "cache":
        from pfocr_lint.commands import cache_command
        return cache_command(args)
    from pfocr_lint.commands import check
    return check(args)


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush of what is
    still buffered for the closed pipe fails silently too."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # stdout is no real file (tests)
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
