"""What each subcommand does. Imported only after the arguments parse."""

from __future__ import annotations

import io
import itertools
import json
import os
import sys
from contextlib import ExitStack, contextmanager
from pathlib import Path

from pfocr_lint import __version__
from pfocr_lint.cli import UsageError
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
    if args.max_file_size:
        cfg.max_file_size = args.max_file_size
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


def _use_color(args, stream) -> bool:
    if args.color == "always":
        return True
    if args.color == "never" or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def check(args) -> int:
    from pfocr_lint import registry
    from pfocr_lint.discover import FileList, discover
    from pfocr_lint.engine import Linter, Summary, default_jobs, iter_results
    from pfocr_lint.reporters import reporter_class
    from pfocr_lint.reporters.base import RunInfo
    from pfocr_lint.reporters.text import TextReporter

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
    exclude = list(cfg.exclude) + list(cfg.extend_exclude)
    stdin_data = None
    paths = list(args.paths)
    if "-" in paths:
        if paths != ["-"]:
            raise UsageError("'-' (stdin) cannot be combined with other paths")
        if args.fix or args.diff:
            raise UsageError(f"{'--fix' if args.fix else '--diff'} cannot rewrite stdin")
        stdin_data = sys.stdin.buffer.read()
        files = [(args.stdin_filename or "<stdin>", Path(args.stdin_filename) if args.stdin_filename else None)]
    else:
        missing = [p for p in paths if not os.path.lexists(p)]
        found = discover([p for p in paths if p not in missing], cfg.include, exclude, cfg.force_exclude)
        # a path that does not exist is a finding (IO001), not a crash
        files = FileList(itertools.chain(((p, Path(p)) for p in missing), found))

    fixing = args.fix or args.diff
    if args.diff:
        # stdout carries the diffs only (as ruff's --diff); reports named '=FILE' are still written
        formats = [(n, t) for n, t in formats if t != "-"]
    linter = Linter(cfg, classes, settings, keep_text=fixing)
    jobs = cfg.jobs or default_jobs(len(files))
    jobs = min(jobs, max(1, len(files)))

    with ExitStack() as stack:
        reporters = []
        run = RunInfo(version=__version__, rules=classes, fail_on=cfg.fail_on)
        for name, target in formats:
            if target == "-":
                stream = sys.stdout
            else:
                Path(target).parent.mkdir(parents=True, exist_ok=True)
                stream = stack.enter_context(open(target, "w", encoding="utf-8", newline="\n"))
            rep_run = RunInfo(**{**run.__dict__, "color": name == "text" and _use_color(args, stream)})
            reporters.append(reporter_class(name)(stream, rep_run))
        clean_listeners = [r for r in reporters if getattr(r, "wants_clean_files", False)]
        summary = Summary()
        facts: dict = {}
        progress = _progress(args, len(files))
        for rep in reporters:
            rep.start()

        if stdin_data is not None:
            results = iter([linter.lint_file(files[0][0], files[0][1], raw=stdin_data)])
        else:
            results = iter_results(linter, files, jobs=jobs)
        fixer = None
        if fixing:
            from pfocr_lint.fixer import Fixer
            fixer = Fixer(unsafe=args.unsafe_fixes, write=not args.diff)
        for result in results:
            summary.files_checked += 1
            findings = result.findings
            if fixer is not None and findings:
                findings = fixer.apply(result, linter)
            if findings:
                summary.files_with_findings += 1
                summary.add(findings)
                with _bar_out_of_the_way(progress):
                    for rep in reporters:
                        rep.add(result.path, findings)
            else:
                for rep in clean_listeners:
                    rep.add(result.path, [])
            for code, fact in result.facts.items():
                facts.setdefault(code, []).append(fact)
            if progress is not None:
                progress.update(1)
        if progress is not None:
            progress.close()
        late = linter.finish(facts)
        if late:
            by_path: dict = {}
            for f in late:
                by_path.setdefault(f.path, []).append(f)
            for p, fs in by_path.items():
                summary.add(fs)
                for rep in reporters:
                    rep.add(p, fs)
        if fixer is not None:
            summary.fixed = fixer.fixed
            for msg in fixer.messages:
                print(f"pfocr-lint: {msg}", file=sys.stderr)
            for diff in fixer.diffs:
                sys.stdout.write(diff)
            if args.diff:
                done = fixer.summary()
                print(f"pfocr-lint: would make {done}; nothing was written" if done
                      else "pfocr-lint: nothing to fix", file=sys.stderr)
            elif fixer.fixed and not args.quiet:
                print(f"pfocr-lint: made {fixer.summary()}", file=sys.stderr)
        for rep in reporters:
            rep.run.sources = dict(linter.ctx.sources)
            rep.run.warnings = list(linter.ctx.warnings)
            # -q silences the text summary only: a structured report started on
            # stdout must still be completed, or it is not valid JSON/SARIF/XML.
            if (args.quiet and rep.out is sys.stdout and not any(summary.by_severity.values())
                    and isinstance(rep, TextReporter)):
                continue
            rep.finish(summary)
        if args.statistics:
            for code, n in sorted(summary.by_code.items(), key=lambda kv: (-kv[1], kv[0])):
                cls = registry.find_rule(code)
                print(f"{n:6d}  {code:<6} {cls.name if cls else ''}", file=sys.stderr)
    if args.diff:
        return 1 if fixer.diffs else 0
    return _exit_code(cfg.fail_on, summary)


def _exit_code(fail_on: str, summary) -> int:
    if fail_on == "never":
        return 0
    threshold = Severity.parse(fail_on)
    for sev in Severity:
        if sev >= threshold and summary.by_severity.get(str(sev), 0):
            return 1
    return 0


@contextmanager
def _bar_out_of_the_way(progress):
    """Finding lines go to stdout while the bar is drawn on stderr; on a
    terminal both are the same screen, and a line written after the bar would
    continue the bar's line. Clear the bar, write and flush, then redraw it."""
    if progress is None:
        yield
        return
    with progress.external_write_mode(file=sys.stdout):
        yield
        sys.stdout.flush()


def _progress(args, n_files: int):
    """A progress bar on an interactive stderr for long runs; never in CI, pipes or pre-commit."""
    if args.no_progress or n_files < 500 or not sys.stderr.isatty():
        return None
    if os.environ.get("CI") or os.environ.get("PRE_COMMIT"):
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(total=n_files, unit="file", file=sys.stderr, leave=False)


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
            print(f"| {c.code} | {c.name} | {c.severity} | {'yes' if c.fixable() else ''} | {c.doc().summary} |")
        return 0
    width = max(len(c.name) for c in classes)
    print(f"{'CODE':<6} {'NAME':<{width}} {'SEVERITY':<8} FIX  SUMMARY")
    for c in classes:
        print(f"{c.code:<6} {c.name:<{width}} {str(c.severity):<8} {'yes' if c.fixable() else '   '}  {c.doc().summary}")
    return 0


def _rule_row(c) -> dict:
    doc = c.doc()
    return {"code": c.code, "name": c.name, "aliases": list(c.aliases), "severity": str(c.severity),
            "fixable": c.fixable(), "summary": doc.summary, "sections": doc.sections,
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
    except ImportError:
        raise UsageError("HGNC support is not installed in this build") from None
    try:
        cfg = load_config()
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    return hgnc_cli.run(args, cfg)


__all__ = ["check", "list_rules", "explain", "data", "DEFAULT_EXCLUDE"]
