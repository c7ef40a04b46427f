"""What each subcommand does. Imported only after the arguments parse."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

from pfocr_lint.errors import UsageError
from pfocr_lint.config import ConfigError, Config, load_config, rule_settings, DEFAULT_EXCLUDE
from pfocr_lint.findings import Severity


# -- check -------------------------------------------------------------------

def _config_from(args) -> Config:
    try:
        if args.isolated:
            cfg = Config()
        else:
            cfg = load_config(explicit=Path(args.config) if args.config else None)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    # command-line flags win over the file
    if args.select is not None:
        cfg.select = args.select
    if args.extend_select:
        cfg.extend_select = cfg.extend_select + args.extend_select
    if args.ignore:
        cfg.ignore = cfg.ignore + args.ignore
    if args.include:
        cfg.include = args.include
    if args.exclude:
        cfg.exclude = args.exclude
    if args.extend_exclude:
        cfg.extend_exclude = cfg.extend_exclude + args.extend_exclude
    if args.force_exclude:
        cfg.force_exclude = True
    if args.fail_on:
        cfg.fail_on = args.fail_on
    if args.exit_zero:
        cfg.fail_on = "never"
    if args.report_level:
        cfg.report_level = args.report_level
    if args.max_file_size:
        cfg.max_file_size = args.max_file_size
    if args.max_table_rows is not None:
        if args.max_table_rows < 1:
            raise UsageError("--max-table-rows must be at least 1")
        cfg.max_table_rows = args.max_table_rows
    if args.jobs is not None:
        if args.jobs < 1:
            raise UsageError("--jobs must be at least 1")
        cfg.jobs = args.jobs
    if args.hgnc:
        cfg.hgnc = args.hgnc
    return cfg


def _parse_formats(args, cfg: Config) -> list:
    from pfocr_lint.reporters import FORMATS

    specs = args.format or []
    if not specs:
        if os.environ.get("GITHUB_ACTIONS") == "true" and "github" in FORMATS and not cfg.format:
            specs = ["github"]
        else:
            specs = [cfg.format or "text"]
    out = []
    unnamed = 0
    for spec in specs:
        name, _, target = spec.partition("=")
        name = name.strip().lower()
        if name == "csv" and "tsv" in FORMATS:
            pass
        if name not in FORMATS:
            raise UsageError(f"unknown format {name!r}; choose from {', '.join(sorted(FORMATS))}")
        if not target:
            unnamed += 1
            target = args.output or "-"
        out.append((name, target))
    if unnamed > 1 and args.output:
        raise UsageError("-o/--output names one file, but several formats have no '=FILE'")
    if sum(1 for _, t in out if t == "-") > 1:
        raise UsageError("only one format can go to stdout; give the others '=FILE'")
    return out


def check(args) -> int:
    """Arguments -> a Run -> its summary -> the exit code."""
    from pfocr_lint import registry
    from pfocr_lint.run import Output, Run

    cfg = _config_from(args)
    try:
        for label, sels in (("--select", cfg.select or []), ("--extend-select", cfg.extend_select),
                            ("--ignore", cfg.ignore)):
            bad = registry.unknown_selectors(sels)
            if bad:
                hint = "".join(registry.did_you_mean(b) for b in bad[:1])
                raise UsageError(f"{label}: no rule matches {', '.join(map(repr, bad))}{hint} (see 'pfocr-lint rules')")
        classes = registry.select(cfg.select, cfg.ignore, cfg.extend_select)
        settings = rule_settings(cfg, classes)
    except (registry.RegistryError, ConfigError) as exc:
        raise UsageError(str(exc)) from None
    formats = _parse_formats(args, cfg)

    if not args.paths:
        raise UsageError("no paths given: name record files or folders, e.g. 'pfocr-lint _figures/'")
    paths = list(args.paths)
    stdin = None
    if "-" in paths:
        if paths != ["-"]:
            raise UsageError("'-' (stdin) cannot be combined with other paths")
        if args.fix or args.diff:
            raise UsageError(f"{'--fix' if args.fix else '--diff'} cannot rewrite stdin")
        stdin = sys.stdin.buffer.read()
    outputs = [Output(name, target) for name, target in formats]
    if args.statistics and not args.format:
        # --statistics alone: the table instead of the listing (as ruff's)
        outputs = []
    if args.diff:
        # stdout carries the diffs only (as ruff's --diff); reports named '=FILE' are still written
        outputs = [o for o in outputs if o.target != "-"]

    run = Run(cfg, classes, settings, outputs=outputs, color=args.color,
              fix="diff" if args.diff else args.fix, unsafe_fixes=args.unsafe_fixes,
              quiet=args.quiet, statistics=args.statistics, progress=not args.no_progress,
              baseline=_baseline(args, cfg), write_baseline=args.write_baseline,
              cache_dir=None if stdin is not None else _cache_dir(args, cfg))
    if stdin is not None:
        summary = run.execute(stdin=stdin, stdin_filename=args.stdin_filename)
    else:
        summary = run.execute(paths)
    if args.diff:
        return 1 if run.fixer.diffs else 0
    code = _exit_code(cfg.fail_on, summary)
    note = _hidden_failures_note(cfg, summary)
    if note:
        # an exit 1 with nothing in the report would leave the reader guessing
        print(note, file=sys.stderr)
    return code


def _cache_dir(args, cfg):
    """The result cache's folder: --cache-dir, else the configured one (relative
    to the configuration file), else PFOCR_LINT_CACHE_DIR or the user cache
    folder; None with --no-cache or PFOCR_LINT_NO_CACHE."""
    from pfocr_lint import cache

    if getattr(args, "no_cache", False) or cache.disabled_by_environment():
        return None
    return _cache_folder(args, cfg)


def _cache_folder(args, cfg) -> Path:
    from pfocr_lint.hgnc import paths

    if args.cache_dir:
        return Path(args.cache_dir)
    if cfg.cache_dir:
        folder = Path(cfg.cache_dir).expanduser()
        if not folder.is_absolute() and cfg.source:
            folder = Path(cfg.source).parent / folder
        return folder
    return paths.cache_dir() / "results"


def _baseline(args, cfg):
    """The baseline to apply: --baseline, else the configured one (a path
    relative to the configuration file), else none."""
    if args.no_baseline or args.write_baseline:
        return None
    path = args.baseline
    if path is None and cfg.baseline:
        path = Path(cfg.baseline)
        if not path.is_absolute() and cfg.source:
            path = Path(cfg.source).parent / path
    if path is None:
        return None
    from pfocr_lint.baseline import Baseline
    return Baseline.load(path)


def _exit_code(fail_on: str, summary, hidden: bool = True) -> int:
    """1 when a finding reached ``fail_on``: a reported one or (``hidden``)
    one that --report-level kept out of the reports, as yamllint's
    --no-warnings still lets a hidden warning fail a --strict run."""
    if fail_on == "never":
        return 0
    threshold = Severity.parse(fail_on)
    below = (summary.below_report_level or {}) if hidden else {}
    for sev in Severity:
        if sev >= threshold and (summary.by_severity.get(str(sev), 0) or below.get(str(sev), 0)):
            return 1
    return 0


def _hidden_failures_note(cfg: Config, summary) -> str:
    """What --report-level kept out of the reports that still reached
    --fail-on, for stderr; '' when nothing did."""
    below = summary.below_report_level
    if not below or cfg.fail_on == "never":
        return ""
    threshold = Severity.parse(cfg.fail_on)
    counts = {sev: n for sev, n in below.items() if n and Severity.parse(sev) >= threshold}
    if not counts:
        return ""
    total = sum(counts.values())
    from pfocr_lint.reporters._common import severity_counts

    detail = severity_counts(counts)
    alone = not _exit_code(cfg.fail_on, summary, hidden=False)
    return (f"pfocr-lint: {total} finding{'s' if total != 1 else ''} below --report-level "
            f"{cfg.report_level} ({detail}) reached --fail-on {cfg.fail_on}"
            + (" and fail this run, though no reported finding does" if alone else "")
            + f"; --report-level {cfg.fail_on} reports them")


# -- rules / explain -----------------------------------------------------------

def list_rules(args) -> int:
    from pfocr_lint import registry

    try:
        classes = registry.select(args.select, None) if args.select else registry.all_rules()
    except registry.RegistryError as exc:
        raise UsageError(str(exc)) from None
    if args.format == "json":
        rows = [_rule_row(c) for c in classes]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if args.format == "markdown":
        print("| code | name | severity | fix | what it checks |")
        print("| --- | --- | --- | --- | --- |")
        for c in classes:
            print(f"| {c.code} | {c.name} | {c.severity} | {'yes' if c.fixable else ''} | {c.doc().summary} |")
        return 0
    width = max(len(c.name) for c in classes)
    print(f"{'CODE':<6} {'NAME':<{width}} {'SEVERITY':<8} FIX  SUMMARY")
    for c in classes:
        print(f"{c.code:<6} {c.name:<{width}} {str(c.severity):<8} {'yes' if c.fixable else '   '}  {c.doc().summary}")
    return 0


def _rule_row(c) -> dict:
    doc = c.doc()
    return {"code": c.code, "name": c.name, "aliases": list(c.aliases), "severity": str(c.severity),
            "fixable": c.fixable, "summary": doc.summary, "sections": doc.sections,
            "options": {k.replace("_", "-"): {"default": o.default, "help": o.help}
                        for k, o in c.options.items()}}


def explain(args) -> int:
    from pfocr_lint import registry

    cls = registry.find_rule(args.rule)
    if cls is None:
        raise UsageError(f"no rule has the code or name {args.rule!r}{registry.did_you_mean(args.rule)} "
                         "(see 'pfocr-lint rules')")
    doc = cls.doc()
    out = io.StringIO()
    out.write(f"{cls.code} {cls.name} [{cls.severity}]\n")
    if cls.aliases:
        out.write(f"aliases: {', '.join(cls.aliases)}\n")
    out.write(f"\n{doc.summary}\n")
    for title, body in doc.sections.items():
        out.write(f"\n{title}:\n")
        for line in body.splitlines():
            out.write(f"    {line}\n" if line.strip() else "\n")
    if cls.options:
        out.write("\nOptions ([tool.pfocr-lint.rules.%s]):\n" % cls.code)
        for k, o in cls.options.items():
            out.write(f"    {k.replace('_', '-')} (default {o.default!r}): {o.help}\n")
    sys.stdout.write(out.getvalue())
    return 0


# -- data ------------------------------------------------------------------------

def data(args) -> int:
    if args.data_command is None:
        raise UsageError("say what to do: 'pfocr-lint data update' or 'pfocr-lint data info'")
    try:
        from pfocr_lint.hgnc import cli as hgnc_cli
        from pfocr_lint.mesh import cli as mesh_cli
    except ImportError:
        raise UsageError("HGNC/MeSH support is not installed in this build") from None
    try:
        cfg = load_config()
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    if args.data_command == "update" and getattr(args, "source", "hgnc") == "mesh":
        return mesh_cli.run(args, cfg)
    if args.data_command == "update":
        # HGNC's complete set is one file: --url/--from-file are lists for MeSH
        for opt in ("url", "from_file"):
            values = getattr(args, opt) or []
            if len(values) > 1:
                raise UsageError(f"'data update' (HGNC) takes one file; --{opt.replace('_', '-')} "
                                 f"was given {len(values)} times")
            setattr(args, opt, values[0] if values else None)
    code = hgnc_cli.run(args, cfg)
    if args.data_command == "info":
        print()
        print("\n".join(mesh_cli.info_lines()))
    return code


# -- cache -------------------------------------------------------------------------

def cache_command(args) -> int:
    from pfocr_lint import cache

    if args.cache_command is None:
        raise UsageError("say what to do: 'pfocr-lint cache info' or 'pfocr-lint cache clean'")
    try:
        cfg = Config() if args.isolated else load_config(explicit=Path(args.config) if args.config else None)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    folder = _cache_folder(args, cfg)
    if args.cache_command == "clean":
        gone = cache.clean(folder)
        print(f"removed {len(gone)} file{'s' if len(gone) != 1 else ''} from {folder}" if gone
              else f"no result cache in {folder}")
        return 0
    for line in cache.describe(folder):
        print(line)
    return 0


__all__ = ["check", "list_rules", "explain", "data", "cache_command", "DEFAULT_EXCLUDE"]
