"""Gene mappings that are wrong on their face: no reference data needed.

Each gene row records the OCR ``word``, the lexicon entry it matched
(``symbol`` inline, ``match`` in the genes table) and the resolved gene. The
pipeline transforms words before matching — it expands ranges and lists
(``ENO1-3`` -> ENO1, ENO2, ENO3; ``WNT9/10`` -> WNT9, WNT10) and tries
homoglyph readings (``O``/``0``, ``l``/``1``) — and the two checks here catch
the transforms that went wrong, by comparing the word with the lexicon entry.
"""

from __future__ import annotations

import re

from pfocr_lint.findings import Severity
from pfocr_lint.rule import Rule
from pfocr_lint.rules._entities import all_gene_rows
from pfocr_lint.rules._util import remember

# OCR homoglyphs between letters and digits (uppercase domain: 'l' is 'L'),
# plus the letter pair I/l that OCR confuses as often.
_HOMOGLYPHS = {frozenset(p) for p in ("O0", "I1", "L1", "IL", "S5", "B8", "Z2")}
_LETTER_TO_DIGIT = {"O": "0", "I": "1", "L": "1", "S": "5", "B": "8", "Z": "2"}
_NON_ALNUM = re.compile(r"[^A-Z0-9]+")

# ENO1-3, Eno-1-3: a stem of letters, a number, a dash, a larger number.
_DASH_RANGE = re.compile(r"^(?P<stem>[A-Za-z]+?)-?(?P<a>\d+)-(?P<b>\d+)$")
# GLUT1/3/4, LRP5/6, WNT9/10, mTORC1/2, Smad2,3, KDM6A/B
_LIST = re.compile(r"^(?P<stem>[A-Za-z]+?)-?(?P<first>\d+)(?P<suffix>[A-Za-z]?)"
                   r"(?P<rest>(?:\s*[/,&|]\s*(?:\d+[A-Za-z]?|[A-Za-z]))+)$")
_CHUNK = re.compile(r"\d+[A-Za-z]?|[A-Za-z]")
_EDGE = re.compile(r"^[\s(\[{,.;:*]+|[\s)\]},.;:]+$")


# Memo of norm for strings: every gene row's word, symbol and lexicon entry is
# normalised, and the same symbols recur across records (bounded).
_NORM: dict = {}


def norm(text) -> str:
    if type(text) is str:
        hit = _NORM.get(text)
        if hit is None:
            hit = _NON_ALNUM.sub("", text.upper())
            remember(_NORM, text, hit)
        return hit
    return _NON_ALNUM.sub("", str(text).upper()) if text is not None else ""


def expansion(word) -> tuple:
    """(stem, [symbols]) a range or list word stands for, or (None, [])."""
    if not isinstance(word, str):
        return None, []
    w = _EDGE.sub("", word.strip())
    m = _DASH_RANGE.match(w)
    if m:
        a, b = int(m["a"]), int(m["b"])
        if a < b and b - a < 30:
            return m["stem"], [f"{m['stem']}{n}" for n in range(a, b + 1)]
        return None, []
    m = _LIST.match(w)
    if m:
        stem, first, suffix = m["stem"], m["first"], m["suffix"]
        out = [f"{stem}{first}{suffix}"]
        for chunk in _CHUNK.findall(m["rest"]):
            out.append(f"{stem}{first}{chunk}" if chunk.isalpha() else f"{stem}{chunk}")
        return stem, out
    return None, []


# Memo of expansion for strings: a pure function of the word, and words recur
# across records (bounded). Callers only read the member lists.
_EXPANSION: dict = {}


def _expansion(word) -> tuple:
    if type(word) is not str:
        return expansion(word)
    hit = _EXPANSION.get(word)
    if hit is None:
        hit = expansion(word)
        remember(_EXPANSION, word, hit)
    return hit


def _degraded_roots(stem: str) -> list:
    """Stems the pipeline may have produced by reading the stem's last
    letters as digits (ENO -> EN0 -> the 0 joins the number -> EN)."""
    up = stem.upper()
    roots = []
    k = len(up)
    while k > 1 and up[k - 1] in _LETTER_TO_DIGIT:
        k -= 1
        roots.append(up[:k])
    return [r for r in roots if len(r) >= 2]


def _homoglyph_variant(a: str, b: str) -> list:
    """The (from, to) character swaps turning ``a`` into ``b``, or [] if
    they are not homoglyph variants of each other."""
    if len(a) != len(b) or a == b:
        return []
    swaps = []
    for x, y in zip(a, b):
        if x != y:
            if frozenset((x, y)) not in _HOMOGLYPHS:
                return []
            swaps.append((x, y))
    return swaps


def _row_flags(word: str, row) -> tuple:
    """(the word is a range or list, the row's lexicon entry is a homoglyph
    reading of the word as MP002 groups it)."""
    w = norm(_EDGE.sub("", word.strip()))
    return (bool(_expansion(word)[1]), bool(w) and bool(_homoglyph_variant(w, _lexicon(row))))


# (word, lexicon, symbol) -> _row_flags: a pure function of the cells, and the
# same rows recur across records (bounded per-process memo).
_ROW_FLAGS: dict = {}


def _scan(record, rows) -> tuple:
    """(any row for MP001 to judge, any row for MP002 to judge), one pass over
    the rows shared by both rules: most records have neither, and then a dict
    lookup per row is all the MP rules cost."""
    got = record.cache.get("mp.scan")
    if got is not None:
        return got
    ranges = homoglyphs = False
    memo = _ROW_FLAGS.get
    for row in rows:
        word = row.word
        if not isinstance(word, str):
            continue        # neither rule reads a row without a text word
        lex, sym = row.lexicon, row.symbol
        if type(word) is str and type(lex) is str and type(sym) is str:
            # memo keyed by str cells only (1 == True as dict keys, but not to norm)
            key = (word, lex, sym)
            flags = memo(key)
            if flags is None:
                flags = _row_flags(word, row)
                remember(_ROW_FLAGS, key, flags)
        else:
            flags = _row_flags(word, row)
        if flags[0]:
            ranges = True
        if flags[1]:
            homoglyphs = True
    got = record.cache["mp.scan"] = (ranges, homoglyphs)
    return got


def _at(rule, record, row, message, **kw):
    if row.inline:
        return rule.finding(record, row.parts, message, **kw)
    return rule.finding(None, (), message, path=row.path, line=row.line, **kw)


def _lexicon(row) -> str:
    return norm(row.lexicon) or norm(row.symbol)


class MappingOutsideRange(Rule):
    """A range or list word (``ENO1-3``) is mapped to a gene outside it.

    What it does:
        For a gene word that is a range or list — ``ENO1-3``, ``GLUT1/3/4``,
        ``LRP5/6``, ``CPT1/2``, ``WNT9/10``, ``mTORC1/2`` — computes the symbols
        it stands for (ENO1, ENO2, ENO3) and reports a row whose lexicon entry
        (``symbol`` inline, ``match`` in the genes table) is outside that set
        *and* is built on the stem with its last letters read as digits:
        ``ENO1-3`` mapped to EN1/EN2 (``ENO`` read as ``EN0``, the 0 then taken
        as part of the range). Aliases of the members (``GLUT3`` -> SLC2A3)
        are judged by their lexicon entry and are not reported.
    Why this matters:
        The figure shows enolases; the record publishes engrailed genes (EN1,
        EN2), which then feed the keywords, the gene sets and enrichment
        analyses, while the real genes are missing.
    Why this shows up:
        The pipeline tries homoglyph readings (O->0, l->1) before expanding
        ranges; ``ENO1-3`` becomes ``EN01-3``, whose range expansion is EN1,
        EN2, EN3, and two of those are real HGNC symbols.
    Example:
        ```yaml
        _base: older
        genes:
        - word: ENO1-3
          symbol: EN2
          source: hgnc_symbol
          hgnc_symbol: EN2
          entrez: '2020'
        ```
        ```yaml good
        _base: older
        genes:
        - word: ENO1-3
          symbol: ENO1
          source: hgnc_symbol
          hgnc_symbol: ENO1
          entrez: '2023'
        ```
    Curation action:
        Replace the row by rows for the genes the word names (here ENO1, ENO2,
        ENO3) and update the keywords.
    Fix safety:
        Not fixable automatically: the right ids and sources must be looked up.
    """

    code = "MP001"
    name = "mapping-outside-range"
    severity = Severity.WARNING

    def check(self, record, ctx):
        rows = all_gene_rows(record)
        # Range and list words are rare: return at once (no generator) when
        # the shared scan found none.
        if rows and _scan(record, rows)[0]:
            return self._check(record, rows)
        return ()

    def _check(self, record, rows):
        seen = set()
        for row in rows:
            stem, members = _expansion(row.word)
            if not members:
                continue
            lex = _lexicon(row)
            if not lex or lex in {norm(m) for m in members}:
                continue
            roots = _degraded_roots(stem)
            hit = next((r for r in roots if re.fullmatch(re.escape(r) + r"\d+[A-Z]?", lex)), None)
            if hit is None:
                continue
            key = (row.path, row.word, lex)
            if key in seen:
                continue
            seen.add(key)
            lost = stem.upper()[len(hit):]
            # name the lexicon entry only when it is not the symbol itself
            via = "" if norm(row.symbol) == lex else f" through the lexicon entry {row.lexicon!r}"
            yield _at(self, record, row,
                      f"word {row.word!r} names {', '.join(m.upper() for m in members)}, but this row maps it "
                      f"to {row.symbol}{via}: the {lost!r} of {stem!r} was read as a digit",
                      value=row.word,
                      suggestion=f"Map {row.word!r} to {', '.join(m.upper() for m in members)} instead of {row.symbol}")


class MappingHomoglyph(Rule):
    """A word was also mapped through an OCR homoglyph reading (``Col1a1`` -> COL11A1).

    What it does:
        For each gene word, looks at the lexicon entries its rows matched
        (``symbol`` inline, ``match`` in the genes table). A reading that
        differs from the word only by letter/digit homoglyphs (O/0, l/1, I/1,
        I/l, S/5, B/8, Z/2) is reported when the word is unambiguous without it:
        either the word itself also matched (``Col1a1`` -> COL1A1, and read as
        ``CO11A1`` -> COL11A1), or several homoglyph readings of the word
        matched different genes (``Cll`` read as CL1, C11 and CLI -> DCLK1,
        AKR1C4 and CLU: at most one is the label).
    Why this matters:
        The extra gene is not in the figure; it pollutes the keywords and the
        gene sets, and COL11A1/COL1A1-style pairs look plausible enough to
        survive review.
    Why this shows up:
        The pipeline matches every homoglyph variant of a word against the
        lexicons and keeps all hits, to rescue labels OCR misread; when the
        label was read correctly, the variants add false genes.
    Example:
        ```yaml
        _base: older
        genes:
        - word: Col1a1
          symbol: COL1A1
          source: hgnc_symbol
          hgnc_symbol: COL1A1
          entrez: '1277'
        - word: Col1a1
          symbol: CO11A1
          source: hgnc_alias_symbol
          hgnc_symbol: COL11A1
          entrez: '1301'
        ```
        ```yaml good
        _base: older
        genes:
        - word: Col1a1
          symbol: COL1A1
          source: hgnc_symbol
          hgnc_symbol: COL1A1
          entrez: '1277'
        ```
    Curation action:
        Look at the figure: keep the mapping of the label as printed and
        delete the rows of the homoglyph readings (and their keywords).
    Fix safety:
        Not fixable automatically: when OCR did misread the label, the
        homoglyph reading is the right one.
    """

    code = "MP002"
    name = "mapping-homoglyph"
    severity = Severity.WARNING

    def check(self, record, ctx):
        rows = all_gene_rows(record)
        # Homoglyph readings are rare: the rows are grouped and judged only
        # when the shared scan found a row whose lexicon entry is a homoglyph
        # reading of its word.
        if rows and _scan(record, rows)[1]:
            return self._check(record, rows)
        return ()

    def _check(self, record, rows):
        groups: dict = {}
        for row in rows:
            if isinstance(row.word, str):
                groups.setdefault((row.path, row.word), []).append(row)
        for (_, word), rows in groups.items():
            w = norm(_EDGE.sub("", word.strip()))
            if not w:
                continue
            readings: dict = {}
            for row in rows:
                lex = _lexicon(row)
                readings.setdefault(lex, []).append(row)
            variants = {lex: _homoglyph_variant(w, lex) for lex in readings}
            variants = {lex: sw for lex, sw in variants.items() if sw}
            if not variants:
                continue
            literal = w in readings
            if not literal and len(variants) < 2:
                continue
            for lex, swaps in variants.items():
                first = readings[lex][0]
                genes = ", ".join(sorted({str(r.symbol) for r in readings[lex]}))
                how = ", ".join(f"{a}->{b}" for a, b in swaps)
                if literal:
                    lit = ", ".join(sorted({str(r.symbol) for r in readings[w]}))
                    msg = (f"word {word!r} maps as printed to {lit}, and read as {lex!r} ({how}) also to "
                           f"{genes}: an OCR homoglyph artefact")
                else:
                    others = "; ".join(f"{k} -> {', '.join(sorted({str(r.symbol) for r in readings[k]}))}"
                                       for k in variants)
                    msg = (f"word {word!r} is mapped through {len(variants)} different homoglyph readings "
                           f"({others}); at most one can be the label")
                # every row of the reading gets its finding: each is one gene a
                # curator removes or keeps
                for row in readings[lex]:
                    if literal:
                        yield _at(self, record, row, msg, value=word,
                                  suggestion=f"Check the label in the figure and delete the rows mapped through "
                                             f"{lex!r} if it is not what the figure shows")
                    else:
                        yield _at(self, record, row, msg, value=word,
                                  suggestion="Check the label in the figure and keep only the reading it shows")


# Characters that never stand inside a gene label: OCR reads them from lines,
# arrows and box edges of the figure.
_JUNK = re.compile(r"[\[\]{}|_\\<>~^`]")


class MappingGarbledWord(Rule):
    """A gene was mapped from a garbled OCR fragment (``[AKAP]|1-0`` -> AKAP10).

    What it does:
        Reports a genes row whose word has characters no label holds inside it
        (brackets, braces, ``|``, ``_``, ``\\``, ``<``, ``>``, ``~``, ``^``)
        and whose lexicon entry is the word's letters and digits read across
        them: ``[AKAP]|1-0`` matched AKAP10, ``k_[l`` matched KL.
    Why this matters:
        The fragment is debris of the figure's lines, boxes and model
        variables; the gene it happens to spell is rarely in the figure.
    Why this shows up:
        The pipeline drops punctuation before matching, so debris that
        surrounds a few letters and digits can spell a symbol.
    Example:
        ```yaml
        _base: older
        genes:
        - word: '[AKAP]|1-0'
          symbol: AKAP10
          source: hgnc_symbol
          hgnc_symbol: AKAP10
          entrez: '11216'
        ```
        ```yaml good
        _base: older
        genes:
        - word: AKAP10
          symbol: AKAP10
          source: hgnc_symbol
          hgnc_symbol: AKAP10
          entrez: '11216'
        ```
    Curation action:
        Look at the figure: remove the row unless the label really is the gene.
    Fix safety:
        Not fixable automatically: only the figure shows what the fragment was.
    """

    code = "MP003"
    name = "mapping-garbled-word"
    aliases = ()
    severity = Severity.WARNING

    def check(self, record, ctx):
        out = []
        for row in all_gene_rows(record):
            word = row.word
            if not isinstance(word, str) or not _JUNK.search(word):
                continue
            inner = _EDGE.sub("", word.strip())
            junk = sorted(set(_JUNK.findall(inner)))
            lex = _lexicon(row)
            if not junk or len(lex) < 2 or norm(inner) != lex:
                continue
            out.append(_at(self, record, row,
                           f"word {word!r} is a garbled OCR fragment: {lex} was read from its letters and digits "
                           f"across {' '.join(repr(c) for c in junk)}, which no label holds",
                           value=word, suggestion=f"Remove the row unless the figure's label really is {row.symbol}"))
        return out
