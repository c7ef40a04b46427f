"""Apply fixes without ever losing data.

For each file: take the fixes of the selected findings (safe ones, and unsafe
ones with --unsafe-fixes), drop overlapping edits, apply them to the text,
re-parse the result and compare it with what the fixes promised
(``Fix.expect``): every other value must be unchanged. Only then is the file
written, atomically (temporary file in the same folder + rename), keeping its
permissions. A fix that fails the comparison is reported and not applied.
"""

from __future__ import annotations

import copy
import os
from collections import Counter
import tempfile
from pathlib import Path

from pfocr_lint.findings import Finding
from pfocr_lint.parse import parse_text

MAX_ROUNDS = 10


def _set(data, parts, value):
    cur = data
    for p in parts[:-1]:
        cur = cur[p]
    cur[parts[-1]] = value


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

    def summary(self) -> str:
        """'3 fixes (NA005 2, OR001 1) in 2 files', or ''."""
        if not self.fixed:
            return ""
        per_rule = ", ".join(f"{code} {n}" for code, n in sorted(self.by_code.items(), key=lambda kv: (-kv[1], kv[0])))
        return (f"{self.fixed} fix{'es' if self.fixed != 1 else ''} ({per_rule}) in {self.files_changed} "
                f"file{'s' if self.files_changed != 1 else ''}")

    def _wanted(self, f: Finding) -> bool:
        return f.fix is not None and (f.fix.safety == "safe" or self.unsafe)

    def apply(self, result, linter) -> list:
        """Fix one file; return the findings that remain.

        Like ruff, fixes are applied in rounds: apply what does not overlap,
        write, lint the new text again, and repeat while safe fixes remain
        (at most MAX_ROUNDS). The findings returned are those of the final
        text, so nothing that a fix removed is reported.
        """
        findings = result.findings
        path = Path(result.path)
        if linter is None:  # one round, no re-lint (unit tests of the fixer itself)
            return self._apply_once(result, findings)[1]
        if result.text is None or not path.is_file():
            return findings
        before = self.fixed
        try:
            for _ in range(MAX_ROUNDS):
                changed, findings = self._apply_once(result, findings)
                if not changed:
                    return findings
                fresh = linter.lint_file(result.path, path, raw=self._pending.get(path))
                result = fresh
                findings = fresh.findings
                if not any(self._wanted(f) and f.path == result.path for f in findings):
                    return findings
            return findings
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
        wanted = [f for f in findings if self._wanted(f) and f.path == result.path]
        codes = {f.code for f in findings}
        path = Path(result.path)
        if result.text is None or not path.is_file():
            return False, findings
        raw = self._pending.get(path) or path.read_bytes()
        had_bom = raw.startswith(b"\xef\xbb\xbf")
        had_crlf = b"\r" in raw
        strip_bom = had_bom and "IO004" in codes
        to_lf = had_crlf and "IO006" in codes
        if not wanted and not strip_bom and not to_lf:
            return False, findings
        original, _ = parse_text(result.path, result.text)
        if original is None:
            return False, findings
        text = result.text
        expected = copy.deepcopy(original.data)
        applied = []
        taken: list = []
        for f in sorted(wanted, key=lambda f: min(e.start for e in f.fix.edits)):
            spans = [(e.start, e.end) for e in f.fix.edits]
            if any(s < te and ts < e or (s == e == ts) for s, e in spans for ts, te in taken):
                continue  # overlaps an edit already taken: the next round picks it up
            taken.extend(spans)
            applied.append(f)
        for f in applied:
            for parts, value in f.fix.expect:
                _set(expected, list(parts), value)
        edits = sorted((e for f in applied for e in f.fix.edits), key=lambda e: e.start, reverse=True)
        for e in edits:
            text = text[: e.start] + e.replacement + text[e.end:]
        fixed, problems = parse_text(result.path, text)
        if fixed is None or problems or fixed.data != expected:
            self.messages.append(
                f"{result.path}: fixes not applied: the fixed file would not read back as intended "
                "(please report this as a bug)")
            return False, findings
        out_text = text if not (had_crlf and not to_lf) else text.replace("\n", "\r\n")
        out = out_text.encode("utf-8")
        if had_bom and not strip_bom:
            out = b"\xef\xbb\xbf" + out
        if out == raw:
            return False, findings
        if self.write:
            _atomic_write(path, out)
        else:
            self._pending[path] = out
        done = set(map(id, applied))
        self.fixed += len(applied) + int(strip_bom) + int(to_lf)
        self.by_code.update(f.code for f in applied)
        if strip_bom:
            self.by_code["IO004"] += 1
        if to_lf:
            self.by_code["IO006"] += 1
        return True, [f for f in findings
                      if id(f) not in done and not (f.code == "IO004" and strip_bom)
                      and not (f.code == "IO006" and to_lf)]


def _atomic_write(path: Path, data: bytes) -> None:
    mode = path.stat().st_mode
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=str(path.parent))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
