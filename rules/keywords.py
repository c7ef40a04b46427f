"""``schema-jsonld.keywords`` versus the gene, chemical and disease rows.

The pipeline writes ``schema-jsonld.keywords`` as the distinct resolved gene
symbols in order of first appearance, then the chemical words, then the
disease words. In the older layout the rows are inline (``genes[].hgnc_symbol``,
``chemicals[].word``, ``diseases[].word``); in the newer layout they are the
companion tables ``_data/<figid>-genes.tsv`` (``ncbigene_symbol``),
``-chemicals.tsv`` and ``-diseases.tsv`` (``word``).

Measured on the real records: every older-layout record and every newer
record whose tables come from the same commit satisfies the invariant exactly
(case-sensitive; gene symbols deduplicated; a chemical word equal to a gene
symbol is written twice, e.g. ``PDC``). The comparisons below use sets for
missing/extra and first occurrences for order, so repeated chemical words
never cause a finding here (KW004 reports repeats).
"""

from __future__ import annotations

import difflib
from itertools import chain

from pfocr_lint.findings import Severity
from pfocr_lint.rule import Rule
from pfocr_lint.rules._entities import KINDS, distinct, entities, loose
from pfocr_lint.rules._genes import fish_or_fly, lowercase_symbol
from pfocr_lint.rules._util import block_list, drop_items_fix, remember, replace_value_fix

KW = ("schema-jsonld", "keywords")
_LABEL = {"genes": "gene symbol", "chemicals": "chemical word", "diseases": "disease word"}


def _raw_keywords(record):
    """``record.get(KW)`` without the generic walk (every KW rule asks)."""
    try:
        return record.data["schema-jsonld"]["keywords"]
    except (KeyError, IndexError, TypeError):
        return None


def _keywords(record):
    """The keyword list as strings, or None when it is not a list."""
    kw = _raw_keywords(record)
    if not isinstance(kw, list):
        return None
    if None in kw:
        kw = [k for k in kw if k is not None]
    # str() of a string is the string itself: map() converts the odd number
    # and copies the list in C
    return list(map(str, kw))


def _names(items, limit: int = 12) -> str:
    items = list(items)
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _different_kinds(spellings, names: dict, mesh) -> bool:
    """Do the spellings come from different tables (a gene and a chemical,
    a chemical and a disease), the chemical one a chemical's name in MeSH?
    Then they name different entities (TYR, Tyr). A chemical row MeSH does
    not back (BiP mapped to phlorizin) is the pipeline's mistake, not a
    second entity."""
    kinds = set()
    for s in spellings:
        found = {kind for kind, ns in names.items() if ns is not None and s in ns}
        if len(found) != 1:
            return False   # unaccounted for, or in two tables: nothing tells them apart
        if found == {"chemicals"} and not (mesh is not None and mesh.names_chemical(s)):
            return False
        kinds |= found
    return len(kinds) > 1


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class _Comparison:
    """The keywords and the names they are built from, computed once per
    record for KW001-KW003 (each used to recompute the distinct lists)."""

    __slots__ = ("kw", "ent", "expected", "have", "exp_set", "_index")

    def __init__(self, kw, ent, index=None):
        self.kw = kw
        # kw[i] is item index[i] of the record's list (None items are
        # dropped from kw); None when nothing was dropped
        self._index = index
        self.ent = ent
        # the distinct names of every kind in order (genes, chemicals,
        # diseases): dict.fromkeys keeps first occurrences, as distinct()
        # does, in C (the names are strings)
        self.expected = list(dict.fromkeys(chain.from_iterable(ent.names[kind] or () for kind in KINDS)))
        self.have = set(kw)                 # the keywords, as a set
        self.exp_set = set(self.expected)   # every name of every kind

    def item(self, i: int) -> int:
        """The index in the record's keyword list of ``kw[i]``."""
        return i if self._index is None else self._index[i]


def _comparison(record):
    """A _Comparison, or None; memoised per record."""
    key = "keywords.comparison"
    if key not in record.cache:
        kw = _keywords(record)
        ent = entities(record) if kw is not None else None
        index = None
        if ent is not None and len(kw) != len(_raw_keywords(record)):
            index = [i for i, k in enumerate(_raw_keywords(record)) if k is not None]
        record.cache[key] = _Comparison(kw, ent, index) if ent is not None else None
    return record.cache[key]


def _rewrite_fix(record, comp):
    """Older layout only: the exact list the pipeline would have written.
    Memoised per record: KW001-KW003 all offer the same fix."""
    key = "keywords.fix"
    if key not in record.cache:
        record.cache[key] = _rewrite_fix_uncached(record, comp)
    return record.cache[key]


def _rewrite_fix_uncached(record, comp):
    kw, ent, expected = comp.kw, comp.ent, comp.expected
    if ent.layout != "older" or not expected or expected == kw:
        return None
    col = record.locate(KW)[1]
    span = record.span(KW)
    if span is None:
        return None
    new_text = block_list(expected, " " * (col - 1))
    if record.text[span[1] - 1:span[1]] == "\n":
        new_text += "\n"  # a block list's span takes its last line break along
    start = span[0]
    while start > 0 and record.text[start - 1] == " ":
        start -= 1
    if record.text[start - 1:start] == "\n":
        new_text = new_text[1:]  # ... and starts on its first item's line
    return replace_value_fix(record, KW, new_text, expected,
                             "rewrite schema-jsonld.keywords from genes, chemicals and diseases",
                             safety="unsafe", eat_space_before=True)


_FIX_DOC = """Unsafe, older layout only: ``--unsafe-fixes`` rewrites
        ``schema-jsonld.keywords`` to the list computed from the inline
        ``genes``, ``chemicals`` and ``diseases`` (distinct gene symbols, then
        chemical words, then disease words). Unsafe because a curator may have
        edited the keywords on purpose, and because the inline lists may be the
        stale side. The newer layout gets no fix: the tables may be the stale
        side (records and tables are committed separately)."""


class KeywordsMissingEntities(Rule):
    """``schema-jsonld.keywords`` lacks genes, chemicals or diseases of the record.

    What it does:
        Compares ``schema-jsonld.keywords`` with the names the pipeline builds
        it from — the resolved gene symbols (``genes[].hgnc_symbol`` inline, or
        ``ncbigene_symbol`` of ``_data/<figid>-genes.tsv``), then chemical and
        disease words (inline ``word``, or ``word`` of the ``-chemicals.tsv`` /
        ``-diseases.tsv`` tables) — and names every one that is missing, per
        kind. Exact, case-sensitive comparison, as the pipeline writes them.
        A newer-layout record with no tables at all is left to TB001.
    Why this matters:
        The keywords feed the page's schema.org metadata and search: a gene
        shown in the figure's table but missing from the keywords is not
        findable, and the record contradicts itself.
    Why this shows up:
        The record and its tables were written by different runs (the tables
        were regenerated, e.g. when chemicals and diseases were added, without
        rewriting the record), or a curator edited one side only.
    Example:
        ```yaml
        _base: older
        schema-jsonld:
          keywords:
          - NFKB1
          - BCL2
          - imatinib
          - Chronic myelogenous leukemia
        ```
        ```yaml good
        _base: older
        schema-jsonld:
          keywords:
          - NFKB1
          - BCL2
          - CCN1
          - imatinib
          - Chronic myelogenous leukemia
        ```
    Curation action:
        Decide which side is current. If the rows are right, add the missing
        names to ``schema-jsonld.keywords`` (genes first, then chemicals, then
        diseases); if the keywords are right, regenerate the rows/tables.
    Fix safety:
        {fix}
    """

    code = "KW001"
    fixable = True
    name = "keywords-missing-entities"
    severity = Severity.WARNING

    def check(self, record, ctx):
        comp = _comparison(record)
        if comp is None or comp.have.issuperset(comp.expected):
            return ()     # nothing missing: the usual case, decided in C
        ent, have = comp.ent, comp.have
        parts = []
        for kind in KINDS:
            missing = [n for n in dict.fromkeys(ent.names[kind] or ()) if n not in have]
            if missing:
                parts.append(f"{_plural(len(missing), _LABEL[kind])} from {ent.origin[kind]}: {_names(missing)}")
        return [self.finding(
            record, KW, "schema-jsonld.keywords lacks " + "; ".join(parts),
            suggestion="Add them to schema-jsonld.keywords (genes, then chemicals, then diseases), "
                       "or regenerate the rows if the keywords are the current side",
            fix=_rewrite_fix(record, comp))]


class KeywordsExtra(Rule):
    """A keyword names no gene, chemical or disease of the record.

    What it does:
        Reports each item of ``schema-jsonld.keywords`` that is none of the
        record's resolved gene symbols, chemical words or disease words (inline
        lists in the older layout, companion tables in the newer one), at the
        item's line. In the newer layout it says nothing without a genes table
        (every keyword would look extra; TB001 reports the missing table), and
        when only the chemicals or diseases table is absent it says the keyword
        may come from that missing table.
    Why this matters:
        A keyword without a row behind it advertises a gene or chemical the
        figure's data does not contain: search and the schema.org metadata
        point readers to the wrong figure.
    Why this shows up:
        Stale keywords after the rows were re-mapped or edited, tables copied
        from another commit, or a curator deleting a wrong gene row without
        touching the keywords.
    Example:
        ```yaml
        _base: older
        schema-jsonld:
          keywords:
          - NFKB1
          - BCL2
          - CCN1
          - TP53
          - imatinib
          - Chronic myelogenous leukemia
        ```
        ```yaml good
        _base: older
        ```
    Curation action:
        Remove the keyword, or add the row it stands for if the figure does
        show it.
    Fix safety:
        {fix}
    """

    code = "KW002"
    fixable = True
    name = "keywords-extra"
    severity = Severity.WARNING

    def check(self, record, ctx):
        comp = _comparison(record)
        if comp is None or comp.ent.names["genes"] is None or comp.exp_set.issuperset(comp.have):
            return ()     # no extra keyword: the usual case, decided in C
        return self._extra(record, comp)

    def _extra(self, record, comp):
        kw, ent = comp.kw, comp.ent
        known = comp.exp_set    # the names of every kind
        absent = [k for k in ("chemicals", "diseases") if ent.names[k] is None]
        fix = _rewrite_fix(record, comp)
        reported = set()
        for i, k in enumerate(kw):
            if k in known or k in reported:
                continue
            reported.add(k)
            where = " and ".join(ent.origin[kd] for kd in KINDS if ent.names[kd] is not None)
            msg = f"keyword {k!r} is not among the names in {where}"
            if absent:
                msg += f" (the record has no {' or '.join(absent)} table it could come from)"
            yield self.finding(record, KW + (comp.item(i),), msg, value=k,
                               suggestion="Remove the keyword, or add the row or table it stands for",
                               fix=fix)


class KeywordsOrder(Rule):
    """``schema-jsonld.keywords`` has the right names in the wrong order.

    What it does:
        Compares the order of the keywords that also appear in the gene,
        chemical and disease rows with the pipeline's order (distinct gene
        symbols in order of first appearance, then chemical words, then disease
        words) and names the keywords that are out of place. Missing and extra
        names are KW001/KW002's business and ignored here.
    Why this matters:
        Harmless for search, but a reordered list is the mark of a record and
        rows written by different runs (or hand edits): a reason to check that
        both sides are current.
    Why this shows up:
        The genes were re-mapped (row order changed) and only one side was
        rewritten, or chemicals were merged into the gene block by hand.
    Example:
        ```yaml
        _base: older
        schema-jsonld:
          keywords:
          - BCL2
          - NFKB1
          - CCN1
          - imatinib
          - Chronic myelogenous leukemia
        ```
        ```yaml good
        _base: older
        ```
    Curation action:
        Reorder the keywords (or regenerate them) so genes come first in row
        order, then chemicals, then diseases.
    Fix safety:
        {fix}
    """

    code = "KW003"
    fixable = True
    name = "keywords-order"
    severity = Severity.INFO

    def check(self, record, ctx):
        comp = _comparison(record)
        if comp is None or comp.kw == comp.expected:
            return ()     # exactly the pipeline's list: in order
        return self._order(record, comp)

    def _order(self, record, comp):
        kw, expected, exp_set = comp.kw, comp.expected, comp.exp_set
        actual = [k for k in distinct(kw) if k in exp_set]
        act_set = set(actual)
        wanted = [k for k in expected if k in act_set]
        if actual == wanted:
            return
        sm = difflib.SequenceMatcher(a=wanted, b=actual, autojunk=False)
        in_place = set()
        for block in sm.get_matching_blocks():
            in_place.update(actual[block.b:block.b + block.size])
        moved = [k for k in actual if k not in in_place] or actual[:1]
        first = comp.item(kw.index(moved[0]))
        yield self.finding(
            record, KW + (first,),
            f"schema-jsonld.keywords is out of the pipeline's order (genes, chemicals, diseases, "
            f"each in row order): {_plural(len(moved), 'keyword')} out of place: {_names(moved)}",
            value=moved[0],
            suggestion="Order the keywords as the rows: distinct gene symbols, then chemical words, then disease words",
            fix=_rewrite_fix(record, comp))


class KeywordsDuplicate(Rule):
    """The same keyword appears more than once.

    What it does:
        Reports every repeat of a keyword (exact, case-sensitive) at the
        repeat's line.
    Why this matters:
        Keywords are the page's search terms; a repeat adds nothing and shows up
        twice wherever the keywords are listed.
    Why this shows up:
        The pipeline deduplicates gene symbols but appends chemical and disease
        words as they are, so a word that is both a gene symbol and a chemical
        (``PDC``, ``OTC``) or a chemical found twice is written twice.
    Example:
        ```yaml
        schema-jsonld:
          keywords:
          - TP53
          - MDM2
          - Cisplatin
          - Cisplatin
        ```
        ```yaml good
        schema-jsonld:
          keywords:
          - TP53
          - MDM2
          - Cisplatin
        ```
    Curation action:
        Delete the repeat.
    Fix safety:
        Safe: ``--fix`` deletes the repeats; the list keeps every distinct
        keyword in its place.
    """

    code = "KW004"
    fixable = True
    name = "keywords-duplicate"
    severity = Severity.INFO

    def check(self, record, ctx):
        kw = _raw_keywords(record)
        if not isinstance(kw, list):
            return ()
        try:
            if len(set(kw)) == len(kw):
                return ()     # all distinct (the usual case), decided in C
        except TypeError:
            pass              # an unhashable item: the loop below skips it
        return self._repeats(record, kw)

    def _repeats(self, record, kw):
        first: dict = {}
        repeats = []
        for i, k in enumerate(kw):
            if isinstance(k, str):
                if k in first:
                    repeats.append(i)
                else:
                    first[k] = i
        if not repeats:
            return
        fix = drop_items_fix(record, KW, repeats, "delete repeated keywords")
        for n, i in enumerate(repeats):
            k = kw[i]
            line = record.locate(KW + (first[k],))[0]
            # the one fix (all repeats) rides on the first finding only
            yield self.finding(record, KW + (i,), f"keyword {k!r} repeats the one on line {line}",
                               value=k, suggestion="Delete the repeated keyword", fix=fix if n == 0 else None)


class KeywordsCaseVariants(Rule):
    """Keywords that differ only by case or punctuation (``Mtor``/``mtor``).

    What it does:
        Groups the keywords that are equal once case and punctuation are
        ignored (``Mtor``/``mtor``, ``mir-210``/``mir210``, ``Glucose``/``glucose``)
        and reports the groups, once per record, at the first keyword that
        re-spells an earlier one.
        Groups of gene symbols that the genes table assigns to different
        organisms (``MTOR`` human, ``Mtor`` mouse) are orthologs and are not
        reported. Without a genes table (newer layout) the spellings are
        read by each species' symbol style: all-caps is HGNC (``MTOR``),
        capitalised is MGI/RGD (``Mtor``), and all-lowercase is ZFIN or
        FlyBase (``mtor``) when ``organisms`` or ``organisms_ner`` names
        zebrafish or the fruit fly. A group whose spellings are each in a
        different one of these styles is one gene's symbols in several
        species, which the newer pipeline writes by design, and is not
        reported; any other group is, saying that the linter cannot tell
        orthologs apart there (a lowercase spelling in a record that names
        neither species is as likely a chemical word or another mis-read).
        In the older layout the genes are human HGNC symbols, so no group is
        an ortholog pair. Spellings that come from different tables, a gene's
        and a chemical MeSH names (``TYR`` the enzyme, ``Tyr`` tyrosine), are
        two entities and are not reported.
    Why this matters:
        Search is case-insensitive: the variants are the same search term
        twice. When they are not orthologs, one of them is a mis-mapping (a
        chemical word read as a gene symbol, ``Tyr``/``TYR``) or a duplicate
        written with two spellings.
    Why this shows up:
        The newer pipeline maps words against several species' lexicons and
        keeps each species' spelling; chemical words are appended as written
        in the figure, whatever their case.
    Example:
        ```yaml
        schema-jsonld:
          keywords:
          - Mtor
          - mtor
          - mir-210
          - mir210
        ```
        ```yaml good
        schema-jsonld:
          keywords:
          - MTOR
          - MIR210
        ```
    Curation action:
        Keep one spelling per entity unless the variants are genuinely
        different species' genes, and check that each variant's row is a real
        mapping.
    Fix safety:
        Not fixable automatically: which spelling is right depends on the
        species and on the row behind each keyword.
    """

    code = "KW005"
    name = "keywords-case-variants"
    severity = Severity.INFO
    needs = ("mesh",)

    def check(self, record, ctx):
        kw = _raw_keywords(record)
        if not isinstance(kw, list):
            return ()
        # each keyword's loose form, "" for none (not a string, only
        # punctuation); None marks a keyword not in the memo yet
        try:
            keys = list(map(_LOOSE.get, kw))    # in C; only strings are in the memo
        except TypeError:                       # an unhashable item (a list, a dict)
            keys = [None if isinstance(k, str) else "" for k in kw]
        if None in keys:
            keys = [x if x is not None else _loose(k) if isinstance(k, str) else ""
                    for k, x in zip(kw, keys)]
        forms = list(filter(None, keys))
        if len(set(forms)) == len(forms):
            return ()     # no two keywords share a loose form: the usual case
        return self._variants(record, kw, keys, ctx)

    def _variants(self, record, kw, keys, ctx=None):
        groups: dict = {}
        for i, k in enumerate(kw):
            if keys[i]:
                groups.setdefault(keys[i], []).append((i, k))
        ent = entities(record)
        orgs = ent.organisms if ent is not None and ent.layout == "newer" else {}
        ent_layout = ent.layout if ent is not None else "newer"
        lowercase_ok = bool(fish_or_fly(record))   # ZFIN/FlyBase lowercase symbols
        mesh = ctx.knowledge("mesh") if ctx is not None else None
        found = []
        for members in groups.values():
            if len(members) < 2:
                continue
            spellings = distinct(k for _, k in members)
            if len(spellings) < 2:
                continue
            if orgs and all(s in orgs for s in spellings) and _distinct_organisms(spellings, orgs):
                continue  # orthologs: each spelling is another organism's symbol
            if ent is not None and _different_kinds(spellings, ent.names, mesh):
                continue  # TYR the gene and Tyr the chemical (tyrosine): two entities
            if not orgs and ent_layout != "older" and _species_styles(spellings, lowercase_ok):
                continue  # MTOR/Mtor/mtor: one gene in several species, written by design
            found.append((members, spellings))
        if not found:
            return
        found.sort(key=lambda g: g[0][1][0])
        first_index = found[0][0][1][0]
        listing = "; ".join("/".join(s) for _, s in found[:12])
        more = f" and {len(found) - 12} more groups" if len(found) > 12 else ""
        if ent_layout == "older":
            hint = " (the inline genes are human HGNC symbols, so they are not orthologs)"
        elif orgs:
            hint = ""
        else:
            hint = (" (without a genes table the linter cannot tell whether they are "
                    "orthologs from different species)")
        yield self.finding(
            record, KW + (first_index,),
            f"{_plural(len(found), 'group')} of keywords differ only by case or punctuation: {listing}{more}{hint}",
            value=found[0][1][1],
            suggestion="Keep one spelling per entity unless the variants are different species' genes")


# loose() of a keyword, memoised per process: KW005 asks for every keyword of
# every record, and keywords (gene symbols above all) recur across records.
_LOOSE: dict = {}


def _loose(k: str) -> str:
    hit = loose(k)
    remember(_LOOSE, k, hit)
    return hit


def _symbol_style(s: str, lowercase_ok: bool) -> str:
    """'caps' (HGNC), 'capitalised' (MGI/RGD), 'lower' (ZFIN/FlyBase, when the
    record names such a species) or '' for any other spelling (``eIF2A``)."""
    if not s[:1].isalpha():
        return ""
    if s == s.upper():
        return "caps"
    if s == s[:1].upper() + s[1:].lower():
        return "capitalised"
    if lowercase_ok and lowercase_symbol(s):
        return "lower"
    return ""


def _species_styles(spellings, lowercase_ok: bool) -> bool:
    """``MTOR``/``Mtor`` (and ``mtor`` beside a zebrafish or fly): the same
    letters, each spelling in another species' symbol style."""
    if len({s.upper() for s in spellings}) != 1:
        return False  # punctuation differs: ``TLR2``/``tlr-2`` is no species' style
    styles = [_symbol_style(s, lowercase_ok) for s in spellings]
    return all(styles) and len(set(styles)) == len(styles)


def _distinct_organisms(spellings, orgs) -> bool:
    """True when no two spellings share an organism: each is another species' symbol."""
    seen = set()
    for s in spellings:
        o = orgs.get(s, set())
        if seen & o:
            return False
        seen |= o
    return True


for _cls in (KeywordsMissingEntities, KeywordsExtra, KeywordsOrder):
    _cls.__doc__ = _cls.__doc__.replace("{fix}", _FIX_DOC)
