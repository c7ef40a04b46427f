"""One run of ``pfocr-lint check``, from paths to reports.

The pipeline, in one place:

1. discover: the records to lint (a companion table named on the command
   line stands for its record; a path that does not exist is IO001);
2. lint each record (engine.Linter: read and parse it with its tables, run
   the record rules, collect the facts of the repository rules), in
   ``jobs`` processes;
3. fix it (``--fix``), re-linting what the fixes changed;
4. hand its findings at or above ``--report-level`` (the others are only
   counted), and what the reporters may know of the record
   (meta.RecordMeta), to every reporter, and count them;
5. finish the repository rules on the collected facts;
6. finish the reports, with the run notes (knowledge sources, warnings)
   filled in once.

The command (commands.check) only turns arguments into a Run and the
summary into an exit code.
"""

from __future__ import annotations

import itertools
import os
import sys
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Iterable, Optional

from pfocr_lint import __version__
from pfocr_lint.config import Config
from pfocr_lint.discover import FileList, discover
from pfocr_lint.engine import Linter, Summary, default_jobs, iter_results
from pfocr_lint.findings import Severity
from pfocr_lint.reporters.base import RunInfo


class Output:
    """A report to write: format name, target ('-' for stdout)."""

    __slots__ = ("format", "target")

    def __init__(self, format: str, target: str = "-"):
        self.format = format
        self.target = target


class Run:
    """``fix``: False, True (``--fix``: write the fixes) or "diff" (``--diff``:
    fix in memory, print a unified diff per file, write nothing)."""

    def __init__(self, config: Config, rule_classes: list, settings: Optional[dict] = None, *,
                 outputs: Iterable[Output] = (), color: str = "auto", fix=False,
                 unsafe_fixes: bool = False, quiet: bool = False, statistics: bool = False,
                 progress: bool = True, baseline=None, write_baseline: Optional[str] = None,
                 cache_dir: Optional[Path] = None):
        from pfocr_lint.reporters import reporter_class

        self.config = config
        self.outputs = [(o, reporter_class(o.format)) for o in outputs]
        self.color = color
        self.fix = fix
        self.unsafe_fixes = unsafe_fixes
        self.quiet = quiet
        self.statistics = statistics
        self.progress = progress
        wants_meta = any(getattr(cls, "wants_records", False) for _, cls in self.outputs)
        self.fingerprints = bool(baseline is not None or write_baseline or any(
            getattr(cls, "wants_fingerprints", False) for _, cls in self.outputs))
        #: the result cache's folder (linter/cache.py), or None for no cache;
        #: online HGNC answers may change under the same key: never cached
        self.cache_dir = cache_dir if config.hgnc != "online" else None
        self.cache = None
        # With the cache, every entry keeps the record's metadata too (about a
        # kilobyte: title, caption): an entry then serves any later report
        # (a text run's entries serve the HTML and SARIF reports of the next)
        self.linter = Linter(config, rule_classes, settings, keep_text=bool(fix),
                             keep_meta=wants_meta or self.cache_dir is not None,
                             track_inputs=self.cache_dir is not None,
                             # cached findings keep theirs: a warm run need not hash them again
                             fingerprints=self.fingerprints or self.cache_dir is not None)
        self.fixer = None
        #: shared by every reporter (the notes are filled in once, at the end)
        self.info = RunInfo(version=__version__, rules=rule_classes, fail_on=config.fail_on,
                            report_level=config.report_level, docs_url=config.docs_url)
        self.summary = Summary()
        # --report-level: findings below it are counted, not reported
        self.report_level = Severity.parse(config.report_level)
        if self.report_level > Severity.INFO:
            self.summary.below_report_level = {"error": 0, "warning": 0, "info": 0}
        # -- the baseline layer: fingerprints, accepted findings, new entries
        self.baseline = baseline                  # a baseline.Baseline, or None
        self.write_baseline = write_baseline      # a path, or None
        self._new_baseline = None
        if write_baseline:
            from pfocr_lint.baseline import Baseline
            self._new_baseline = Baseline()
        if baseline is not None or write_baseline:
            self.summary.baselined = 0
        self._keys: dict = {}        # record path -> its key in fingerprints

    # -- 1. discover -----------------------------------------------------------
    def targets(self, paths: list) -> FileList:
        """The files of the run, in a stable order."""
        cfg = self.config
        exclude = list(cfg.exclude) + list(cfg.extend_exclude)
        missing = [p for p in paths if not os.path.lexists(p)]
        loose = self.linter.ctx.loose_tables = []
        found = discover([p for p in paths if p not in missing], cfg.include, exclude, cfg.force_exclude,
                         loose_tables=loose)
        # a path that does not exist is a finding (IO001), not a crash
        files = FileList(itertools.chain(((p, Path(p)) for p in missing), found))
        # a table without its record is checked by the repository rules alone,
        # but it is a file the run checked
        self.summary.files_checked += len(loose)
        return files

    # -- 2-6 -----------------------------------------------------------------
    def execute(self, paths: list = (), *, stdin: Optional[bytes] = None,
                stdin_filename: Optional[str] = None) -> Summary:
        """Lint ``paths`` (or the record read from stdin) and write every report."""
        linter = self.linter
        if stdin is not None:
            name = stdin_filename or "<stdin>"
            files = [(name, Path(stdin_filename) if stdin_filename else None)]
            results = iter([linter.lint_file(name, files[0][1], raw=stdin)])
        else:
            files = self.targets(list(paths))
            cache = self.cache = self._open_cache()
            if cache is None:
                results = self._lint(files)
            else:
                results = cache.results(files, self._lint, linter.lint_file)

        with ExitStack() as stack:
            reporters = self._reporters(stack)
            for rep in reporters:
                rep.start()
            progress = self._progress(len(files))
            fixer = None
            if self.fix:
                from pfocr_lint.fixer import Fixer
                fixer = self.fixer = Fixer(unsafe=self.unsafe_fixes, write=self.fix != "diff")
            facts: dict = {}
            for result in results:
                if fixer is not None and result.findings:
                    result = fixer.fix(result, linter.lint_file)
                findings = result.findings
                if self.fingerprints:
                    findings = self._accepted(result, findings)
                with _bar_out_of_the_way(progress if findings else None):
                    self._report(result.path, findings, result.meta, reporters)
                for code, fact in result.facts.items():
                    facts.setdefault(code, []).append(fact)
                if progress is not None:
                    progress.update(1)
            if progress is not None:
                progress.close()
            late = linter.finish(facts)
            if self.fingerprints:
                late = self._accepted(None, late)
            self._report_late(late, reporters)
            self._baseline_done()
            if fixer is not None:
                self._fixed(fixer)
            self._finish(reporters)
        if self.cache is not None:
            self.cache.close()
        return self.summary

    def _lint(self, files: list):
        """Lint ``files`` in as many processes as they are worth."""
        jobs = min(self.config.jobs or default_jobs(len(files)), max(1, len(files)))
        return iter_results(self.linter, files, jobs=jobs)

    def _open_cache(self):
        if self.cache_dir is None:
            return None
        from pfocr_lint import cache

        key = cache.run_key(self.config, self.info.rules, self.linter.settings, version=__version__)
        return cache.open_for_run(self.cache_dir, key, max_bytes=self.config.max_file_size,
                                  fix=bool(self.fix), wants_meta=self.linter.keep_meta)

    # -- the baseline ------------------------------------------------------------
    def _accepted(self, result, findings: list) -> list:
        """Give each finding its fingerprint; leave out those the baseline
        accepts (all of them when writing a new baseline, which records them)."""
        from pfocr_lint.baseline import fingerprint, parts_of, record_key

        if result is not None:
            key = self._keys[result.path] = record_key(result.figid, result.path)
        out = []
        for f in findings:
            if result is None:   # a repository rule's finding: its record by path
                key = self._keys.get(f.path)
                rec = f.path if key is not None else None
                if key is None:
                    key = record_key(None, f.path)
            else:
                rec = result.path
            if self._new_baseline is not None:
                self._new_baseline.add(parts_of(f, key, rec))
                self.summary.baselined += 1
                continue
            fp = f.fingerprint
            if fp is None:   # the linter gave those of records theirs already
                fp = fingerprint(parts_of(f, key, rec))
                f = f.with_fingerprint(fp)
            if self.baseline is not None and self.baseline.covers(fp):
                self.summary.baselined += 1
                continue
            out.append(f)
        return out

    def _baseline_done(self) -> None:
        seen = set(self._keys.values())
        if self.baseline is not None and self._new_baseline is None:
            self.summary.stale = self.baseline.stale(seen)
        if self._new_baseline is not None:
            from pfocr_lint.baseline import Baseline

            if os.path.isfile(self.write_baseline):
                try:
                    self._new_baseline.merge_unseen(Baseline.load(self.write_baseline), seen)
                except Exception:   # an unreadable old file is replaced, not merged
                    pass
            n = self._new_baseline.write(self.write_baseline)
            print(f"pfocr-lint: wrote {n} baseline entr{'y' if n == 1 else 'ies'} "
                  f"({self.summary.baselined} findings) to {self.write_baseline}", file=sys.stderr)

    def _reported(self, findings: list) -> list:
        """The findings at or above the report level; the others are counted."""
        below = self.summary.below_report_level
        if below is None or not findings:
            return findings
        level = self.report_level
        shown = [f for f in findings if f.severity >= level]
        if len(shown) < len(findings):
            for f in findings:
                if f.severity < level:
                    below[str(f.severity)] += 1
        return shown

    def _report(self, path: str, findings: list, meta, reporters: list) -> None:
        summary = self.summary
        summary.files_checked += 1
        findings = self._reported(findings)
        if findings:
            summary.files_with_findings += 1
            summary.add(findings)
        for rep in reporters:
            if findings or rep.wants_clean_files:
                if meta is not None and rep.wants_records:
                    rep.record(meta)
                rep.add(path, findings)

    def _report_late(self, late: list, reporters: list) -> None:
        """Findings of the repository rules, grouped by file, in order."""
        by_path: dict = {}
        for f in self._reported(late):
            by_path.setdefault(f.path, []).append(f)
        for p, fs in by_path.items():
            self.summary.add(fs)
            for rep in reporters:
                rep.add(p, fs)

    def _fixed(self, fixer) -> None:
        """What the fixes did (or, with --diff, would do): on stderr, diffs on stdout."""
        self.summary.fixed = fixer.fixed
        for msg in fixer.messages:
            print(f"pfocr-lint: {msg}", file=sys.stderr)
        for diff in fixer.diffs:
            sys.stdout.write(diff)
        if not fixer.write:
            done = fixer.summary()
            print(f"pfocr-lint: would make {done}; nothing was written" if done
                  else "pfocr-lint: nothing to fix", file=sys.stderr)
        elif fixer.fixed and not self.quiet:
            print(f"pfocr-lint: made {fixer.summary()}", file=sys.stderr)

    def _finish(self, reporters: list) -> None:
        from pfocr_lint.reporters.text import TextReporter

        # The notes name the knowledge every selected rule needs, whichever
        # records happened to ask for it: a run whose records all came from
        # the result cache (nothing loaded) says what a cold run says.
        ctx = self.linter.ctx
        for name in sorted(ctx.needs or ()):
            ctx.knowledge(name)
        sources, warnings = ctx.notes()
        self.info.sources, self.info.warnings = dict(sorted(sources.items())), sorted(warnings)
        summary = self.summary
        for rep in reporters:
            # -q silences the text summary only: a structured report started on
            # stdout must still be completed, or it is not valid JSON/SARIF/XML.
            if (self.quiet and rep.out is sys.stdout and not any(summary.by_severity.values())
                    and isinstance(rep, TextReporter)):
                continue
            rep.finish(summary)

    # -- outputs -------------------------------------------------------------
    def _reporters(self, stack: ExitStack) -> list:
        reporters = []
        for out, cls in self.outputs:
            if out.target == "-":
                stream = sys.stdout
            else:
                Path(out.target).parent.mkdir(parents=True, exist_ok=True)
                stream = stack.enter_context(open(out.target, "w", encoding="utf-8", newline="\n"))
            color = out.format == "text" and _use_color(self.color, stream)
            reporters.append(cls(stream, self.info, color=color))
        if self.statistics:
            from pfocr_lint.reporters.statistics import StatisticsReporter

            # stdout, unless a report (or --diff) already writes there
            taken = self.fix == "diff" or any(out.target == "-" for out, _ in self.outputs)
            reporters.append(StatisticsReporter(sys.stderr if taken else sys.stdout, self.info))
        return reporters

    def _progress(self, n_files: int):
        """A progress bar on an interactive stderr for long runs; never in CI, pipes or pre-commit."""
        if not self.progress or n_files < 500 or not sys.stderr.isatty():
            return None
        if os.environ.get("CI") or os.environ.get("PRE_COMMIT"):
            return None
        try:
            from tqdm import tqdm
        except ImportError:
            return None
        return tqdm(total=n_files, unit="file", file=sys.stderr, leave=False)


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


def _use_color(mode: str, stream) -> bool:
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()
