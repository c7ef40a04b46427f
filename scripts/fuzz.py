"""Hostile records and tables, generated from the seeds and test fixtures.

A seeded generator mutates real records (byte flips, truncations, YAML tags,
anchors and aliases, deep nesting, wrong types for every field, huge
numbers, control and bidi characters, duplicate keys, mixed line ends, path
tricks in figid) and their companion tables (ragged rows, NUL, CR, invalid
UTF-8, huge cells), and checks what pfocr-lint must hold on any input:

- lint: no exception escapes the command line, no rule crashes (IO099),
  every finding has a line and a column, and every format renders (JSON,
  SARIF and JUnit parse; the text formats hold no raw control character);
- ``--fix``: nothing escapes either, and every change to a file is one a
  finding promised: the re-read data differ only in fields some applied
  fix named, the Jekyll body is untouched, line ends and the BOM change
  only when IO006/IO004 were fixed.

``tests/test_fuzz.py`` runs a few thousand inputs in the suite; this script
runs as many as you ask (``--inputs 100000 --fix``) and prints its figures::

    python scripts/fuzz.py --inputs 100000 --fix --seed 1
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import resource
import shutil
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FORMATS = ("text", "json", "sarif", "github", "junit", "tsv", "csv", "markdown", "html")
# What no human-readable report may carry raw (see linter/printable.py).
_RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


# -- the material ---------------------------------------------------------------

def corpus() -> tuple:
    """(records, tables): texts of the seeds and fixture records, and the
    bytes of the fixture tables by kind."""
    records = []
    for folder in (REPO / "seeds", REPO / "tests" / "fixtures" / "clean",
                   REPO / "tests" / "fixtures" / "corpus" / "_figures"):
        records += [p.read_bytes() for p in sorted(folder.glob("*.md"))]
    tables: dict = {"genes": [], "chemicals": [], "diseases": []}
    for p in sorted((REPO / "tests" / "fixtures" / "corpus" / "_data").glob("*.tsv")):
        kind = p.stem.rsplit("-", 1)[-1]
        if kind in tables:
            tables[kind].append(p.read_bytes())
    return records, tables


_HOSTILE_TEXT = ["\x1b[31mred\x1b[0m", "\x1b]0;title\x07", "\u202eevil\u202c", "\u2066x\u2069", "\x00",
                 "\r", "\x85", "\u2028", "\ufeff", "é\u0301", "\x7f", "\t", "a\nb", "🧬", "\\", "'", '"',
                 "%", "::error::", "<script>", "=HYPERLINK(\"x\")", "${{ x }}", "|", "`"]
_TAGS = ["!!int", "!!int ''", "!!int +", "!!float _", "!!float", "!!binary", "!!timestamp", "!custom",
         "!!python/object/apply:os.system", "!!str", "!!seq", "!!map", "!!bool", "!!null", "!<tag:x>"]
_HUGE = ["0x" + "f" * 5000, "1:" * 300 + "1.5", "1:" * 300 + "1", "9" * 5000, "9" * 400,
         "99999999999999999999", "-9223372036854775809", "1e999", "-.inf", ".nan", "0o777777777777777777",
         "0b" + "1" * 3000, "1_000_000", "+12_3", "0.000000000000000000000000001e-330"]
_VALUES = ["", "''", "~", "null", "NA", ".na.character", "yes", "no", "[]", "{}", "[[], {}]", "0", "-1",
           "3.5", "true", "[a, b, a]", "{a: 1}", "- x", "'  padded  '", "|\n  block  \n", ">-\n  folded\n",
           "[NFKB1, NFKB1, CYR61]", "Homo sapiens", "[Homo sapiens, homo sapiens, HOMO SAPIENS]",
           "'../../../../etc/passwd'", "/etc/passwd", "'C:\\\\x'", "2019", "'2019'", "[1, 2.5, null]"]


class Mutator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.records, self.tables = corpus()

    # One input: (record bytes, {kind: table bytes}).
    def make(self) -> tuple:
        rng = self.rng
        raw = rng.choice(self.records)
        tables = {}
        for kind, options in self.tables.items():
            if options and rng.random() < 0.5:
                tables[kind] = rng.choice(options)
        for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
            raw = rng.choice(self.RECORD_MUTATIONS)(self, raw)
        for kind in list(tables):
            if rng.random() < 0.4:
                tables[kind] = rng.choice(self.TABLE_MUTATIONS)(self, tables[kind])
        return raw, tables

    # -- record mutations (bytes -> bytes) --------------------------------------
    def _lines(self, raw):
        text = raw.decode("utf-8", "replace")
        return text.split("\n")

    def _value_lines(self, lines):
        return [i for i, line in enumerate(lines) if re.match(r"^\s*(- )?[\w@'\"-]+: ", line)]

    def byte_flip(self, raw):
        b = bytearray(raw)
        for _ in range(self.rng.randint(1, 8)):
            if b:
                b[self.rng.randrange(len(b))] = self.rng.choice([0, 0xFF, 0x0D, 0x0A, 0x3A, 0x2D, 0x23,
                                                                  0x26, 0x2A, 0x21, 0x7C, 0x80, 0xC3,
                                                                  self.rng.randrange(256)])
        return bytes(b)

    def truncate(self, raw):
        return raw[: self.rng.randrange(len(raw) + 1)]

    def _set_value(self, raw, make):
        lines = self._lines(raw)
        cand = self._value_lines(lines)
        if not cand:
            return raw
        i = self.rng.choice(cand)
        key, _, _ = lines[i].partition(": ")
        lines[i] = f"{key}: {make()}"
        return "\n".join(lines).encode("utf-8", "surrogatepass")

    def tag(self, raw):
        return self._set_value(raw, lambda: f"{self.rng.choice(_TAGS)} {self.rng.choice(['', 'x', '1', '[]'])}")

    def huge(self, raw):
        return self._set_value(raw, lambda: self.rng.choice(_HUGE))

    def wrong_type(self, raw):
        return self._set_value(raw, lambda: self.rng.choice(_VALUES))

    def hostile_text(self, raw):
        lines = self._lines(raw)
        cand = self._value_lines(lines)
        for _ in range(self.rng.randint(1, 4)):
            if cand:
                i = self.rng.choice(cand)
                piece = self.rng.choice(_HOSTILE_TEXT)
                if self.rng.random() < 0.5:  # quoted, so YAML keeps it
                    key, _, value = lines[i].partition(": ")
                    text = (value.strip("'\"") + piece).replace("\\", "\\\\").replace('"', '\\"')
                    text = "".join(c if c.isprintable() or c == " " else f"\\u{ord(c):04x}" for c in text)
                    lines[i] = f'{key}: "{text}"'
                else:
                    lines[i] += piece
        return "\n".join(lines).encode("utf-8", "surrogatepass")

    def deep(self, raw):
        depth = self.rng.choice((10, 63, 65, 200, 700, 990, 3000))
        kind = self.rng.random()
        value = ("[" * depth + "]" * depth if kind < 0.5 else "{a: " * depth + "1" + "}" * depth)
        return self._set_value(raw, lambda: value)

    def anchors(self, raw):
        lines = self._lines(raw)
        cand = self._value_lines(lines)
        if len(cand) < 2:
            return raw
        a = self.rng.choice(cand)
        key, _, value = lines[a].partition(": ")
        if self.rng.random() < 0.3:
            value = "'" + "x" * self.rng.choice((10, 1000, 100_000)) + "'"
        lines[a] = f"{key}: &a {value}"
        # long alias lists are the resource attack, and costly: rare
        n = self.rng.choice((1, 2, 3, 20)) if self.rng.random() < 0.9 else self.rng.choice((500, 5000))
        for i in self.rng.sample(cand, min(len(cand), 3)):
            if i != a and i > a:
                k, _, _ = lines[i].partition(": ")
                lines[i] = f"{k}: [" + ", ".join(["*a"] * n) + "]"
        if self.rng.random() < 0.2:  # a self-reference
            lines[a] = f"{key}: &a [*a]"
        return "\n".join(lines).encode("utf-8", "surrogatepass")

    def duplicate_key(self, raw):
        lines = self._lines(raw)
        cand = self._value_lines(lines)
        if not cand:
            return raw
        i = self.rng.choice(cand)
        lines.insert(self.rng.randint(1, max(1, len(lines) - 2)), lines[i])
        return "\n".join(lines).encode("utf-8", "surrogatepass")

    def line_ends(self, raw):
        lines = raw.split(b"\n")
        mode = self.rng.random()
        ends = [b"\r\n" if (mode < 0.3 or self.rng.random() < 0.3) else b"\r" if self.rng.random() < 0.05 else b"\n"
                for _ in lines[:-1]]
        out = b"".join(line + e for line, e in zip(lines, ends)) + lines[-1]
        return (b"\xef\xbb\xbf" + out) if self.rng.random() < 0.2 else out

    def figid(self, raw):
        choice = self.rng.choice(["../../../../etc/hostname", "/etc/hostname", "..", "a/b", "''", "x\\y",
                                  "'PMC1__a\x00b'", "[x]", "12"])
        new = b"figid: " + choice.encode("utf-8", "surrogatepass")
        return re.sub(rb"(?m)^figid: .*$", lambda m: new, raw, count=1)

    def keywords(self, raw):
        """Repeats and old symbols in a keyword list: fixes of one list."""
        words = self.rng.choices(["NFKB1", "CYR61", "BCL2", "TP53", "tp53", " MDM2", "NA", "CYR61"],
                                 k=self.rng.randint(2, 8))
        flow = self.rng.random() < 0.3
        block = ("[" + ", ".join(words) + "]") if flow else "".join(f"\n  - {w}" for w in words)
        new = b"  keywords: " + block.encode() + b"\n"
        out = re.sub(rb"(?ms)^  keywords:\n(  - .*?\n)+", lambda m: new, raw, count=1)
        if out == raw:
            out = re.sub(rb"(?m)^organisms: .*$", lambda m: b"organisms: Homo sapiens", raw, count=1)
        return out

    def block_scalar(self, raw):
        return self._set_value(raw, lambda: self.rng.choice(["|\n  text with space  ", "|+\n  kept\n\n",
                                                             ">\n  folded  \n  more", "|-\n  NA"]))

    def many_names(self, raw):
        n = 50 if self.rng.random() < 0.8 else 2000
        names = ", ".join(self.rng.choice(["homo sapiens", "Mus musculus", "x y z", "HOMO SAPIENS"])
                          for _ in range(n))
        return re.sub(rb"(?m)^organisms(_ner)?: .*$", lambda m: m.group(0).split(b":")[0] + b": [" + names.encode() + b"]",
                      raw, count=1)

    RECORD_MUTATIONS = [byte_flip, truncate, tag, huge, wrong_type, wrong_type, hostile_text, hostile_text,
                        deep, anchors, duplicate_key, line_ends, figid, keywords, keywords, block_scalar,
                        many_names]

    # -- table mutations ----------------------------------------------------------
    def ragged(self, raw):
        lines = raw.split(b"\n")
        for _ in range(self.rng.randint(1, 5)):
            if lines:
                i = self.rng.randrange(len(lines))
                lines[i] = self.rng.choice([b"", b"\t\t\t\t\t\t\t\t", lines[i] + b"\textra",
                                            lines[i].split(b"\t")[0], lines[i].replace(b"\t", b"", 1)])
        return b"\n".join(lines)

    def table_bytes(self, raw):
        return self.byte_flip(raw)

    def table_text(self, raw):
        piece = self.rng.choice(_HOSTILE_TEXT + ["NA", ".na.character", '"quoted\tcell"', "x" * 200_000]).encode()
        lines = raw.split(b"\n")
        if len(lines) > 1:
            i = self.rng.randrange(1, len(lines))
            lines[i] = lines[i] + piece
        return b"\n".join(lines)

    def table_crlf(self, raw):
        return raw.replace(b"\n", b"\r\n") if self.rng.random() < 0.5 else b"\xef\xbb\xbf" + raw

    def table_many_rows(self, raw):
        lines = raw.split(b"\n")
        if len(lines) < 2:
            return raw
        # a big table is the resource attack, and costly (a finding per row): rare
        return b"\n".join([lines[0]] + lines[1:2] * (20 if self.rng.random() < 0.9 else 3000))

    def table_truncate(self, raw):
        return raw[: self.rng.randrange(len(raw) + 1)]

    TABLE_MUTATIONS = [ragged, ragged, table_bytes, table_text, table_crlf, table_many_rows, table_truncate]


# -- writing a batch ------------------------------------------------------------------

def write_batch(root: Path, inputs) -> list:
    """Write inputs as a figure repository under ``root``; -> record paths."""
    figs, data = root / "_figures", root / "_data"
    figs.mkdir(parents=True, exist_ok=True)
    data.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, (raw, tables) in enumerate(inputs):
        figid = f"PMC{n}__fuzz"
        rec = figs / f"{figid}.md"
        rec.write_bytes(re.sub(rb"(?m)^figid: PMC[^\n]*$", lambda m: b"figid: " + figid.encode(), raw, count=1))
        for kind, table in tables.items():
            (data / f"{figid}-{kind}.tsv").write_bytes(table)
        paths.append(rec)
    return paths


# -- lint: the command line, every format ----------------------------------------------

def check_lint(root: Path, stats: dict) -> list:
    """Run the CLI with every format over the batch; -> problems found."""
    from pfocr_lint.cli import main

    out = root / "reports"
    out.mkdir(exist_ok=True)
    args = [str(root / "_figures"), "--isolated", "--exit-zero", "--no-progress", "--jobs", "1",
            "--select", "ALL"]
    for fmt in FORMATS:
        args += ["--format", f"{fmt}={out / ('report.' + fmt)}"]
    problems = []
    sink = io.StringIO()
    try:
        with redirect_stdout(sink), redirect_stderr(sink):
            main(args)
    except BaseException as exc:  # the one thing that must never happen
        return [f"exception escaped the command line: {type(exc).__name__}: {exc}"]
    doc = json.loads((out / "report.json").read_text(encoding="utf-8"))
    for f in doc["findings"]:
        stats["findings"] = stats.get("findings", 0) + 1
        stats.setdefault("codes", {}).setdefault(f["code"], 0)
        stats["codes"][f["code"]] += 1
        if f["code"] == "IO099":
            problems.append(f"IO099 in {f['path']}: {f['message']}")
        if not (isinstance(f["line"], int) and f["line"] >= 1 and isinstance(f["column"], int) and f["column"] >= 1):
            problems.append(f"finding without a line/column: {f}")
    json.loads((out / "report.sarif").read_text(encoding="utf-8"))
    ET.parse(out / "report.junit")
    for fmt in ("text", "github", "markdown", "tsv"):
        text = (out / f"report.{fmt}").read_text(encoding="utf-8")
        bad = _RAW_CONTROL.search(text)
        if bad:
            problems.append(f"{fmt} report holds a raw control character {bad.group()!r}")
    if "</html>" not in (out / "report.html").read_text(encoding="utf-8"):
        problems.append("the HTML report is incomplete")
    return problems


# -- lint in-process: the checks per input, with timings ----------------------------------

def _check_findings(name: str, findings, stats: dict) -> list:
    problems = []
    for f in findings:
        stats["findings"] = stats.get("findings", 0) + 1
        codes = stats.setdefault("codes", {})
        codes[f.code] = codes.get(f.code, 0) + 1
        if f.code == "IO099":
            problems.append(f"IO099 in {name}: {f.message}")
        if not (isinstance(f.line, int) and f.line >= 1 and isinstance(f.column, int) and f.column >= 1):
            problems.append(f"{name}: finding without a line/column: {f}")
    return problems


def check_inputs(paths: list, stats: dict) -> list:
    """Lint each input through the engine; -> problems found."""
    from pfocr_lint import registry
    from pfocr_lint.config import Config
    from pfocr_lint.engine import Linter

    linter = Linter(Config(), registry.all_rules())
    problems = []
    for path in paths:
        t0 = time.perf_counter()
        try:
            result = linter.lint_file(str(path), path)
        except BaseException as exc:
            problems.append(f"{path.name}: exception escaped: {type(exc).__name__}: {exc}")
            continue
        _time(stats, time.perf_counter() - t0, path)
        problems += _check_findings(path.name, result.findings, stats)
    return problems


def _time(stats: dict, took: float, path: Path) -> None:
    if took > stats.get("slowest", (0.0, ""))[0]:
        stats["slowest"] = (took, path.name, path.stat().st_size)
    if took > 2.0:
        stats["over_2s"] = stats.get("over_2s", 0) + 1


# -- fix: every change is a promised one ----------------------------------------------------

def check_fix(paths: list, stats: dict) -> list:
    from pfocr_lint import registry
    from pfocr_lint.config import Config
    from pfocr_lint.engine import Linter
    from pfocr_lint.fixer import Fixer
    from pfocr_lint.parse import parse_bytes, split_front_matter

    linter = Linter(Config(), registry.all_rules(), keep_text=True)
    problems = []
    for path in paths:
        before = path.read_bytes()
        fixer = Fixer(unsafe=stats.get("unsafe", False))
        t0 = time.perf_counter()
        try:
            result = linter.lint_file(str(path), path)
            remaining = fixer.apply(result, linter.lint_file)
        except BaseException as exc:
            problems.append(f"{path.name}: exception escaped --fix: {type(exc).__name__}: {exc}")
            continue
        _time(stats, time.perf_counter() - t0, path)
        problems += _check_findings(path.name, result.findings, stats)
        stats["refused"] = stats.get("refused", 0) + sum(f.code == "IO014" for f in remaining)
        for f in remaining:
            if f.code == "IO014" and "bug" in f.message:
                problems.append(f"{path.name}: {f.message}")
        after = path.read_bytes()
        if after == before:
            continue
        stats["files_fixed"] = stats.get("files_fixed", 0) + 1
        stats["fixes"] = stats.get("fixes", 0) + fixer.fixed
        promised = [p for _, rounds in fixer.log for _, ps in rounds for p in ps]
        codes = {c for _, rounds in fixer.log for c, _ in rounds}
        old, _ = parse_bytes("a.md", before)
        new, _ = parse_bytes("b.md", after)
        if old is None or new is None:
            problems.append(f"{path.name}: the fixed file no longer parses")
            continue
        for changed in _diff(old.data, new.data, ()):
            if not any(changed[:len(p)] == p or p[:len(changed)] == changed for p in promised):
                problems.append(f"{path.name}: {changed} changed, but no applied fix promised it "
                                f"({sorted(codes)})")
        if "IO004" not in codes and before.startswith(b"\xef\xbb\xbf") != after.startswith(b"\xef\xbb\xbf"):
            problems.append(f"{path.name}: the BOM changed without IO004")
        if "IO006" not in codes and before.count(b"\r") != after.count(b"\r") and not promised:
            problems.append(f"{path.name}: line ends changed without IO006")
        ob, nb = _body(before, split_front_matter), _body(after, split_front_matter)
        if "IO006" in codes:
            ob, nb = ob.replace("\r\n", "\n").replace("\r", "\n"), nb.replace("\r\n", "\n").replace("\r", "\n")
        if ob != nb:
            problems.append(f"{path.name}: the Jekyll body changed")
    return problems


def _body(raw: bytes, split) -> str:
    text = raw.decode("utf-8", "replace").lstrip("\ufeff")
    try:
        _, _, end = split(text.replace("\r\n", "\n").replace("\r", "\n"))
    except Exception:
        return ""
    # the body: after the closing fence line, counted on the original text
    lines_fm = text.replace("\r\n", "\n").replace("\r", "\n")[:end].count("\n") + 1
    # (not str.splitlines: it also splits at NEL, LS, FF..., which YAML does not)
    return "".join(re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)[lines_fm:])


def _diff(a, b, parts):
    """Paths where two plain values differ (a list of another length: the list)."""
    if type(a) is not type(b):
        yield parts
    elif isinstance(a, dict):
        for k in set(a) | set(b):
            if k not in a or k not in b:
                yield parts + (k,)
            else:
                yield from _diff(a[k], b[k], parts + (k,))
    elif isinstance(a, list):
        if len(a) != len(b):
            yield parts
        else:
            for i, (x, y) in enumerate(zip(a, b)):
                yield from _diff(x, y, parts + (i,))
    elif a != b:
        yield parts


# -- driving it ---------------------------------------------------------------------------

def run(inputs: int, seed: int = 1, fix: bool = False, batch: int = 200, time_limit: float = None,
        work=None, log=None, render_every: int = 10) -> dict:
    """Fuzz ``inputs`` inputs; -> figures and the problems found.

    Every input is linted through the engine (and, with ``fix``, fixed and
    checked); every ``render_every``-th batch also goes through the command
    line with every report format (reports are most of the time otherwise)."""
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    gen = Mutator(seed)
    stats: dict = {"inputs": 0, "problems": [], "seed": seed, "fix": fix}
    t0 = time.perf_counter()
    base = Path(work or tempfile.mkdtemp(prefix="pfocr-fuzz-"))
    try:
        n = 0
        while n < inputs:
            if time_limit is not None and time.perf_counter() - t0 > time_limit:
                break
            size = min(batch, inputs - n)
            items = [gen.make() for _ in range(size)]
            root = base / f"b{n}"
            paths = write_batch(root, items)
            if (n // batch) % render_every == 0:
                found = [f"batch {n}: {p}" for p in check_lint(root, {})]
                stats["problems"] += found
                for p in found if log is not None else ():
                    log("problem: " + p)
                stats["rendered"] = stats.get("rendered", 0) + size
            check = check_fix if fix else check_inputs
            found = [f"batch {n}: {p}" for p in check(paths, stats)]
            stats["problems"] += found
            for p in found if log is not None else ():
                log("problem: " + p)
            shutil.rmtree(root, ignore_errors=True)
            n += size
            stats["inputs"] = n
            if log is not None:
                log(f"{n:,} inputs, {time.perf_counter() - t0:,.0f} s, "
                    f"{len(stats['problems'])} problems, {stats.get('findings', 0):,} findings")
    finally:
        if work is None:
            shutil.rmtree(base, ignore_errors=True)
    stats["seconds"] = time.perf_counter() - t0
    stats["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return stats


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--inputs", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fix", action="store_true", help="also run --fix and check every change")
    ap.add_argument("--batch", type=int, default=200)
    ap.add_argument("--render-every", type=int, default=10, metavar="N",
                    help="run the command line with every format on every N-th batch")
    ap.add_argument("--time-limit", type=float, help="stop after this many seconds")
    ap.add_argument("--json", metavar="FILE", help="write the figures as JSON")
    args = ap.parse_args(argv)
    stats = run(args.inputs, args.seed, args.fix, args.batch, args.time_limit,
                log=lambda m: print(m, file=sys.stderr, flush=True), render_every=args.render_every)
    slow = stats.get("slowest")
    print(f"inputs: {stats['inputs']:,} (seed {args.seed}{', --fix' if args.fix else ''}) in "
          f"{stats['seconds']:,.0f} s; findings: {stats.get('findings', 0):,}; "
          f"files fixed: {stats.get('files_fixed', 0):,} ({stats.get('fixes', 0):,} fixes); "
          f"IO014 refusals: {stats.get('refused', 0):,}; rendered in every format: "
          f"{stats.get('rendered', 0):,}; max RSS {stats['max_rss_mb']:,.0f} MB"
          + (f"; slowest input {slow[0]:.2f} s ({slow[1]}, {slow[2]:,} bytes); "
             f"inputs over 2 s: {stats.get('over_2s', 0)}" if slow else ""))
    print(f"problems: {len(stats['problems'])}")
    for p in stats["problems"][:50]:
        print("  " + p)
    if args.json:
        Path(args.json).write_text(json.dumps({k: v for k, v in stats.items()}, indent=1, default=str))
    return 1 if stats["problems"] else 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
