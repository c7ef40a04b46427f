"""The engine: discovered files -> parsed records -> rule checks -> findings.

It knows rules only through the registry; it never names one.
"""

from __future__ import annotations

import dataclasses
import gc
import os
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional

from pfocr_lint import knowledge as knowledge_mod
from pfocr_lint import registry, suppress
from pfocr_lint.companions import Companions
from pfocr_lint.config import Config
from pfocr_lint.discover import is_excluded
from pfocr_lint.fileio import content_hash, read_file
from pfocr_lint.findings import Finding, Severity
from pfocr_lint.input_codes import INPUT_CODES, TEXT_REWRITTEN
from pfocr_lint.meta import RecordMeta
from pfocr_lint.parse import parse_bytes, read_and_parse


class RunContext:
    """What a rule may see besides the record: configuration and knowledge."""

    def __init__(self, config: Config, needs: Optional[Iterable[str]] = None):
        self.config = config
        #: the knowledge the selected rules declared (``Rule.needs``); None
        #: (a context made by hand, as in tests) allows any
        self.needs = None if needs is None else frozenset(needs)
        self._knowledge: dict = {}
        self.sources: dict = {}      # name -> human description (e.g. which HGNC snapshot)
        self.warnings: list = []     # run-level notes printed once (e.g. "HGNC unreachable")
        #: companion tables named on the command line whose record does not
        #: exist (display paths): no record to lint, but repository rules see them
        self.loose_tables: list = []

    def knowledge(self, name: str):
        """The named knowledge object, or None when it cannot be had or no
        selected rule declared that it needs it."""
        try:
            return self._knowledge[name]
        except KeyError:
            pass
        if self.needs is not None and name not in self.needs:
            return None
        try:
            self._knowledge[name] = knowledge_mod.load(name, self)
        except knowledge_mod.KnowledgeUnavailable as exc:
            self.warnings.append(f"{name}: {exc}; rules that need it were skipped")
            self._knowledge[name] = None
        return self._knowledge[name]

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def notes(self) -> tuple:
        """(sources, warnings) as they stand: what a worker hands back."""
        return dict(self.sources), list(self.warnings)

    def take_notes(self, sources: dict, warnings: list) -> None:
        self.sources.update(sources)
        for w in warnings:
            self.warn(w)


@dataclass
class FileResult:
    path: str
    findings: list
    facts: dict = field(default_factory=dict)   # rule code -> fact (project rules)
    text: Optional[str] = None                  # kept only when fixing
    meta: Optional[RecordMeta] = None           # kept only when a reporter wants it
    figid: Optional[str] = None                 # the record's figid, when it has one
    #: what the findings were made from, for the result cache (linter/cache.py):
    #: (content hash of the record's bytes, ((table path, its hash or None
    #: when absent), ...)); None when not tracked or not hashable
    inputs: Optional[tuple] = None


@dataclass
class Summary:
    files_checked: int = 0
    files_with_findings: int = 0
    by_severity: dict = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0})
    by_code: dict = field(default_factory=dict)
    fixed: int = 0
    #: with a baseline: findings it accepted, and its entries no finding used
    baselined: Optional[int] = None
    stale: Optional[int] = None
    #: with --report-level above info: findings left out of the reports, by
    #: severity (the counts above are of the findings reported)
    below_report_level: Optional[dict] = None

    def add(self, findings: list) -> None:
        for f in findings:
            self.by_severity[str(f.severity)] += 1
            self.by_code[f.code] = self.by_code.get(f.code, 0) + 1

    def as_dict(self) -> dict:
        return {
            "files_checked": self.files_checked,
            "files_with_findings": self.files_with_findings,
            "findings": sum(self.by_severity.values()),
            "by_severity": dict(self.by_severity),
            "by_code": dict(sorted(self.by_code.items())),
            "fixed": self.fixed,
            **({} if self.baselined is None else {"baselined": self.baselined, "stale": self.stale or 0}),
            **({} if self.below_report_level is None
               else {"below_report_level": dict(self.below_report_level)}),
        }


class Linter:
    """Holds the selected rules for a run and lints one file at a time."""

    def __init__(self, config: Config, rule_classes: list, settings: Optional[dict] = None,
                 keep_text: bool = False, keep_meta: bool = False, track_inputs: bool = False,
                 fingerprints: bool = False):
        settings = settings or {}
        self.settings = settings
        self.config = config
        self.ctx = RunContext(config, needs={n for cls in rule_classes for n in cls.needs})
        self.keep_text = keep_text
        self.keep_meta = keep_meta
        self.track_inputs = track_inputs
        self.fingerprints = fingerprints
        self.selected_codes = {c.code for c in rule_classes}
        self.severity_override = {code: sev for code, (sev, _) in settings.items() if sev}
        self.record_rules = []
        self.project_rules = []
        for cls in rule_classes:
            if cls.scope == "input":
                continue
            sev, opts = settings.get(cls.code, (None, {}))
            rule = cls(severity=sev, options=opts)
            (self.project_rules if cls.scope == "project" else self.record_rules).append(rule)
        self.per_file_ignores = [(pat, [c.upper() for c in codes])
                                 for pat, codes in (config.per_file_ignores or {}).items()]

    # -- one file ---------------------------------------------------------
    def read(self, display: str, path: Optional[Path], raw: Optional[bytes] = None):
        """Read and parse one record together with its companion tables:
        (record or None, the input findings, the bytes parsed when tracked)."""
        max_bytes = self.config.max_file_size
        if raw is None and self.track_inputs and path is not None:
            try:
                raw = read_file(path, max_bytes)[1]
            except OSError:
                pass    # read_and_parse says why (IO001)
        if raw is None:
            record, findings = read_and_parse(display, path, max_bytes)
        else:
            record, findings = parse_bytes(display, raw, path, max_bytes)
        if record is not None:
            figid = record.data.get("figid")
            record.companions = Companions(
                path, figid if isinstance(figid, str) and figid else record.stem, display, max_bytes,
                self.config.max_table_rows)
        return record, findings, raw

    def lint_file(self, display: str, path: Optional[Path], raw: Optional[bytes] = None) -> FileResult:
        record, findings, raw = self.read(display, path, raw)
        facts = {}
        meta = None
        if record is not None:
            if self.keep_meta:
                meta = RecordMeta.of(record, text_is_file=not any(
                    f.code in TEXT_REWRITTEN for f in findings))
            ctx = self.ctx
            # The hot loop (rules x records): no helper call per rule.
            for rule in self.record_rules:
                n = len(findings)
                try:
                    found = rule.check(record, ctx)
                    if found:
                        findings.extend(found)
                except Exception:
                    # A crash drops what the rule had found so far, as before.
                    del findings[n:]
                    findings.append(self._crash(rule, display))
            for rule in self.project_rules:
                try:
                    fact = rule.collect(record, self.ctx)
                except Exception:
                    findings.append(self._crash(rule, display))
                    continue
                if fact is not None:
                    facts[rule.code] = fact
        findings = self.postprocess(display, findings, record)
        figid = record.data.get("figid") if record is not None else None
        if not isinstance(figid, str):
            figid = None
        if self.fingerprints and findings:
            from pfocr_lint.baseline import fingerprinted

            findings = fingerprinted(findings, figid, display)
        inputs = None
        if self.track_inputs and raw is not None:
            tables = record.companions.inputs() if record is not None else ()
            if tables is not None:
                inputs = (content_hash(raw), tables)
        return FileResult(display, findings, facts, record.text if (record and self.keep_text) else None,
                          meta, figid, inputs)

    def _crash(self, rule, display) -> Finding:
        # A bug in a rule must never cost the user the rest of the run.
        tb = traceback.format_exc().strip().splitlines()
        where = tb[-1] if tb else "unknown error"
        meta = INPUT_CODES["IO099"]
        return Finding(display, 1, 1, meta.code, meta.name, meta.severity,
                       f"rule {rule.code} ({rule.name}) crashed on this file: {where}",
                       suggestion="This is a bug in pfocr-lint or a rule pack; please report it with this file.")

    def postprocess(self, display: str, findings: list, record=None) -> list:
        out = []
        ignored = self._ignored_for(display)
        inline = suppress.parse(record.text) if record is not None else None
        for f in findings:
            if f.code not in self.selected_codes and f.code != "IO099":
                continue
            if ignored and any(f.code.startswith(c) for c in ignored):
                continue
            if inline and f.path == display and inline.covers(f, registry.find_rule(f.code)):
                continue
            sev = self.severity_override.get(f.code)
            if sev is not None and sev != f.severity:
                f = dataclasses.replace(f, severity=sev)
            out.append(f)
        out.sort(key=Finding.sort_key)
        return out

    def _ignored_for(self, display: str) -> list:
        if not self.per_file_ignores:
            return []
        rel = Path(display).as_posix()
        codes = []
        for pat, pcodes in self.per_file_ignores:
            if is_excluded(rel, [pat]):
                codes.extend(pcodes)
        return codes

    # -- the end of the run ------------------------------------------------
    def finish(self, facts_by_code: dict) -> list:
        findings = []
        for rule in self.project_rules:
            try:
                found = list(rule.finish(facts_by_code.get(rule.code, []), self.ctx) or ())
            except Exception:
                found = [self._crash(rule, "<project>")]
            findings.extend(found)
        by_path: dict = {}
        for f in findings:
            by_path.setdefault(f.path, []).append(f)
        out = []
        for p in sorted(by_path):
            out.extend(self.postprocess(p, by_path[p]))
        return out


# -- parallel runs ---------------------------------------------------------
_WORKER: Optional[Linter] = None


_SENT_NOTES: tuple = ({}, [])


def _init_worker(config, codes, settings, keep_text, keep_meta, track_inputs, fingerprints,
                 parent=None):
    global _WORKER, _SENT_NOTES
    from pfocr_lint import registry

    if parent is not None:
        _watch_parent(parent)

    classes = [c for c in registry.all_rules() if c.code in codes]
    _WORKER = Linter(config, classes, settings, keep_text, keep_meta, track_inputs, fingerprints)
    _SENT_NOTES = ({}, [])


def _watch_parent(parent: int) -> None:
    """End this worker when the main process is gone. Killed (SIGKILL, OOM),
    the main process cannot tell its pool to stop, and a worker blocked on
    the pool's queue would wait for work for ever: re-parented, it sees a
    new parent process id within a second and exits."""
    import threading
    import time

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="pfocr-lint-parent-watch", daemon=True).start()


def _work(chunk):
    """Lint a chunk; hand back its results, and the run notes (knowledge
    sources, warnings) only when they changed since this worker last sent
    them: in practice once per worker, not with every chunk."""
    global _SENT_NOTES
    out = []
    for display, path in chunk:
        out.append(_WORKER.lint_file(display, Path(path)))
    notes = _WORKER.ctx.notes()
    if notes == _SENT_NOTES:
        return out, None
    _SENT_NOTES = notes
    return out, notes


# Linting allocates millions of short-lived objects that reference counting
# frees (records make no reference cycles), while the rules' memos and the
# HGNC snapshot stay alive all run. At the default threshold (700) the cyclic
# collector ran every few hundred allocations, walking young objects for
# nothing: a few per cent of a run, more in wall time than in instructions.
# A higher threshold keeps it working, just less often.
_GC_THRESHOLD = (20_000, 20, 20)


def iter_results(linter: Linter, files: Iterable[tuple[str, Path]], jobs: int = 1,
                 chunk_size: int = 64) -> Iterator[FileResult]:
    """Lint files, yielding results in discovery order (so output is identical
    whatever ``jobs`` is)."""
    saved = gc.get_threshold()
    gc.set_threshold(*(max(a, b) for a, b in zip(saved, _GC_THRESHOLD)))
    try:
        yield from _iter_results(linter, files, jobs, chunk_size)
    finally:
        gc.set_threshold(*saved)


def _iter_results(linter, files, jobs, chunk_size):
    if jobs <= 1:
        for display, path in files:
            yield linter.lint_file(display, path)
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    def chunks():
        buf = []
        for item in files:
            buf.append((item[0], str(item[1])))
            if len(buf) >= chunk_size:
                yield buf
                buf = []
        if buf:
            yield buf

    try:
        mp_ctx = mp.get_context("fork")
    except ValueError:  # pragma: no cover - platforms without fork
        mp_ctx = mp.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=mp_ctx, initializer=_init_worker,
                             initargs=(linter.config, linter.selected_codes, linter.settings,
                                       linter.keep_text, linter.keep_meta, linter.track_inputs,
                                       linter.fingerprints, os.getpid())) as pool:
        pending = []
        it = chunks()
        # keep a bounded window of chunks in flight: streaming, not all at once
        for chunk in it:
            pending.append(pool.submit(_work, chunk))
            if len(pending) >= jobs * 4:
                yield from _drain(linter, pending.pop(0))
        for fut in pending:
            yield from _drain(linter, fut)


def _drain(linter: Linter, fut) -> Iterator[FileResult]:
    results, notes = fut.result()
    if notes is not None:
        linter.ctx.take_notes(*notes)
    yield from results


def default_jobs(n_files: int) -> int:
    """One process for a handful of files (pre-commit), every core for big runs."""
    if n_files < 200:
        return 1
    return max(1, min(os.cpu_count() or 1, 32))


__all__ = ["Linter", "RunContext", "FileResult", "Summary", "iter_results", "default_jobs",
           "Severity"]
