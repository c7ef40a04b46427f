"""Apply fixes without ever losing data.

For each file: take the fixes of the selected findings (safe ones, and unsafe
ones with --unsafe-fixes), drop overlapping edits, apply them to the text,
re-parse the result and compare it with what the fixes promised
(``Fix.expect``): every other value must be unchanged. Only then is the file
written, atomically (temporary file in the same folder + rename), keeping its
permissions. A fix that fails the comparison is reported and not applied.

A file that cannot be fixed (it cannot be written, or its YAML has duplicate
keys or unknown tags, so the comparison could not be trusted) gets an IO014
finding that says why; the run goes on.
"""

from __future__ import annotations

import bisect
import dataclasses
import os
import re
from collections import Counter
from pathlib import Path

from pfocr_lint.fileio import replaced_atomically
from pfocr_lint.findings import Finding
from pfocr_lint.input_codes import INPUT_CODES
from pfocr_lint.parse import parse_text

MAX_ROUNDS = 10

# Input findings after which a fixed file cannot be compared with the
# original: with a duplicate key one of the two values is invisible to the
# comparison, and a tag's meaning is unknown.
_UNFIXABLE = {
    "IO011": "it has an unknown YAML tag",
    "IO012": "its YAML aliases or nesting cannot be checked",
    "IO013": "it has a duplicate key",
}


class _Refused(Exception):
    """The file is left as it is, for the reason given."""


def _touches(a: tuple, b: tuple) -> bool:
    """Whether two field paths overlap: one is the other or inside it."""
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _expected(data: dict, applied) -> dict:
    """``data`` with every promised value set, copying only the containers on
    the way (a deep copy recursed once per level: a RecursionError at a
    nesting depth of a few hundred)."""
    root = dict(data)
    for f in applied:
        for parts, value in f.fix.expect:
            parts = list(parts)
            cur = root
            try:
                for p in parts[:-1]:
                    child = cur[p]
                    child = dict(child) if isinstance(child, dict) else list(child)
                    cur[p] = child
                    cur = child
                if isinstance(cur, list) and not -len(cur) <= parts[-1] < len(cur):
                    raise IndexError(parts[-1])
                cur[parts[-1]] = value
            except (KeyError, IndexError, TypeError):
                raise _Refused(f"{f.code}'s fix names a field that does not exist "
                               "(please report this as a bug)") from None
    return root


_LINE_END = re.compile(r"\r\n|\r|\n")
# An anchor (&name) where YAML reads one: after a key, a list dash, a flow
# bracket or a comma.
_ANCHOR = re.compile(r"(?:^|[:\[{,-])[ \t]*&[^\s\[\]{},]+", re.M)


class _LineEnds:
    """Maps offsets of the LF-normalised text (what rules and their edits
    see) to the original text with its own, possibly mixed, line ends."""

    def __init__(self, original: str):
        self.original = original
        self.norm_at: list = []   # normalised offset of each line end
        self.extra: list = [0]    # characters more than one before each line end
        self.kinds: list = []     # each line end as written
        extra = 0
        for m in _LINE_END.finditer(original):
            self.norm_at.append(m.start() - extra)
            self.kinds.append(m.group())
            extra += len(m.group()) - 1
            self.extra.append(extra)

    def offset(self, norm: int) -> int:
        return norm + self.extra[bisect.bisect_left(self.norm_at, norm)]

    def style_at(self, norm: int) -> str:
        """The line end of the line holding ``norm``."""
        j = bisect.bisect_left(self.norm_at, norm)
        return self.kinds[j] if j < len(self.kinds) else (self.kinds[-1] if self.kinds else "\n")

    def apply(self, edits) -> str:
        """The original text with ``edits`` (normalised offsets, in order)
        applied: bytes outside the edits are the original's, line ends
        included; a replacement's line ends follow the line it is on."""
        out, pos = [], 0
        for e in edits:
            out.append(self.original[self.offset(pos):self.offset(e.start)])
            out.append(e.replacement.replace("\n", self.style_at(e.start)))
            pos = e.end
        out.append(self.original[self.offset(pos):])
        return "".join(out)


class Fixer:
    """``write=False`` (``--diff``): every round runs on the text in memory,
    nothing is written, and ``diffs`` holds a unified diff per changed file."""

    def __init__(self, unsafe: bool = False, write: bool = True):
        self.unsafe = unsafe
        self.write = write
        self.fixed = 0
        self.by_code: Counter = Counter()     # what was fixed, per rule: the summary
        self.files_changed = 0
        self.messages: list = []
        self.diffs: list = []
        self._pending: dict = {}              # path -> bytes not written (write=False)
        #: (path, [(code, [expected field path, ...]), ...]) of every round
        #: written: what each change was promised as (the fuzz script checks it)
        self.log: list = []

    def summary(self) -> str:
        """'3 fixes (NA005 2, OR001 1) in 2 files', or ''."""
        if not self.fixed:
            return ""
        per_rule = ", ".join(f"{code} {n}" for code, n in sorted(self.by_code.items(), key=lambda kv: (-kv[1], kv[0])))
        return (f"{self.fixed} fix{'es' if self.fixed != 1 else ''} ({per_rule}) in {self.files_changed} "
                f"file{'s' if self.files_changed != 1 else ''}")

    def _wanted(self, f: Finding) -> bool:
        return f.fix is not None and (f.fix.safety == "safe" or self.unsafe)

    def apply(self, result, relint) -> list:
        """Fix one file; return the findings that remain (see :meth:`fix`)."""
        return self.fix(result, relint).findings

    def fix(self, result, relint):
        """Fix one file; return the result of its final text.

        Like ruff, fixes are applied in rounds: apply what does not overlap,
        write, lint the new text again, and repeat while safe fixes remain
        (at most MAX_ROUNDS). The findings returned are those of the final
        text, so nothing that a fix removed is reported.

        ``relint(display, path, raw=None)`` lints the file again (``raw``:
        the fixed bytes not written, with ``write=False``) and returns a fresh
        result (the run passes its linter's ``lint_file``): the fixer needs
        nothing else of the engine. None: one round, no re-lint (unit tests
        of the fixer itself).
        """
        findings = result.findings
        path = Path(result.path)
        if relint is None:
            return dataclasses.replace(result, findings=self._apply_once(result, findings)[1])
        if result.text is None or not path.is_file():
            return result
        before = self.fixed
        try:
            for _ in range(MAX_ROUNDS):
                changed, findings = self._apply_once(result, findings)
                if not changed:
                    return dataclasses.replace(result, findings=findings)
                result = relint(result.path, path, raw=self._pending.get(path))
                findings = result.findings
                if not any(self._wanted(f) and f.path == result.path for f in findings):
                    return result
            return result
        finally:
            if self.fixed > before:
                self.files_changed += 1
            if path in self._pending:
                self._diff(result.path, path, self._pending.pop(path))

    def _diff(self, display: str, path: Path, new: bytes) -> None:
        import difflib

        old = path.read_bytes().decode("utf-8", "replace").splitlines(keepends=True)
        new_lines = new.decode("utf-8", "replace").splitlines(keepends=True)
        self.diffs.append("".join(difflib.unified_diff(old, new_lines, f"a/{display}", f"b/{display}")))

    def _apply_once(self, result, findings) -> tuple:
        """One round: (whether the file changed, findings left)."""
        try:
            return self._round(result, findings)
        except _Refused as exc:
            reason = str(exc)
        except RecursionError:
            reason = "it nests too deeply to compare safely"
        return False, sorted(findings + [_refusal(result.path, reason)], key=Finding.sort_key)

    def _round(self, result, findings) -> tuple:
        wanted = [f for f in findings if self._wanted(f) and f.path == result.path]
        codes = {f.code for f in findings}
        path = Path(result.path)
        if result.text is None or not path.is_file():
            return False, findings
        try:
            raw = self._pending.get(path) or path.read_bytes()
        except OSError as exc:
            raise _Refused(f"it cannot be read again: {exc.strerror or exc}") from None
        had_bom = raw.startswith(b"\xef\xbb\xbf")
        had_cr = b"\r" in raw
        strip_bom = had_bom and "IO004" in codes
        to_lf = had_cr and "IO006" in codes
        if not wanted and not strip_bom and not to_lf:
            return False, findings
        original, problems = parse_text(result.path, result.text)
        if original is None:
            return False, findings
        for p in problems:
            if p.code in _UNFIXABLE:
                raise _Refused(f"{_UNFIXABLE[p.code]} ({p.code}, line {p.line}); "
                               "correct that by hand, then run --fix again")
        applied, taken, fields = [], [], []
        for f in sorted(wanted, key=lambda f: min(e.start for e in f.fix.edits)):
            spans = [(e.start, e.end) for e in f.fix.edits]
            paths = [tuple(parts) for parts, _ in f.fix.expect]
            if any(s < te and ts < e or (s == e == ts) for s, e in spans for ts, te in taken):
                continue  # overlaps an edit already taken: the next round picks it up
            if any(_touches(p, q) for p in paths for q in fields):
                # Two fixes of one list (drop a repeat, rename an item): each
                # promises the list as it sees it now, so they are applied
                # one after the other, in rounds, never in one.
                continue
            taken.extend(spans)
            fields.extend(paths)
            applied.append(f)
        expected = _expected(original.data, applied)
        edits = sorted((e for f in applied for e in f.fix.edits), key=lambda e: e.start)
        text = result.text
        for e in reversed(edits):
            text = text[: e.start] + e.replacement + text[e.end:]
        fixed, problems = parse_text(result.path, text)
        if fixed is None or problems or fixed.data != expected:
            if _ANCHOR.search(result.text, original.fm_offset, original.fm_end):
                raise _Refused("the record uses YAML anchors and aliases, and a fix of an anchored "
                               "value would change its aliases too; write the values out in full")
            raise _Refused("the fixed file would not read back as the fixes promised "
                           f"({', '.join(sorted({f.code for f in applied}))}; please report this as a bug)")
        if had_cr and not to_lf:
            # Only the promised bytes change: every other line keeps its own
            # line end (a mixed LF/CRLF file stays mixed).
            body = raw[3:] if had_bom else raw
            out_text = _LineEnds(body.decode("utf-8")).apply(edits)
        else:
            out_text = text
        out = out_text.encode("utf-8")
        if had_bom and not strip_bom:
            out = b"\xef\xbb\xbf" + out
        if out == raw:
            return False, findings
        if self.write:
            try:
                write_file(path, out)
            except OSError as exc:
                raise _Refused(f"it cannot be written: {exc.strerror or exc}") from None
        else:
            self._pending[path] = out
        done = set(map(id, applied))
        self.fixed += len(applied) + int(strip_bom) + int(to_lf)
        self.by_code.update(f.code for f in applied)
        if strip_bom:
            self.by_code["IO004"] += 1
        if to_lf:
            self.by_code["IO006"] += 1
        self.log.append((result.path, [(f.code, [tuple(p) for p, _ in f.fix.expect]) for f in applied]
                         + [("IO004", [])] * strip_bom + [("IO006", [])] * to_lf))
        return True, [f for f in findings
                      if id(f) not in done and not (f.code == "IO004" and strip_bom)
                      and not (f.code == "IO006" and to_lf)]


def _refusal(path: str, why: str) -> Finding:
    meta = INPUT_CODES["IO014"]
    return Finding(path, 1, 1, meta.code, meta.name, meta.severity,
                   f"fixes not applied: {why}",
                   suggestion="Apply the fixes the other findings describe by hand, or correct "
                              "what stops --fix and run it again.")


def write_file(path: Path, data: bytes) -> None:
    """Replace the file's contents with ``data``, keeping what it is.

    A symbolic link stays a link: the file it points at is rewritten. A file
    with several hard links is rewritten in place (a rename would give this
    name a new file and leave the other names with the old text); any other
    file is replaced atomically, by a temporary file and a rename.
    """
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    st = target.stat()
    if st.st_nlink > 1:
        _write_in_place(target, data)
    else:
        _atomic_write(target, data)


def _write_in_place(path: Path, data: bytes) -> None:
    with open(path, "r+b") as fh:
        fh.write(data)
        fh.truncate()
        fh.flush()
        os.fsync(fh.fileno())


def _atomic_write(path: Path, data: bytes) -> None:
    mode = path.stat().st_mode
    with replaced_atomically(path) as tmp:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode & 0o7777)
