"""The result cache: a record whose inputs are unchanged is not linted again.

A run looks each record up before linting it. The key is a hash of

* the run: pfocr-lint's version and every file of the installed package (its
  code, schemas and shipped snapshots: an edited rule or an updated snapshot
  is a new run key), the module file of every selected rule (rule packs
  too), the rules' severities and options, every configuration value that
  can change a finding, the user's own snapshots (``pfocr-lint data update``),
  the Python version and the working folder (findings name paths);
* the record: the path it is reported as, and a content hash of its bytes.

A record's companion tables are found through its figid, which only parsing
tells, so they are not in the key: the entry lists the tables the lint read
(and those it looked for and did not find) with their content hashes, and
a hit counts only when every one of them is still the same.

What an entry holds is what the run needs of a linted record: its findings,
its facts for the repository rules (duplicate figids, orphan tables: those
rules still see every record, from cached facts), its figid and, when a
report asked for it, the record's metadata. Entries are pickled and read
back with an unpickler that can build only those few classes, so a cache
folder another user could write to cannot run code.

Never wrong before fast: online HGNC answers can change under the same key,
so ``--hgnc online`` runs are not cached; ``--fix`` uses an entry only when
none of its findings has a fix (a fix needs the record's text); records
read from stdin, and files over ``max-file-size`` or unreadable, are linted
as always. The store is one SQLite file (WAL): only the main process
touches it, so ``--jobs N`` is safe, and concurrent runs serialise their
writes; a cache that cannot be opened or written is skipped with a note on
stderr, never an error. Entries unused for ``PRUNE_AFTER_DAYS`` are deleted.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import sqlite3
import sys
import time
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from pfocr_lint.fileio import content_hash as digest, read_file

#: bump when the entry layout changes: older files are emptied, not misread
FORMAT = 3
DB_NAME = "results.sqlite"
PRUNE_AFTER_DAYS = 30
#: entries written per transaction (bounds what waits in memory)
BATCH = 500
ENV_NO_CACHE = "PFOCR_LINT_NO_CACHE"

#: configuration that cannot change a linted record's findings: where reports
#: go and what they show (report-level and the baseline filter findings
#: after the cache, in linter/run.py), how many processes, when to fail, the
#: documentation's address (SARIF helpUri), online-mode settings (online runs
#: are not cached). Leaving it out of the run key lets it change without a
#: cold run; anything else in the configuration is in the key.
_NOT_RESULTS = frozenset({"format", "jobs", "fail_on", "report_level", "baseline", "docs_url",
                          "source", "cache_dir", "hgnc_cache_dir", "hgnc_cache_expiry_days",
                          "hgnc_rate_limit", "hgnc_timeout"})


def disabled_by_environment() -> bool:
    return os.environ.get(ENV_NO_CACHE, "").strip().lower() not in ("", "0", "false", "no")


# -- the run key ------------------------------------------------------------------

def run_key(config, rule_classes: list, settings: dict, *, version: str) -> bytes:
    """Everything that can change a record's findings, besides the record."""
    import dataclasses

    from pfocr_lint.hgnc import paths

    h = hashlib.blake2b(digest_size=20)

    def put(*parts) -> None:
        for p in parts:
            h.update(repr(p).encode("utf-8", "surrogateescape"))
            h.update(b"\0")

    put("pfocr-lint result cache", FORMAT, version, sys.version, os.getcwd())
    package = Path(__file__).resolve().parent
    put(*_installed_identity(package, version))
    packs: dict = {}
    for cls in sorted(rule_classes, key=lambda c: c.code):
        top = cls.__module__.split(".")[0]
        if top != "pfocr_lint" and top not in packs:
            packs[top] = _pack_identity(top)
        put(cls.code, cls.__module__, cls.__qualname__)
    put(sorted(packs.items()))
    put(sorted((code, repr(v)) for code, v in settings.items()))
    cfg = {f.name: getattr(config, f.name) for f in dataclasses.fields(config)
           if f.name not in _NOT_RESULTS}
    put(json.dumps(cfg, sort_keys=True, default=repr))
    # the user's snapshots ('pfocr-lint data update') win over the shipped ones
    put(*_tree_identity(paths.user_data_dir()))
    return h.digest()


def _installed_identity(package: Path, version: str) -> list:
    """What pfocr-lint's own files are. Installed from a wheel (CI: a fresh
    'pip install' every run, so every file has a new mtime), pip's RECORD
    lists the SHA-256 of each installed file: its hash is their content.
    Otherwise (an editable install, a source checkout) the files' sizes and
    modification times: an edited rule or schema is a new run."""
    record = package.parent / f"pfocr_lint-{version}.dist-info" / "RECORD"
    try:
        return [("RECORD", hashlib.blake2b(record.read_bytes(), digest_size=20).hexdigest())]
    except OSError:
        pass
    # In a source tree the package's parts are separate folders (linter/,
    # rules/, schemas/: pyproject.toml's package-dir); the schema is found
    # beside the engine there (linter/schema_file.py)
    from pfocr_lint import rules

    roots = {package, Path(rules.__path__[0]).resolve(), package.parent / "schemas"}
    out = []
    for root in sorted(roots):
        out.append(str(root))
        out.extend(_tree_identity(root))
    return out


def _pack_identity(top: str) -> str:
    """A rule pack by the content of its files (a fresh install in CI gives
    them new mtimes, not new content)."""
    module = sys.modules.get(top)
    paths = list(getattr(module, "__path__", None) or [])
    h = hashlib.blake2b(digest_size=20)
    if not paths and getattr(module, "__file__", None):
        files = [module.__file__]
    else:
        files = [os.path.join(folder, name) for root in paths for folder, dirs, names in os.walk(root)
                 for name in names if not name.endswith(".pyc") and "__pycache__" not in folder]
    for f in sorted(files):
        h.update(os.fsencode(f) + b"\0")
        try:
            with open(f, "rb") as fh:
                h.update(fh.read())
        except OSError:
            h.update(b"unreadable")
    return h.hexdigest()


def _file_identity(path) -> tuple:
    try:
        st = os.stat(path)
    except OSError:
        return (str(path), None)
    return (str(path), st.st_size, st.st_mtime_ns)


def _tree_identity(root: Path) -> list:
    """(relative path, size, mtime) of every file under ``root``, sorted;
    compiled bytecode left out (it follows the sources)."""
    out = []
    if not root.is_dir():
        return out
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".pyc", "-journal", "-wal", "-shm")):
                continue
            full = os.path.join(folder, name)
            rel = os.path.relpath(full, root)
            out.append((rel,) + _file_identity(full)[1:])
    return out


# -- entries -------------------------------------------------------------------------
# An entry is a pickle of plain data, not of the objects: each finding as the
# dict of its fields (its severity as the number, its fix as a tuple), which
# becomes the rebuilt finding's own instance dict. Reading one back needs no
# class at all (only datetime, for a date in a fix's expected value or in the
# metadata), and rebuilding from dicts measured 40 us a record against 67 us
# from tuples of fields and about 90 us for unpickling the objects.

_ALLOWED = {("datetime", "date"), ("datetime", "datetime"), ("datetime", "time"),
            ("datetime", "timedelta"), ("datetime", "timezone")}


class _Unpickler(pickle.Unpickler):
    """Builds no class but datetime's (the pattern of Python's pickle
    documentation, "Restricting Globals"): a cache folder another user could
    write to cannot make a run execute anything."""

    def find_class(self, module, name):
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cache entry")


def encode(result, has_meta: bool) -> bytes:
    """A linted record's result as an entry (raises when it holds anything
    but plain data: such a result is not cached)."""
    findings = []
    for f in result.findings:
        values = dict(f.__dict__)
        values["severity"] = int(values["severity"])
        fix = values["fix"]
        if fix is not None:
            values["fix"] = (fix.description, tuple((e.start, e.end, e.replacement) for e in fix.edits),
                             fix.safety, fix.expect)
        findings.append(values)
    meta = None
    if has_meta and result.meta is not None:
        meta = dict(result.meta.__dict__)
    if result.facts:   # a rule pack's own fact classes would not read back: refuse now
        _Unpickler(io.BytesIO(pickle.dumps(result.facts, protocol=5))).load()
    return pickle.dumps((findings, result.facts, result.figid, has_meta, meta), protocol=5)


def decode(blob: bytes):
    """-> (findings, facts, figid, has_meta, meta)."""
    from pfocr_lint.findings import Edit, Finding, Fix
    from pfocr_lint.meta import RecordMeta

    stored, facts, figid, has_meta, meta = _Unpickler(io.BytesIO(blob)).load()
    restore = Finding.restore
    findings = []
    for values in stored:
        fix = values["fix"]
        if fix is not None:
            values["fix"] = Fix(fix[0], tuple(Edit(*e) for e in fix[1]), fix[2], fix[3])
        findings.append(restore(values))
    if meta is not None:
        meta = RecordMeta(**meta)
    return findings, facts, figid, has_meta, meta


# -- the store ------------------------------------------------------------------------

class CacheUnavailable(Exception):
    pass


class ResultCache:
    """One run's view of the cache folder.

    Two tables: ``inputs`` (small rows: the key, what else the record's
    findings came from, the day last used) is what every look-up reads;
    ``entries`` holds the pickled results, read only for hits. Reads run in
    one read transaction (a statement outside one pays for its own), which
    is ended only to write a batch of new entries.
    """

    def __init__(self, folder: Path, key: bytes, *, max_bytes: int, fix: bool = False,
                 wants_meta: bool = False, note: Optional[Callable[[str], None]] = None):
        self.folder = Path(folder)
        self.path = self.folder / DB_NAME
        self.key = key
        self.max_bytes = max_bytes
        self.fix = fix
        self.wants_meta = wants_meta
        self._note = note or (lambda msg: print(f"pfocr-lint: {msg}", file=sys.stderr))
        self.hits = 0
        self.misses = 0
        self.today = int(time.time() // 86400)
        self._pending: list = []
        self._touched: list = []
        self._broken = False
        self._reading = False
        self._listings: dict = {}   # folder -> the names in it, listed once a run
        self.db = self._connect()

    # -- opening ----------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            try:
                return self._open()
            except sqlite3.OperationalError:
                raise      # locked, read-only, out of space: leave the file alone
            except sqlite3.DatabaseError:
                # not a database, or a damaged one: it holds nothing worth
                # keeping, so start a new one (as a missing file would)
                clean(self.folder)
                return self._open()
        except (OSError, sqlite3.Error) as exc:
            raise CacheUnavailable(f"result cache {self.path} cannot be used ({exc}); "
                                   "linting without it") from None

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            self._migrate(db)
        except BaseException:
            db.close()
            raise
        return db

    @staticmethod
    def _migrate(db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
        row = db.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
        if row is not None and row[0] == str(FORMAT):
            return
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("DROP TABLE IF EXISTS inputs")
            db.execute("DROP TABLE IF EXISTS entries")
            # Measured on 20,000 entries: the small rows of 'inputs' are read
            # fastest without a rowid (6 us a key); the entries (3 KB) in a
            # rowid table with an index on the key (13 us, 79 MB), where
            # WITHOUT ROWID spilled them over pages (35 us, 103 MB)
            db.execute("CREATE TABLE inputs (key BLOB PRIMARY KEY, tables TEXT NOT NULL, "
                       "used INTEGER NOT NULL) WITHOUT ROWID")
            db.execute("CREATE TABLE entries (key BLOB PRIMARY KEY, entry BLOB NOT NULL)")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (str(FORMAT),))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _read(self) -> sqlite3.Connection:
        if not self._reading:
            self.db.execute("BEGIN")
            self._reading = True
        return self.db

    def _end_read(self) -> None:
        if self._reading:
            self._reading = False
            self.db.execute("COMMIT")

    # -- looking up -------------------------------------------------------------
    def entry_key(self, display: str, record_digest: bytes) -> bytes:
        return digest(self.key + os.fsencode(display) + b"\0" + record_digest)

    def lookup(self, display: str, path) -> Optional[bytes]:
        """The key of a usable entry for this file, or None (lint it)."""
        if self._broken or path is None:
            return None
        try:
            raw = read_file(path, self.max_bytes)[1]
        except OSError:
            return None
        if raw is None:
            return None
        key = self.entry_key(display, digest(raw))
        try:
            row = self._read().execute("SELECT tables, used FROM inputs WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            self._give_up(exc)
            return None
        if row is None or not self._tables_unchanged(row[0]):
            return None
        if row[1] != self.today:
            self._touched.append(key)
        return key

    def _tables_unchanged(self, tables: str) -> bool:
        for table, hexdigest in json.loads(tables):
            if hexdigest is None:
                if self._may_exist(table):
                    return False
                continue
            try:
                raw = read_file(table, self.max_bytes)[1]
            except OSError:
                return False
            if raw is None or digest(raw).hex() != hexdigest:
                return False
        return True

    def _may_exist(self, path: str) -> bool:
        """Could ``path`` be a file now? One listing per folder and run
        (most records look for tables they do not have: a stat each cost
        more than reading the folder's names once)."""
        folder, name = os.path.split(path)
        names = self._listings.get(folder)
        if names is None:
            try:
                names = frozenset(os.listdir(folder or "."))
            except OSError:
                names = frozenset()
            self._listings[folder] = names
        return name in names

    def load(self, key: bytes, display: str):
        """The cached FileResult, or None when the entry cannot be used."""
        from pfocr_lint.engine import FileResult

        try:
            row = self._read().execute("SELECT entry FROM entries WHERE key = ?", (key,)).fetchone()
            findings, facts, figid, has_meta, meta = decode(row[0])
        except Exception:   # gone, or not an entry this version wrote: lint the file
            return None
        if self.wants_meta and not has_meta:
            return None
        if self.fix and any(f.fix is not None for f in findings):
            return None    # the fixer needs the record's text
        return FileResult(display, findings, facts, None, meta, figid)

    # -- storing ----------------------------------------------------------------
    def store(self, result, has_meta: bool) -> None:
        inputs = result.inputs
        if self._broken or inputs is None:
            return
        record_digest, tables = inputs
        try:
            blob = encode(result, has_meta)
        except Exception:   # not plain data (a rule pack's own fact class): not cached
            return
        deps = json.dumps([[t, None if d is None else d.hex()] for t, d in tables])
        self._pending.append((self.entry_key(result.path, record_digest), deps, blob))
        if len(self._pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self._broken or not (self._pending or self._touched):
            return
        pending, self._pending = self._pending, []
        touched, self._touched = self._touched, []
        db = self.db
        try:
            self._end_read()
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany("INSERT OR REPLACE INTO inputs VALUES (?, ?, ?)",
                               [(k, t, self.today) for k, t, _ in pending])
                db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)",
                               [(k, e) for k, _, e in pending])
                db.executemany("UPDATE inputs SET used = ? WHERE key = ?", [(self.today, k) for k in touched])
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            self._give_up(exc)

    def close(self) -> None:
        wrote = bool(self._pending)
        self.flush()
        try:
            self._end_read()
            if wrote and not self._broken:
                self._prune()
        except sqlite3.Error:
            pass
        try:
            self.db.close()
        except sqlite3.Error:
            pass

    def _prune(self) -> None:
        """Entries no run used for PRUNE_AFTER_DAYS: old versions of records,
        old configurations."""
        db = self.db
        cutoff = self.today - PRUNE_AFTER_DAYS
        if db.execute("SELECT 1 FROM inputs WHERE used < ? LIMIT 1", (cutoff,)).fetchone() is None:
            return
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("DELETE FROM entries WHERE key IN (SELECT key FROM inputs WHERE used < ?)", (cutoff,))
            db.execute("DELETE FROM inputs WHERE used < ?", (cutoff,))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _give_up(self, exc) -> None:
        if not self._broken:
            self._broken = True
            self._note(f"result cache {self.path} not used further in this run ({exc}); "
                       "the findings are not affected")

    # -- the run's results, in order ------------------------------------------------
    def results(self, files: Iterable, lint: Callable[[list], Iterator],
                lint_one: Callable) -> Iterator:
        """Every file's result in the order of ``files``: cached ones read
        back, the others linted by ``lint(misses)`` (in order) and stored.

        All look-ups come first (a file's bytes are read and hashed here, and
        read again by whoever lints it): the files to lint must be known
        before they are handed to the worker processes."""
        from pfocr_lint.discover import FileList

        plan = [(display, path, self.lookup(display, path)) for display, path in files]
        todo = FileList((d, p) for d, p, key in plan if key is None)
        fresh = lint(todo) if len(todo) else iter(())
        for display, path, key in plan:
            result = self.load(key, display) if key is not None else None
            if result is not None:
                self.hits += 1
                yield result
                continue
            if key is not None:
                # it looked like a hit, but its entry cannot be used: lint it now
                result = lint_one(display, path)
            else:
                result = next(fresh)
            self.misses += 1
            self.store(result, self.wants_meta)
            yield result


def open_for_run(folder: Path, key: bytes, **kw) -> Optional[ResultCache]:
    try:
        return ResultCache(folder, key, **kw)
    except CacheUnavailable as exc:
        print(f"pfocr-lint: {exc}", file=sys.stderr)
        return None


def describe(folder: Path) -> list:
    """Lines for 'pfocr-lint cache info'."""
    path = Path(folder) / DB_NAME
    lines = [f"result cache: {path}"]
    if disabled_by_environment():
        lines.append(f"off in this environment ({ENV_NO_CACHE} is set)")
    if not path.is_file():
        return lines + ["empty (no run has written it yet)"]
    size = sum(p.stat().st_size for p in Path(folder).glob(DB_NAME + "*") if p.is_file())
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            n, oldest = db.execute("SELECT count(*), min(used) FROM inputs").fetchone()
        finally:
            db.close()
    except sqlite3.Error as exc:
        return lines + [f"unreadable ({exc}); 'pfocr-lint cache clean' deletes it"]
    lines.append(f"{n:,} entr{'y' if n == 1 else 'ies'}, {size / 1e6:.1f} MB")
    if oldest is not None:
        days = int(time.time() // 86400) - oldest
        lines.append(f"least recently used entry: {days} day{'s' if days != 1 else ''} ago "
                     f"(entries unused for {PRUNE_AFTER_DAYS} days are deleted)")
    return lines


def clean(folder: Path) -> list:
    """Delete the result cache files in ``folder``; the paths deleted."""
    gone = []
    for name in (DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm"):
        p = Path(folder) / name
        if p.exists():
            p.unlink()
            gone.append(p)
    return gone
