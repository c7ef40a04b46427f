"""The judgement behind the HG rules: what is wrong with one symbol in one field.

``analyse(record, ctx)`` looks at ``genes[].hgnc_symbol``/``entrez``/``source``
(older layout), the genes table's ``ncbigene_symbol``/``ncbigene_id`` (newer
layout) and ``schema-jsonld.keywords`` once per record (memoised in
``record.cache``) and returns :class:`Issue` objects; each HG rule class
reports the issues carrying its code. One issue per (field, problem): a term is
given exactly one verdict, the most specific one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import itemgetter
from typing import Optional

from pfocr_lint.rules import _genes as G
from pfocr_lint.rules._util import MEMO_LIMIT, remember
from pfocr_lint.rules._verdict import Issue




@dataclass(frozen=True)
class Verdict:
    code: str
    what: str          # the message after the term, e.g. "is a previous HGNC symbol of CCN1"
    suggestion: str
    new_value: Optional[str] = None
    safety: str = "unsafe"
    # the right spellings when there is more than one (HGNC or MGI): not a
    # fix, but a keyword already listed in one of them is a duplicate to remove
    forms: tuple = ()


_MONTHS = {"JAN": ("JAN",), "FEB": ("FEB",), "MAR": ("MARCH",), "APR": ("APR",), "MAY": ("MAY",),
           "JUN": ("JUN",), "JUL": ("JUL",), "AUG": ("AUG",), "SEP": ("SEPT", "SEP"),
           "OCT": ("OCT",), "NOV": ("NOV",), "DEC": ("DEC",)}
_MONTH_NUM = {i + 1: m for i, m in enumerate(_MONTHS)}
_MON = "(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"
_EXCEL_DAY_MON = re.compile(rf"^(\d{{1,2}})-{_MON}(?:-\d{{2,4}})?$", re.I)
_EXCEL_MON_DAY = re.compile(rf"^{_MON}-(\d{{1,2}})$", re.I)
_EXCEL_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/\d{2,4})?$")
_EXCEL_ISO = re.compile(r"^\d{4}-(\d{2})-(\d{2})$")
_MIRNA = re.compile(r"^(?:hsa-|mmu-|rno-)?mi(?:r|R|RNA)-?(\d+[a-z]?)(?:-(\d))?(?:-[35]p)?$")
_LET7 = re.compile(r"^(?:hsa-)?let-?7([a-z])(?:-(\d))?(?:-[35]p)?$", re.I)


def excel_candidates(term: str) -> tuple:
    """('MARCH1',) for '1-Mar'; ('SEPT7', 'SEP7') for '9/7'; and whether the form is a slash date."""
    m = _EXCEL_DAY_MON.match(term)
    if m:
        return _MONTHS[m[2][:3].upper()], str(int(m[1])), False
    m = _EXCEL_MON_DAY.match(term)
    if m:
        return _MONTHS[m[1][:3].upper()], str(int(m[2])), False
    m = _EXCEL_ISO.match(term) or _EXCEL_SLASH.match(term)
    if m:
        month, day = int(m[1]), int(m[2])
        if month in _MONTH_NUM and 1 <= day <= 31:
            return _MONTHS[_MONTH_NUM[month]], str(day), True
    return (), "", False


def is_excel_shaped(term: str) -> bool:
    return bool(excel_candidates(term)[0])


def mirna_form(term: str) -> Optional[str]:
    """'mir-210' -> 'MIR210'; 'miR-17-5p' -> 'MIR17'; 'let-7a' -> 'MIRLET7A'."""
    m = _MIRNA.match(term)
    if m:
        return "MIR" + m[1].upper() + (f"-{m[2]}" if m[2] else "")
    m = _LET7.match(term)
    if m:
        return "MIRLET7" + m[1].upper() + (m[2] or "")
    return None


def _names(genes) -> str:
    return ", ".join(g.symbol for g in genes)


def _desc(g) -> str:
    return f"{g.symbol} ({g.name})" if getattr(g, "name", "") else g.symbol


_CURRENT: dict = {}


def _current(names, term: str):
    """Approved gene(s) a term stands for via approved/previous/alias/withdrawn, exact case first."""
    key = (id(names), term)
    hit = _CURRENT.get(key)
    if hit is None:
        hit = _current_uncached(names, term)    # G.resolve keeps ``names`` alive (_KEEP)
        remember(_CURRENT, key, hit)
    return hit


def _current_uncached(names, term: str):
    r = G.resolve(names, term)
    if r.kind in ("approved", "previous", "alias"):
        return r.kind, tuple(g for g in r.genes if g.status == "Approved")
    if r.kind == "withdrawn":
        reps = []
        for g in r.genes:
            for s in g.replaced_by:
                rg = names.gene(s)
                if rg is not None:
                    reps.append(rg)
        return "withdrawn", tuple(reps)
    return "unknown", ()


def excel_verdict(names, term: str) -> Optional[Verdict]:
    prefixes, number, slash = excel_candidates(term)
    if not prefixes:
        return None
    for prefix in prefixes:
        original = prefix + number
        kind, genes = _current(names, original)
        if genes and kind in ("approved", "previous", "withdrawn", "alias"):
            target = genes[0].symbol if len(genes) == 1 else None
            now = f"; HGNC now calls it {target}" if target and target != original else ""
            if target:
                sugg = f"Replace {term!r} with {target}"
            else:
                sugg = f"Replace {term!r} with the intended one of {_names(genes)}"
            return Verdict("HG006", f"is a spreadsheet date: Excel turned the symbol {original} into {term!r}{now}",
                           sugg, target, "unsafe" if slash or kind == "alias" else "safe")
    return None


_VARIANT_TAIL = re.compile(r"-?(?:alpha|beta|gamma|a|b|g|\u03b1|\u03b2|\u03b3)$")


def _variant_hint(names, term: str) -> Optional[str]:
    """'TNF-a' -> 'TNF'; 'MKP-4' -> alias MKP4 of DUSP9: a near-miss worth naming."""
    for cand in (term.replace("-", ""), _VARIANT_TAIL.sub("", term), _VARIANT_TAIL.sub("", term).replace("-", "")):
        if not cand or cand == term or len(cand) < 2:
            continue
        r = G.resolve(names, cand)
        genes = tuple(g for g in r.genes if g.status == "Approved")
        if r.kind in ("approved", "alias", "previous") and genes and len(genes) <= 3:
            return f"it may stand for {_names(genes)}"
    return None


def human_verdict(names, term: str, *, gene_like: bool, case_checks: bool, field: str,
                  need_evidence: bool = False) -> Optional[Verdict]:
    """The verdict on ``term`` as an HGNC symbol (None: fine, or not judged)."""
    ex = excel_verdict(names, term)
    if ex is not None:
        return ex
    r = G.resolve(names, term)
    hgnc_field = field == "hgnc_symbol"
    if r.kind == "approved":
        if not r.case_mismatch:
            return None
        if not case_checks:
            return None
        g = r.genes[0]
        what = f"differs from the approved HGNC symbol {g.symbol} only in case" \
            if g.symbol.upper() == term.upper() else f"is not written the HGNC way; HGNC calls it {g.symbol}"
        return Verdict("HG005", what, f"Write it as {g.symbol}", g.symbol, "safe" if hgnc_field else "unsafe")
    if r.kind == "previous" and not r.case_mismatch:
        genes = tuple(g for g in r.genes if g.status == "Approved")
        if not genes:
            return None
        how = "is a previous HGNC symbol" if not r.case_mismatch else "is (ignoring case) a previous HGNC symbol"
        if len(genes) == 1:
            return Verdict("HG001", f"{how}; the gene's approved symbol is now {_desc(genes[0])}",
                           f"Replace {term} with {genes[0].symbol}", genes[0].symbol,
                           "safe" if not r.case_mismatch else "unsafe")
        return Verdict("HG001", how + f" of several genes: {'; '.join(_desc(g) for g in genes)}",
                       f"Replace {term} with the intended one of {_names(genes)}")
    if r.kind == "withdrawn" and not r.case_mismatch:
        _, reps = _current(names, term)
        if reps:
            return Verdict("HG002", f"is a withdrawn HGNC symbol, replaced by {_names(reps)}",
                           f"Replace {term} with {_names(reps) if len(reps) == 1 else 'the intended one of ' + _names(reps)}",
                           reps[0].symbol if len(reps) == 1 else None, "unsafe")
        return Verdict("HG002", "is a withdrawn HGNC symbol (entry withdrawn, no replacement)",
                       f"Remove {term}, or replace it with the symbol of the gene the figure shows")
    if r.kind == "alias" and not r.case_mismatch:
        if not gene_like:
            return None
        genes = tuple(g for g in r.genes if g.status == "Approved")
        if len(genes) == 1:
            return Verdict("HG003", f"is an alias, not an approved HGNC symbol; it stands for {_desc(genes[0])}",
                           f"Replace {term} with the approved symbol {genes[0].symbol}", genes[0].symbol, "unsafe")
        return Verdict("HG003", f"is an ambiguous alias shared by {len(genes)} genes: "
                       + "; ".join(_desc(g) for g in genes),
                       f"Replace {term} with the one the figure means: {_names(genes)}")
    # unknown, or only a case-insensitive alias/previous/withdrawn match
    if not gene_like or not case_checks:
        return None
    mir = mirna_form(term)
    if mir:
        g = names.gene(mir)
        if g is not None:
            return Verdict("HG005", f"is not written the HGNC way; HGNC calls this microRNA {g.symbol}",
                           f"Write it as {g.symbol}", g.symbol, "safe" if hgnc_field else "unsafe")
    hints = []
    named = None          # the one gene a case-insensitive match names: the answer to give
    family = G.family_members(names, term)
    if len(family) >= 2:
        hints.append(f"it looks like the family name of {', '.join(family)}")
    if r.kind in ("alias", "previous", "withdrawn") and r.case_mismatch:
        genes = tuple(g for g in r.genes if g.status == "Approved")
        if len(genes) == 1:
            named = genes[0].symbol
        if genes:
            rel = "an alias" if r.kind == "alias" else "a previous symbol"
            hints.append(f"ignoring case, {term.upper()} is {rel} of {'; '.join(_desc(g) for g in genes)}")
    if not hints:
        near = _variant_hint(names, term)
        if near:
            hints.append(near)
    if need_evidence and not hints and not G.symbol_evidence(term):
        return None
    hint = (" (" + "; ".join(hints) + ")") if hints else ""
    if family and len(family) >= 2:
        sugg = f"Name the member(s) the figure shows ({', '.join(family)}) or remove {term}"
    elif named:
        sugg = f"Replace {term} with {named} if the figure shows that gene, or remove it"
    else:
        sugg = f"Replace {term} with the approved symbol of the gene the figure shows, or remove it"
    return Verdict("HG004", f"is not an HGNC symbol{hint}", sugg)


def other_verdict(names, term: str, *, gene_like: bool) -> Optional[Verdict]:
    """Mouse (MGI) / rat (RGD): only the unknown-symbol and case checks."""
    r = G.resolve(names, term)
    auth = names.authority
    if r.kind == "approved":
        if r.case_mismatch:
            g = r.genes[0]
            what = f"differs from the {auth} symbol {g.symbol} only in case" \
                if g.symbol.upper() == term.upper() else f"is not written the {auth} way; {auth} calls it {g.symbol}"
            return Verdict("HG005", what,
                           f"Write it as {g.symbol}", g.symbol, "unsafe")
        return None
    if r.kind != "unknown" or not gene_like:
        return None
    mir = mirna_form(term)
    if mir:
        g = names.gene("Mir" + mir[3:].lower())
        if g is not None:
            return Verdict("HG005", f"is not written the {auth} way; {auth} calls this microRNA {g.symbol}",
                           f"Write it as {g.symbol}", g.symbol, "unsafe")
    return Verdict("HG004", f"is not an {auth} symbol",
                   f"Replace {term} with the {auth} symbol of the gene the figure shows, or remove it")


# -- the per-record analysis ------------------------------------------------

_HGNC_SOURCES = {"hgnc_symbol", "hgnc_alias_symbol", "hgnc_prev_symbol"}
_CODES_FIELD_WORDING = {"hgnc_symbol": "hgnc_symbol", "keyword": "keyword", "tsv": "ncbigene_symbol"}


def _issue(v: Verdict, term: str, label: str, parts=(), path=None, line=None) -> Issue:
    return Issue(v.code, f"{label} {term!r} {v.what}", v.suggestion, term, tuple(parts), path, line,
                 v.new_value, v.safety)


_NA_TEXT = ("NA", ".NA.CHARACTER")


def _text(value) -> Optional[str]:
    if type(value) is str:     # the common case (every table cell), checked first
        value = value.strip()
        return value if value and value.upper() not in _NA_TEXT else None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(int(value)) if float(value).is_integer() else None
    if isinstance(value, str) and value.strip() and value.strip().upper() not in ("NA", ".NA.CHARACTER"):
        return value.strip()
    return None


_ENTREZ: dict = {}


def _entrez_issue(names, sym: str, entrez: str, label: str, parts=(), path=None, line=None):
    # (message, suggestion) depend on the symbol and id only: memoised per process
    key = (id(names), sym, entrez, label)
    hit = _ENTREZ.get(key)
    if hit is None:
        hit = _entrez_problem(names, sym, entrez, label)
        remember(_ENTREZ, key, hit)
    if not hit:
        return None
    return Issue("HG007", hit[0], hit[1], entrez, tuple(parts), path, line)


def _entrez_problem(names, sym: str, entrez: str, label: str):
    kind, genes = _current(names, sym)
    if len(genes) != 1 or not genes[0].entrez_id:
        return ()
    g = genes[0]
    if entrez == g.entrez_id:
        return ()
    owner = names.by_entrez(entrez)
    if owner is not None:
        whose = f"it is the NCBI Gene ID of {_desc(owner)}"
        sugg = f"Use entrez {g.entrez_id} for {g.symbol}, or the symbol {owner.symbol} if that gene is meant"
    else:
        whose = "no current human gene has that NCBI Gene ID"
        sugg = f"Use entrez {g.entrez_id} for {g.symbol}"
    return (f"{label} {entrez} disagrees with HGNC: {g.symbol}'s NCBI Gene ID is "
            f"{g.entrez_id}; {whose}", sugg)


_SOURCE: dict = {}


def _source_issue(names, row: dict, i: int):
    source = row.get("source")
    if not isinstance(source, str) or source not in _HGNC_SOURCES:  # a list is not hashable
        return None
    sym, hg = _text(row.get("symbol")), _text(row.get("hgnc_symbol"))
    if not sym or not hg:
        return None
    # the verdict depends on (source, symbol, hgnc_symbol) only: memoised per process
    key = (id(names), source, sym, hg)
    hit = _SOURCE.get(key)
    if hit is None:
        hit = _source_problem(names, source, sym, hg)
        remember(_SOURCE, key, hit)
    if not hit:
        return None
    message, suggestion, new_value, safety = hit
    return Issue("HG008", message, suggestion, source, ("genes", i, "source"), new_value=new_value, safety=safety)


def _source_problem(names, source: str, sym: str, hg: str):
    _, genes = _current(names, hg)
    if len(genes) != 1:
        return ()
    t = genes[0]
    up = sym.upper()
    rels = []
    if up in (hg.upper(), t.symbol.upper()):
        rels.append("hgnc_symbol")
    if up in {p.upper() for p in t.previous}:
        rels.append("hgnc_prev_symbol")
    if up in {a.upper() for a in t.aliases}:
        rels.append("hgnc_alias_symbol")
    if source in rels:
        return ()
    if not rels:
        r = G.resolve(names, sym)
        other = ", ".join(g.symbol for g in r.genes[:4] if g.status == "Approved")
        elsewhere = f"; HGNC links {sym} to {other}" if other and r.kind != "unknown" else ""
        return (f"source {source!r} says {sym!r} is an HGNC symbol of {hg}, but HGNC lists "
                f"{sym} as none of {t.symbol}'s symbols{elsewhere}",
                f"Check the mapping of {sym!r}: hgnc_symbol {hg} may be the wrong gene", None, "unsafe")
    names_ = {"hgnc_symbol": "its approved symbol", "hgnc_prev_symbol": "a previous symbol",
              "hgnc_alias_symbol": "an alias"}
    return (f"source {source!r} disagrees with HGNC: {sym!r} is {names_[rels[0]]} of {t.symbol}",
            f"Set source to {rels[0]}", rels[0], "unsafe")


# Verdicts are pure functions of (nomenclature, term, flags) and the same few
# thousand symbols recur in every record's table: memoised per process. The
# nomenclature objects are kept alive by G.resolve's _KEEP, so ids are stable.
_VERDICTS: dict = {}


def _memo_verdict(fn, names, term: str, *flags, **kw):
    key = (fn, id(names), term, flags, tuple(kw.items()))
    try:
        return _VERDICTS[key]
    except KeyError:
        pass
    G._KEEP.setdefault(id(names), names)
    v = fn(names, term, *flags, **kw)
    remember(_VERDICTS, key, v)
    return v


def _keyword_gene_like(kw: str, names_list, strong: bool) -> bool:
    if strong:
        return True
    if kw.upper() in G.METABOLITES:
        return False
    if G.looks_like_symbol(kw) or is_excel_shaped(kw) or mirna_form(kw):
        return True
    if " " in kw or G.chemical_shaped(kw) or not kw.isascii():
        return False
    if kw.lower() in G.ENGLISH_WORDS:
        return False
    for names in names_list:
        r = G.resolve(names, kw)
        if r.kind == "approved" or (names.authority == "HGNC" and r.kind != "unknown"):
            return True
    return any(len(G.family_members(n, kw)) >= 2 for n in names_list)


# -- per-row memos ------------------------------------------------------------
# Records repeat the same gene rows over and over (a few thousand symbols make
# up every table), and what a row contributes depends only on its cells: each
# memo below maps a row's relevant raw values to the issues it yields, as
# templates without the row's position. A repeated row then costs one dict
# lookup instead of several _text()/verdict/entrez/source calls.

# One memo per nomenclature / GeneKnowledge (by id; the objects are kept alive
# in G._KEEP), so that a row's key is just its cells, picked by itemgetter in
# one C call.
_INLINE_ROWS: dict = {}     # id(human) -> {(hgnc_symbol, entrez, source, symbol): (symbol, templates)}
_TABLE_ROWS: dict = {}      # id(knowledge) -> {(organism_name, ncbigene_symbol, ncbigene_id): ...}
_INLINE_FIELDS = ("hgnc_symbol", "entrez", "source", "symbol")
_TABLE_FIELDS = ("organism_name", "ncbigene_symbol", "ncbigene_id")
_pick_inline = itemgetter(*_INLINE_FIELDS)
_pick_table = itemgetter(*_TABLE_FIELDS)


def _memo_for(memos: dict, obj) -> dict:
    memo = memos.get(id(obj))
    if memo is None or len(memo) > MEMO_LIMIT:
        G._KEEP.setdefault(id(obj), obj)
        memo = memos[id(obj)] = {}
    return memo


def _inline_row(memo: dict, human, key: tuple) -> tuple:
    """(stripped hgnc_symbol or None, issue templates) of an inline genes row
    whose (hgnc_symbol, entrez, source, symbol) are ``key``.

    A template is (code, message, suggestion, value, field, new_value, safety);
    the caller has made sure that ``key`` is hashable."""
    hit = memo.get(key)
    if hit is None:
        out: list = []
        hit = _inline_row_uncached(human, *key, out), tuple(out)
        # True == 1 as a dict key but _text(True) != _text(1): only rows whose
        # entrez and symbol are strings (or missing), as in every real record,
        # are remembered, so a bool never meets a number's entry
        if key[1].__class__ in _STR_OR_NONE and key[3].__class__ in _STR_OR_NONE:
            memo[key] = hit
    return hit


_STR_OR_NONE = (str, type(None))


def _inline_row_unhashable(human, key: tuple, i: int, append) -> Optional[str]:
    """The stripped hgnc_symbol of a row with an unhashable cell (a list or
    dict), judged without the memo; its issues go straight to ``append``.

    An unhashable ``source`` makes _source_issue raise TypeError (a crash the
    engine reports as IO099); the issues found before it stay in the record's
    list and the other HG rules report them, as they always have."""
    out: list = []
    try:
        return _inline_row_uncached(human, *key, out)
    finally:
        for code, message, suggestion, value, field, new_value, safety in out:
            append(Issue(code, message, suggestion, value, ("genes", i, field), None, None, new_value, safety))


def _template(iss: "Issue", field: str) -> tuple:
    """An issue as a memoised row template: (code, message, suggestion, value,
    field, new value, fix safety); each record places it at its own row."""
    return (iss.code, iss.message, iss.suggestion, iss.value, field, iss.new_value, iss.safety)


def _inline_row_uncached(human, hg, entrez_raw, source, symbol_raw, out: list) -> Optional[str]:
    """The stripped hgnc_symbol (None: the row is skipped); the row's issue
    templates are appended to ``out`` as they are found."""
    sym = _text(hg) if isinstance(hg, str) else None   # a number here is the schema's business
    if not sym:
        return None
    v = _memo_verdict(human_verdict, human, sym, gene_like=True, case_checks=True, field="hgnc_symbol")
    if v is not None:
        out.append((v.code, f"hgnc_symbol {sym!r} {v.what}", v.suggestion, sym, "hgnc_symbol",
                    v.new_value, v.safety))
    if v is None or v.code in ("HG001", "HG005"):
        entrez = _text(entrez_raw)
        if entrez:
            iss = _entrez_issue(human, sym, entrez, "entrez")
            if iss:
                out.append(_template(iss, "entrez"))
        iss = _source_issue(human, {"source": source, "symbol": symbol_raw, "hgnc_symbol": hg}, 0)
        if iss:
            out.append(_template(iss, "source"))
    return sym


def _table_row_uncached(k, org_raw, sym_raw, id_raw):
    """False for a row without a symbol, else (organism, symbol, has_id,
    issue templates or None when the organism is not judged) of a genes-table
    row."""
    org = (org_raw or "").strip()
    sym = _text(sym_raw)
    if not sym:
        return False
    has_id = bool(_text(id_raw))
    names = G.nomenclature(k, org) if org in G.TABLED else None
    if names is None:
        return org, sym, has_id, None
    if org == G.HUMAN:
        v = _memo_verdict(human_verdict, names, sym, gene_like=True, case_checks=True, field="tsv")
    else:
        # our MGI/RGD tables lack some loci NCBI has (phenotype-only
        # markers such as mouse 'cx'): with an NCBI id, check case only
        v = _memo_verdict(other_verdict, names, sym, gene_like=not has_id)
    out = []
    if v is not None:
        out.append((v.code, f"ncbigene_symbol {sym!r} {v.what}", v.suggestion, sym, "ncbigene_symbol",
                    v.new_value, v.safety))
    elif org == G.HUMAN:
        entrez = _text(id_raw)
        if entrez:
            iss = _entrez_issue(names, sym, entrez, "ncbigene_id")
            if iss:
                out.append(_template(iss, "ncbigene_id"))
    return org, sym, has_id, tuple(out)


_KW_SHAPE: dict = {}


def _keyword_shape(raw: str) -> tuple:
    """(stripped keyword, upper-cased, a metabolite/acronym/chemical shape): the
    record-independent facts about a keyword, memoised per process."""
    hit = _KW_SHAPE.get(raw)
    if hit is None:
        kw = raw.strip()
        up = kw.upper()
        hit = (kw, up, up in G.METABOLITES or up in G.COMMON_ABBREVIATIONS or G.chemical_shaped(kw))
        remember(_KW_SHAPE, raw, hit)
    return hit


_EXCEL: dict = {}


def _excel_verdict(names, term: str) -> Optional[Verdict]:
    key = (id(names), term)
    try:
        return _EXCEL[key]
    except KeyError:
        pass
    G._KEEP.setdefault(id(names), names)
    v = excel_verdict(names, term)
    remember(_EXCEL, key, v)
    return v


def issues_by_code(record, ctx) -> dict:
    """``analyse``'s issues grouped by code (memoised per record): each of the
    eight HG rules takes its own list instead of filtering all of them."""
    cached = record.cache.get("hg.by_code")
    if cached is None:
        cached = {}
        for issue in analyse(record, ctx):
            cached.setdefault(issue.code, []).append(issue)
        record.cache["hg.by_code"] = cached
    return cached


def analyse(record, ctx) -> list:
    cached = record.cache.get("hg.issues")
    if cached is not None:
        return cached
    issues: list = []
    record.cache["hg.issues"] = issues
    k = G.gene_knowledge(ctx)
    if k is None or not isinstance(record.data, dict):
        return issues
    human = k.human
    append = issues.append

    # 1. Older layout: genes[].hgnc_symbol, entrez, source (HGNC fields by definition).
    gene_syms: set = set()
    genes = record.data.get("genes")
    if isinstance(genes, list):
        memo = _memo_for(_INLINE_ROWS, human)
        for i, row in enumerate(genes):
            if not isinstance(row, dict):
                continue
            try:
                key = _pick_inline(row)
            except KeyError:    # a row without some of the fields
                key = tuple(row.get(f) for f in _INLINE_FIELDS)
            try:
                sym, templates = memo[key]
            except KeyError:
                sym, templates = _inline_row(memo, human, key)
            except TypeError:   # an unhashable cell
                sym, templates = _inline_row_unhashable(human, key, i, append), ()
            if not sym:
                continue
            gene_syms.add(sym)
            for code, message, suggestion, value, field, new_value, safety in templates:
                append(Issue(code, message, suggestion, value, ("genes", i, field), None, None, new_value, safety))

    # 2. Newer layout: the genes table, judged in each row's own organism.
    table_syms: dict = {}
    table = G.companion(record, "genes")
    if table is not None:
        seen = set()
        path = table.path
        memo = _memo_for(_TABLE_ROWS, k)
        # every row holds every header column (cells are strings): with the
        # three columns present, itemgetter picks each row's key in C
        if all(f in table.header for f in _TABLE_FIELDS):
            keys = map(_pick_table, table.rows)
        else:
            keys = [tuple(row.get(f) for f in _TABLE_FIELDS) for row in table.rows]
        for key, line in zip(keys, table.lines):
            hit = memo.get(key)
            if hit is None:
                hit = memo[key] = _table_row_uncached(k, *key)
            if not hit:
                continue
            org, sym, has_id, templates = hit
            if sym not in table_syms:
                table_syms[sym] = (org, has_id)
            if templates is None or (org, sym) in seen:
                continue
            seen.add((org, sym))
            for code, message, suggestion, value, field, new_value, safety in templates:
                append(Issue(code, message, suggestion, value, (field,), path, line, new_value, safety))

    # 3. schema-jsonld.keywords: gene symbols mixed with chemical and disease words.
    # (G.keywords' filtering, strings with text, done here in the loop: the
    # shape memo strips each keyword once per process)
    sj = record.data.get("schema-jsonld")
    kws = sj.get("keywords") if isinstance(sj, dict) else None
    if not isinstance(kws, list) or not kws:
        return issues
    sp = G.record_species(record)
    non_gene = G.non_gene_words(record)
    # hoisted out of the loop: a record has tens of keywords
    shapes, verdicts = _KW_SHAPE, _KEYWORD_VERDICTS
    HUMAN, TABLED = G.HUMAN, G.TABLED
    human_only = (HUMAN,)
    kid, other, checked, rodent = id(k), sp.other, sp.checked, sp.rodent_mapped
    present = None
    for i, raw in enumerate(kws):
        if not isinstance(raw, str):
            continue
        try:
            kw, up, chemical_like = shapes[raw]
        except KeyError:
            kw, up, chemical_like = _keyword_shape(raw)
        if not kw:
            continue
        if kw in gene_syms:
            species, strong = human_only, True
        elif kw in table_syms:
            org, has_id = table_syms[kw]
            if org not in TABLED:
                continue
            species, strong = (org,), not (has_id and org != HUMAN)
        elif up in non_gene:
            continue    # a chemical or disease word of the record
        else:
            if other or chemical_like:
                # another species may own the word, or it is a chemical/disease
                # acronym: only a spreadsheet date is certain enough to report
                v = _excel_verdict(human, kw)
                if v is not None:
                    append(_issue(v, kw, "keyword", ("schema-jsonld", "keywords", i)))
                continue
            species, strong = checked, False
            if len(kw) <= 2:
                continue  # 'H2', 'tp': too short to tell a symbol from anything else
        key = (kid, kw, species, strong, True, rodent)
        try:
            v = verdicts[key]
        except KeyError:
            v = _keyword_verdict(k, kw, species, strong, True, rodent)
            remember(verdicts, key, v)
        if v is None:
            continue
        targets = (v.new_value,) if v.new_value else v.forms
        if targets:
            if present is None:     # needed only here: built on demand
                present = {kw for _, kw in G.keywords(record)}
            listed = next((t for t in targets if t in present), None)
            if listed is not None:
                v = Verdict(v.code, v.what, f"Remove {kw!r}: {listed} is already listed")
        if v.code in _CASE_CODES:
            # only a species some evidence beyond organisms_ner names (see rules/_species.py)
            named = _evidenced(record, ctx, G.spelling_species(record, kw))
            if named:
                # organisms_ner names the fly or zebrafish and 'organisms' does not (else
                # the keyword would not be judged in HGNC/MGI/RGD): the pipeline may have
                # written that species' symbol, which is right if the figure shows its
                # genes; said only where the title, caption or journal names it too
                v = Verdict(v.code, v.what + f"; it may be a symbol of {' or '.join(named)}, "
                            f"which the record names beyond 'organisms_ner'",
                            v.suggestion + f"; or, if the figure shows genes of {' or '.join(named)}, "
                            f"add {'that species' if len(named) > 1 else named[0]} to 'organisms'",
                            v.new_value, v.safety, v.forms)
        append(_issue(v, kw, "keyword", ("schema-jsonld", "keywords", i)))
    return issues


# Verdicts on a keyword's spelling that a zebrafish or fly symbol can draw
# (not an HGNC/MGI symbol at all, or one only ignoring case).
_CASE_CODES = frozenset({"HG004", "HG005"})


# A keyword's verdict depends on the keyword, the species it is judged in and
# three flags, not on the rest of the record: memoised per process (the
# GeneKnowledge is kept alive in _KEEP, so its id is stable).
_KEYWORD_VERDICTS: dict = {}


def _keyword_verdict(k, kw: str, species: tuple, strong: bool, case_checks: bool,
                     rodent_mapped: bool) -> Optional[Verdict]:
    G._KEEP.setdefault(id(k), k)
    human = k.human
    all_names = [n for n in (G.nomenclature(k, s) for s in species) if n is not None]
    if not all_names:
        return None
    if any(G.resolve(n, kw).kind == "approved" and not G.resolve(n, kw).case_mismatch for n in all_names):
        return None
    gene_like = _keyword_gene_like(kw, all_names, strong)
    others = [n for n in all_names if n is not human]
    if human in all_names:
        v = _memo_verdict(human_verdict, human, kw, gene_like=gene_like, case_checks=case_checks, field="keyword",
                          need_evidence=not strong)
        if v is not None and v.code == "HG004" and not strong and rodent_mapped \
                and not G.symbol_evidence(kw):
            v = None  # may be an NCBI mouse/rat locus our MGI/RGD tables lack
        if v is not None and v.code in ("HG003", "HG004", "HG005") and others:
            v = _merge_species(v, kw, others)
    elif others and case_checks:
        v = None
        for n in others:
            v = _memo_verdict(other_verdict, n, kw, gene_like=gene_like and (strong or G.symbol_evidence(kw))
                              and (strong or not rodent_mapped or G.symbol_evidence(kw)))
            if v is None or v.code != "HG004":
                break
        if v is not None and v.code == "HG004" and len(others) > 1:
            auth = " or ".join(n.authority for n in others)
            v = Verdict("HG004", f"is not an {auth} symbol", v.suggestion.replace(others[-1].authority, auth))
    else:
        v = None
    return v


def _merge_species(v: Verdict, kw: str, others) -> Optional[Verdict]:
    """On a human + mouse/rat record a keyword need only be right in one nomenclature."""
    alts = []
    for n in others:
        r = G.resolve(n, kw)
        if r.kind != "unknown" and not r.case_mismatch:
            return None                     # a mouse/rat symbol or synonym as written
        if r.kind == "approved" and r.case_mismatch:
            alts.append(f"{n.authority}: {r.genes[0].symbol}")
        elif mirna_form(kw):
            g = n.gene("Mir" + mirna_form(kw)[3:].lower())
            if g is not None:
                alts.append(f"{n.authority}: {g.symbol}")
    alt_forms = tuple(a.split(': ')[1] for a in alts)
    if v.code == "HG005":
        if alts:
            return Verdict("HG005", v.what + f" (in {', '.join(alts)})",
                           f"Write it as {v.new_value} (HGNC) or as {', '.join(alt_forms)} "
                           f"({', '.join(a.split(': ')[0] for a in alts)})",
                           forms=((v.new_value,) if v.new_value else ()) + alt_forms)
        return v
    if alts:
        return Verdict("HG005", f"is no HGNC symbol, and matches only ignoring case ({', '.join(alts)})",
                       f"Write it as {alt_forms[0]}", forms=alt_forms)
    auths = "/".join(n.authority for n in others)
    return Verdict(v.code, v.what.replace("an HGNC symbol", f"an HGNC or {auths} symbol")
                   .replace("approved HGNC symbol", f"approved HGNC or {auths} symbol"), v.suggestion)


def _evidenced(record, ctx, species: tuple) -> tuple:
    """Of ``species``, those that the record names somewhere other than in
    ``organisms_ner`` (curated organisms, title, paper title, journal, caption)."""
    if not species:
        return species
    from pfocr_lint.rules._judge import gene_context
    from pfocr_lint.rules._species import species_context

    gc = gene_context(ctx)
    if gc is None:
        return ()
    sc = species_context(record, gc)
    out = []
    for s in species:
        hit = gc.species(s)
        if hit is not None and hit[2] in sc.mentioned:
            out.append(s)
    return tuple(out)
