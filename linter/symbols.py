"""``pfocr-lint symbols``: check any list of gene symbols, as HGNChelper's
``checkGeneSymbols()`` does, against the same gene data as the linter.

One row per input: the input, its status (approved, previous, alias,
withdrawn, case, excel-date, unknown), the suggested symbol(s) with the
gene's name (several joined with `` /// ``, as HGNChelper does), whether the
suggestion is unique, and a note that names the answer. The order of the
checks: a symbol as written (approved > previous > alias > withdrawn) wins;
then a spreadsheet date (``1-Mar``: the symbols Excel turns into that date);
then the same symbol ignoring case (``tp53``, ``Sept9``); else unknown.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from pfocr_lint.hgnc.excel import original_symbols

STATUSES = ("approved", "case", "previous", "alias", "withdrawn", "excel-date", "unknown")
SPECIES = {"human": "Homo sapiens", "mouse": "Mus musculus", "rat": "Rattus norvegicus"}
JOIN = " /// "                    # HGNChelper's separator for several suggestions


@dataclass
class SymbolRow:
    input: str
    status: str
    genes: tuple = ()             # the suggested genes (approved records)
    note: str = ""
    line: Optional[int] = None    # line of the input file, when read from one
    also_alias_of: tuple = ()     # approved symbols that are also another gene's alias

    @property
    def unique(self) -> bool:
        return len(self.genes) == 1

    @property
    def suggested(self) -> str:
        return JOIN.join(g.symbol for g in self.genes)

    def as_dict(self) -> dict:
        return {"input": self.input, "line": self.line, "status": self.status,
                "suggested_symbol": self.suggested or None,
                "unique": self.unique if self.genes else None,
                "suggestions": [{"symbol": g.symbol, "name": g.name, "id": g.hgnc_id,
                                 "entrez": g.entrez_id or None} for g in self.genes],
                "also_alias_of": [g.symbol for g in self.also_alias_of],
                "note": self.note}


# -- the checks ------------------------------------------------------------------

def _desc(g) -> str:
    return f"{g.symbol} ({g.name})" if g.name else g.symbol


def _descs(genes) -> str:
    return "; ".join(_desc(g) for g in genes)


def _approved(genes) -> tuple:
    return tuple(g for g in genes if g.status == "Approved")


def _replacements(names, genes) -> tuple:
    out = []
    for g in genes:
        for s in g.replaced_by:
            rg = names.gene(s)
            if rg is not None and rg not in out:
                out.append(rg)
    return tuple(out)


def _unique(genes) -> tuple:
    seen, out = set(), []
    for g in genes:
        if g.symbol not in seen:
            seen.add(g.symbol)
            out.append(g)
    return tuple(out)


def check_symbol(names, term: str) -> SymbolRow:
    """The verdict on one input in one species' nomenclature (a SpeciesGenes)."""
    term = term.strip()
    if not term:
        return SymbolRow(term, "unknown", note="empty")
    r = names.resolve(term)
    if r.kind != "unknown" and not r.case_mismatch:
        return _row(names, term, r)
    originals = original_symbols(term)
    if originals:
        row = _excel_row(names, term, originals)
        if row.genes or r.kind == "unknown":
            return row
    if r.kind != "unknown":
        return _row(names, term, r)
    return SymbolRow(term, "unknown", note=f"not an {names.authority} symbol, previous symbol or alias, "
                                           "even ignoring case")


def _row(names, term: str, r) -> SymbolRow:
    auth = names.authority
    matched = r.normalized or term
    written = f"written {term!r}; " if r.case_mismatch else ""
    if r.kind == "approved":
        genes = _approved(r.genes)
        if r.case_mismatch:
            how = "this microRNA" if matched.upper() != term.upper() else "it"
            return SymbolRow(term, "case", genes, f"{auth} writes {how} {_descs(genes)}")
        also = tuple(g for g in names.by_alias(term) if g.symbol != term)
        note = genes[0].name if genes else ""
        if also:
            note += f"; {term} is also an alias of {_descs(also)}"
        return SymbolRow(term, "approved", genes, note, also_alias_of=also)
    if r.kind == "previous":
        genes = _approved(r.genes)
        return SymbolRow(term, "previous", genes, f"{written}{matched} is a previous {auth} symbol; "
                                                  f"the approved symbol is now {_descs(genes)}")
    if r.kind == "alias":
        genes = _approved(r.genes)
        if len(genes) == 1:
            note = f"{written}{matched} is an alias of {_desc(genes[0])}"
        else:
            note = f"{written}{matched} is an alias shared by {len(genes)} genes: {_descs(genes)}"
        return SymbolRow(term, "alias", genes, note)
    # withdrawn
    genes = _replacements(names, r.genes)
    if genes:
        note = f"{written}{matched} was withdrawn by {auth}; replaced by {_descs(genes)}"
    else:
        note = f"{written}{matched} was withdrawn by {auth} (entry withdrawn, no replacement)"
    return SymbolRow(term, "withdrawn", genes, note)


def _excel_row(names, term: str, originals: tuple) -> SymbolRow:
    """``1-Mar`` -> MARCH1 (now MARCHF1) and MARC1 (now MTARC1). A symbol
    that still exists or was renamed beats an alias (``2-Sep`` is SEPT2, now
    SEPTIN2, not the alias SEP2 of SEPTIN6/SEPTIN8)."""
    strong, weak = [], []
    for orig in originals:
        r = names.resolve(orig)
        if r.kind == "unknown":
            continue
        spelt = r.normalized or orig
        if r.kind == "withdrawn":
            genes = _replacements(names, r.genes)
            (strong if genes else weak).append((spelt, genes, "withdrawn"))
        else:
            genes = _approved(r.genes)
            (strong if r.kind in ("approved", "previous") else weak).append((spelt, genes, r.kind))
    hits = strong or [h for h in weak if h[1]] or weak
    genes = _unique(g for _, gs, _ in hits for g in gs)
    if not hits:
        return SymbolRow(term, "excel-date", (), f"a spreadsheet date, as Excel writes {' or '.join(originals)}; "
                                                 f"{names.authority} has no such symbol")
    parts = []
    for spelt, gs, kind in hits:
        descs = "; ".join(f"{g.symbol}, {g.name}" if g.name else g.symbol for g in gs)
        if kind == "withdrawn" and not gs:
            parts.append(f"{spelt} (withdrawn, no replacement)")
        elif kind == "alias":
            parts.append(f"{spelt} (an alias of {descs})")
        elif [g for g in gs if g.symbol != spelt]:
            parts.append(f"{spelt} (now {descs})")
        else:
            parts.append(f"{spelt} ({descs})")
    return SymbolRow(term, "excel-date", genes, f"a spreadsheet date, as Excel writes {' or '.join(parts)}")


# -- input ------------------------------------------------------------------------

class InputError(Exception):
    pass


def _read_text(path: str) -> str:
    if path == "-":
        data = sys.stdin.buffer.read()
        where = "stdin"
    else:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
        where = path
    try:
        return data.decode("utf-8-sig")       # a spreadsheet's export often starts with a BOM
    except UnicodeDecodeError as exc:
        raise InputError(f"{where}: not UTF-8 (byte {exc.start}); save it as UTF-8 text") from None


def _delimiter(path: str, header: str) -> str:
    suffix = Path(path).suffix.lower() if path != "-" else ""
    if suffix == ".csv":
        return ","
    if suffix in (".tsv", ".tab"):
        return "\t"
    return "\t" if "\t" in header else ","


def read_column(path: str, column: str) -> list:
    """(value, line) of one column of a TSV/CSV table with a header row."""
    text = _read_text(path)
    header = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(path, header))
    try:
        names = next(reader)
    except StopIteration:
        raise InputError(f"{'stdin' if path == '-' else path}: empty; expected a header row") from None
    names = [n.strip() for n in names]
    if column in names:
        idx = names.index(column)
    elif column.lower() in [n.lower() for n in names]:
        idx = [n.lower() for n in names].index(column.lower())
    elif column.isdigit() and 1 <= int(column) <= len(names):
        idx = int(column) - 1
    else:
        raise InputError(f"{'stdin' if path == '-' else path}: no column {column!r}; "
                         f"the header has {', '.join(map(repr, names))}")
    out = []
    for row in reader:
        if idx < len(row) and row[idx].strip():
            out.append((row[idx].strip(), reader.line_num))
    return out


def read_list(path: str) -> list:
    """(symbol, line) of a file with one symbol a line ('#' starts a comment line)."""
    out = []
    for n, line in enumerate(_read_text(path).splitlines(), 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if "\t" in text or "," in text:
            raise InputError(f"{'stdin' if path == '-' else path}:{n}: {text!r} holds several fields; "
                             "for a table, name the column with --column NAME")
        out.append((text, n))
    return out


def gather(args) -> list:
    """Every input as (symbol, line or None), in order."""
    items = [(s, None) for s in args.symbols if s != "-"]
    sources = list(args.file or [])
    if "-" in args.symbols:
        sources.append("-")
    if not items and not sources:
        if sys.stdin is None or sys.stdin.isatty():
            raise InputError("no symbols: give them as arguments, in a file (--file), or on stdin")
        sources.append("-")
    for path in sources:
        items.extend(read_column(path, args.column) if args.column else read_list(path))
    if args.column and not sources:
        raise InputError("--column reads a table: name it with --file (or '-' for stdin)")
    return items


# -- output -----------------------------------------------------------------------

def _counts(rows) -> dict:
    counts = {s: 0 for s in STATUSES}
    for r in rows:
        counts[r.status] += 1
    return counts


def summary_line(rows, source: str) -> str:
    counts = _counts(rows)
    parts = [f"{n} {s}" for s, n in counts.items() if n]
    bad = len(rows) - counts["approved"]
    line = f"{len(rows)} symbol{'s' if len(rows) != 1 else ''}: {', '.join(parts) or 'none'}"
    if rows:
        line += f"; {bad} not approved" if bad else "; all approved"
    return line + f". ({source})"


def write_text(out, rows, source: str) -> None:
    head = ("INPUT", "STATUS", "SUGGESTED", "NOTE")
    table = [(r.input, r.status, r.suggested or "-", r.note) for r in rows]
    widths = [max([len(head[i])] + [len(t[i]) for t in table]) for i in range(3)]
    for t in [head] + table:
        out.write("  ".join(c.ljust(w) for c, w in zip(t[:3], widths)) + "  " + t[3] + "\n")
    out.write(summary_line(rows, source) + "\n")


def write_tsv(out, rows) -> None:
    w = csv.writer(out, delimiter="\t", lineterminator="\n")
    w.writerow(["input", "line", "status", "suggested_symbol", "unique", "suggested_name", "suggested_id", "note"])
    for r in rows:
        w.writerow([r.input, r.line or "", r.status, r.suggested,
                    ("yes" if r.unique else "no") if r.genes else "",
                    JOIN.join(g.name for g in r.genes), JOIN.join(g.hgnc_id for g in r.genes), r.note])


def write_json(out, rows, species: str, source: str, warnings: list) -> None:
    from pfocr_lint import __version__

    counts = _counts(rows)
    doc = {"tool": "pfocr-lint symbols", "version": __version__, "species": species, "source": source,
           "summary": {"symbols": len(rows), "not_approved": len(rows) - counts["approved"],
                       "by_status": counts},
           "symbols": [r.as_dict() for r in rows], "warnings": warnings}
    out.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")


# -- the command ------------------------------------------------------------------

def run(args) -> int:
    from pfocr_lint.errors import UsageError
    from pfocr_lint.config import Config, ConfigError, load_config
    from pfocr_lint.engine import RunContext

    try:
        cfg = Config() if args.isolated else load_config(explicit=Path(args.config) if args.config else None)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    if args.hgnc:
        cfg.hgnc = args.hgnc
    if cfg.hgnc == "off":
        cfg.hgnc = "offline"          # 'off' is for the lint; checking symbols needs the data
    try:
        items = gather(args)
    except InputError as exc:
        raise UsageError(str(exc)) from None
    ctx = RunContext(cfg)
    know = ctx.knowledge("hgnc")
    if know is None:
        raise UsageError("; ".join(ctx.warnings) or "no gene data")
    species = SPECIES[args.species]
    names = know.for_organism(species)
    if names is None:
        raise UsageError(f"the gene data in use has no {args.species} genes ({know.source})")
    rows = []
    for text, line in items:
        row = check_symbol(names, text)
        row.line = line
        rows.append(row)
    source = f"{names.authority}: {ctx.sources.get('hgnc', know.source)}"
    for w in ctx.warnings:
        print(f"warning: {w}", file=sys.stderr)
    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
    try:
        if args.format == "json":
            write_json(out, rows, species, source, list(ctx.warnings))
        elif args.format == "tsv":
            write_tsv(out, rows)
        else:
            write_text(out, rows, source)
    finally:
        if out is not sys.stdout:
            out.close()
    if args.exit_zero:
        return 0
    return 1 if any(r.status != "approved" for r in rows) else 0
