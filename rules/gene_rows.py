"""Gene rows: the inline ``genes`` list (older layout) and the rows of
``_data/<figid>-genes.tsv`` (newer layout), each row on its own.

A row maps an OCR ``word`` through a lexicon entry (``symbol`` / ``match``)
to a resolved gene (``hgnc_symbol`` + ``entrez`` / ``ncbigene_symbol`` +
``ncbigene_id``) and names the lexicon ``source``. Findings on a table row
point at the table file and the row's line.
"""

from __future__ import annotations

import re
from collections import Counter

from pfocr_lint.findings import Severity
from pfocr_lint.rule import Rule
from pfocr_lint.rules._entities import all_gene_rows, inline_gene_rows
from pfocr_lint.rules._util import MEMO_LIMIT, drop_items_fix, remember

KNOWN_SOURCES = frozenset({
    "hgnc_symbol", "hgnc_alias_symbol", "hgnc_prev_symbol", "bioentities_symbol",
    "ncbigene_symbol", "ncbigene_synonym", "famplex_relations",
})
# R's NA and its spellings: a placeholder is reported by the placeholder rules
# (inline) or TB003 (tables), not once more here.
_NA = frozenset({"NA", ".na.character", ".na", "NULL", "N/A", "NaN"})
_DIGITS = re.compile(r"[0-9]+")


def _col(row, inline_name: str, table_name: str) -> str:
    return inline_name if row.inline else table_name


def _at(rule, record, row, field: str, message: str, **kw):
    """A finding at the row's field (inline) or at the table row's line."""
    if row.inline:
        parts = row.parts + ((field,) if isinstance(record.get(row.parts), dict)
                             and field in record.get(row.parts) else ())
        return rule.finding(record, parts, message, **kw)
    return rule.finding(None, (), message, path=row.path, line=row.line, **kw)


def _missing(value) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in _NA)


class GeneRowDuplicate(Rule):
    """The same gene row is listed more than once in the inline ``genes``.

    What it does:
        Reports inline ``genes`` items that repeat an earlier item field for
        field (same ``word``, ``symbol``, ``source``, ``hgnc_symbol`` and
        ``entrez``), once per repeated row, at the first repeat, with the lines
        of all copies. Rows that share a word but map it to different genes
        (``IFNA/IFNB`` -> IFNA1, IFNA2, ...) are an expansion, not a duplicate.
        Repeated rows of a genes table are TB002's business.
    Why this matters:
        Mildly: the rows carry no position, so a repeat adds nothing but
        length, and tools that count rows (gene-set sizes, "N genes"
        summaries) over-count the gene.
    Why this shows up:
        The pipeline writes one row per OCR hit: a figure that shows STAT1 in
        seven boxes gets seven identical STAT1 rows. That is faithful OCR, not
        a mapping error, hence the low severity.
    Example:
        ```yaml
        _base: older
        genes:
        - word: BCL2
          symbol: BCL2
          source: hgnc_symbol
          hgnc_symbol: BCL2
          entrez: '596'
        - word: BCL2
          symbol: BCL2
          source: hgnc_symbol
          hgnc_symbol: BCL2
          entrez: '596'
        schema-jsonld:
          keywords:
          - BCL2
          - imatinib
          - Chronic myelogenous leukemia
        ```
        ```yaml good
        _base: older
        ```
    Curation action:
        Keep one row per distinct mapping unless the number of occurrences is
        wanted.
    Fix safety:
        Unsafe: ``--unsafe-fixes`` deletes every repeat, keeping the first
        row of each; unsafe because it drops the occurrence count, which a
        curator may want to keep.
    """

    code = "GR001"
    fixable = True
    name = "gene-row-duplicate"
    severity = Severity.INFO

    def check(self, record, ctx):
        rows = inline_gene_rows(record)
        if len(rows) < 2:
            return ()
        # Rows with equal ``raw`` have the same repr of their 'word' value (raw
        # holds (str(key), repr(value)) pairs): count a cheap key first and
        # build ``raw`` only for rows that may repeat. A string word is its
        # own key (equal reprs of strings are equal strings); other values use
        # their repr. A key shared by rows of different raws only adds
        # candidates; groups of one report nothing, so the findings and their
        # order are unchanged.
        keys = [w if w.__class__ is str else repr(w) for w in [row.word for row in rows]]
        counts = Counter(keys)
        if len(counts) == len(keys):
            return ()     # no word repeats: no row can (the usual case)
        return self._duplicates(record, rows, keys, counts)

    def _duplicates(self, record, rows, keys, counts):
        groups: dict = {}
        for row, k in zip(rows, keys):
            if counts[k] > 1:
                groups.setdefault(row.raw, []).append(row)
        repeats = [r.parts[1] for rows in groups.values() for r in rows[1:]]
        # one fix for the whole list (the fixer checks the resulting list)
        fix = drop_items_fix(record, ("genes",), repeats, "delete repeated gene rows",
                             safety="unsafe") if repeats else None
        for rows in groups.values():
            if len(rows) < 2:
                continue
            r, fix = rows[0], fix  # the one fix (all repeats) rides on the first finding only
            lines = ", ".join(str(record.locate(x.parts)[0]) for x in rows)
            yield self.finding(
                record, rows[1].parts,
                f"gene row word {r.word!r} -> {r.symbol} (entrez {r.entrez}) is listed {len(rows)} times "
                f"(lines {lines})",
                value=r.word, suggestion="Keep one row per distinct mapping", fix=fix)
            fix = None


_ENTREZ_FINE: dict = {}


def _entrez_fine(v: str) -> bool:
    """An id string GR002 accepts (digits, or NA left to other rules);
    remembered per process when it is."""
    if v in _ENTREZ_FINE:
        return True
    stripped = v.strip()
    if stripped in _NA or _DIGITS.fullmatch(stripped):
        remember(_ENTREZ_FINE, v, True)
        return True
    return False


class GeneRowEntrezNotDigits(Rule):
    """A gene row's Entrez/NCBI Gene id is not a number.

    What it does:
        Reports inline ``entrez`` values and ``ncbigene_id`` cells of the genes
        table that are not made of digits (an empty value included). NA is left
        to the placeholder rules and TB003.
    Why this matters:
        The id is the join key to NCBI Gene, the GMT gene sets and
        WikiPathways; a non-numeric id silently drops the gene from every
        export.
    Why this shows up:
        A column shift in the pipeline's data frame, a symbol pasted into the
        id column by hand, or a float conversion (``4790.0``).
    Example:
        ```yaml
        _base: older
        genes:
        - word: NFKB1
          symbol: NFKB1
          source: hgnc_symbol
          hgnc_symbol: NFKB1
          entrez: NFKB1
        - word: BCL2
          symbol: BCL2
          source: hgnc_symbol
          hgnc_symbol: BCL2
          entrez: '596'
        - word: CCN1
          symbol: CCN1
          source: hgnc_symbol
          hgnc_symbol: CCN1
          entrez: '3491'
        ```
        ```yaml good
        _base: older
        ```
    Curation action:
        Look the gene up (NCBI Gene or HGNC) and write its numeric id.
    Fix safety:
        Not fixable automatically.
    """

    code = "GR002"
    name = "gene-entrez-not-digits"
    severity = Severity.ERROR

    def check(self, record, ctx):
        rows = all_gene_rows(record)
        if not rows:
            return ()
        # Most ids are digit strings seen before: drop them in one C-level
        # pass over a memo of the strings known to be fine (ids or NA).
        fine = _ENTREZ_FINE
        try:
            rows = [row for row in rows if row.entrez not in fine]
        except TypeError:
            pass          # an unhashable value: judge every row below
        if not rows:
            return ()
        return self._judge(record, rows)

    def _judge(self, record, rows):
        for row in rows:
            v = row.entrez
            if v.__class__ is str and _entrez_fine(v):
                continue
            if isinstance(v, int) and not isinstance(v, bool) and v > 0:
                continue
            if _missing(v) and v is not None:
                continue
            if row.inline and v is None and not isinstance(record.get(row.parts), dict):
                continue
            if isinstance(v, str) and _DIGITS.fullmatch(v.strip()):
                continue
            col = _col(row, "entrez", "ncbigene_id")
            shown = "missing" if v is None else repr(v)
            yield _at(self, record, row, "entrez",
                      f"{col} of gene {row.symbol!r} (word {row.word!r}) is {shown}, not a numeric id",
                      value=v, suggestion=f"Write the gene's numeric NCBI Gene id in {col}")


class GeneRowSymbolEmpty(Rule):
    """A gene row has no resolved symbol.

    What it does:
        Reports inline rows whose ``hgnc_symbol`` is missing or empty and
        genes-table rows whose ``ncbigene_symbol`` is empty (NA is left to the
        placeholder rules and TB003).
    Why this matters:
        The resolved symbol is what the keywords, the page's gene list and the
        gene sets show: a row without one is an unresolved mapping published
        as if it were resolved.
    Why this shows up:
        A lexicon hit whose target was withdrawn from HGNC, or a join that
        failed in the pipeline after the lexicon step.
    Example:
        ```yaml
        _base: older
        genes:
        - word: NFKB1
          symbol: NFKB1
          source: hgnc_symbol
          hgnc_symbol: ''
          entrez: '4790'
        - word: BCL2
          symbol: BCL2
          source: hgnc_symbol
          hgnc_symbol: BCL2
          entrez: '596'
        - word: CCN1
          symbol: CCN1
          source: hgnc_symbol
          hgnc_symbol: CCN1
          entrez: '3491'
        ```
        ```yaml good
        _base: older
        ```
    Curation action:
        Resolve the gene from its id (``entrez``) and fill the symbol in, or
        delete the row if the word is not a gene.
    Fix safety:
        Not fixable automatically.
    """

    code = "GR003"
    name = "gene-symbol-empty"
    severity = Severity.ERROR

    def check(self, record, ctx):
        # one comprehension finds the (rare) rows without a symbol
        empty = [row for row in all_gene_rows(record)
                 if (v := row.symbol) is None or (isinstance(v, str) and not v.strip())]
        if not empty:
            return ()
        return self._report(record, empty)

    def _report(self, record, rows):
        for row in rows:
            if row.inline and not isinstance(record.get(row.parts), dict):
                continue
            col = _col(row, "hgnc_symbol", "ncbigene_symbol")
            yield _at(self, record, row, "hgnc_symbol",
                      f"gene row for word {row.word!r} (id {row.entrez}) has no {col}",
                      suggestion=f"Fill {col} in from the gene id, or delete the row if the word is not a gene")


class GeneRowUnknownSource(Rule):
    """A gene row names a lexicon ``source`` the pipeline does not have.

    What it does:
        Reports ``source`` values outside the pipeline's lexicons:
        hgnc_symbol, hgnc_alias_symbol, hgnc_prev_symbol, bioentities_symbol
        (older runs), ncbigene_symbol, ncbigene_synonym, famplex_relations
        (newer runs). Once per distinct value per record or table.
    Why this matters:
        The source says how trustworthy a mapping is (an official symbol
        versus an alias or a family expansion); curators and the site filter
        on it. An unknown value cannot be weighed.
    Why this shows up:
        Hand edits (``HGNC``, ``manual``), a typo, or a column shift that put
        another field into ``source``.
    Example:
        ```yaml
        _base: older
        genes:
        - word: NFKB1
          symbol: NFKB1
          source: HGNC
          hgnc_symbol: NFKB1
          entrez: '4790'
        - word: BCL2
          symbol: BCL2
          source: hgnc_symbol
          hgnc_symbol: BCL2
          entrez: '596'
        - word: CCN1
          symbol: CCN1
          source: hgnc_symbol
          hgnc_symbol: CCN1
          entrez: '3491'
        ```
        ```yaml good
        _base: older
        ```
    Curation action:
        Write the lexicon the mapping came from (``hgnc_symbol`` for an
        official symbol, ``hgnc_alias_symbol`` for an alias, ...).
    Fix safety:
        Not fixable automatically.
    """

    code = "GR004"
    name = "gene-source-unknown"
    severity = Severity.WARNING

    def check(self, record, ctx):
        # one comprehension drops the rows with a known source (nearly all)
        odd = [row for row in all_gene_rows(record)
               if not (isinstance(row.source, str) and row.source in KNOWN_SOURCES)]
        if not odd:
            return ()
        return self._report(record, odd)

    def _report(self, record, rows):
        seen = set()
        for row in rows:
            v = row.source
            if row.inline and not isinstance(record.get(row.parts), dict):
                continue
            if isinstance(v, str) and v in KNOWN_SOURCES:
                continue
            if v is None or _missing(v):
                continue  # absent / NA: the schema and placeholder rules
            key = (row.path, v if isinstance(v, str) else repr(v))
            if key in seen:
                continue
            seen.add(key)
            yield _at(self, record, row, "source",
                      f"gene source {v!r} (word {row.word!r}) is not one of the pipeline's lexicons",
                      value=v, suggestion="Use one of: " + ", ".join(sorted(KNOWN_SOURCES)))


# A word starting or ending with punctuation the OCR tokenizer left attached.
# '+' (CD4+), "'" (3'), balanced wrapping brackets ("(ASK1)") and a trailing
# '*' (a figure's footnote/significance mark: "APOA2*", six labels of one
# corpus figure) are legitimate.
_LEAD = re.compile(r"^[,.;:/\\*_|&\-\])}]")
_TRAIL = re.compile(r"[,.;:/\\_|&\-(\[{]$")
_OPEN, _CLOSE = "([{", ")]}"


def _unbalanced(word: str) -> bool:
    stack = []
    for ch in word:
        if ch in _OPEN:
            stack.append(_OPEN.index(ch))
        elif ch in _CLOSE:
            if not stack or stack.pop() != _CLOSE.index(ch):
                return True
    return bool(stack)


def ocr_debris(word) -> str:
    """Why ``word`` looks like OCR debris, or ''."""
    if not isinstance(word, str) or not word.strip():
        return ""
    w = word.strip()
    reasons = []
    if _unbalanced(w):
        reasons.append("unbalanced brackets")
    if _LEAD.search(w) or (w[0] in _OPEN and not _unbalanced(w) and w[-1] not in _CLOSE):
        reasons.append(f"leading {w[0]!r}")
    if _TRAIL.search(w):
        reasons.append(f"trailing {w[-1]!r}")
    return " and ".join(reasons)


# Words ocr_debris() found clean, remembered per process (OCR words recur
# across records): a set, so that GR005 can filter rows in one pass.
_CLEAN_WORDS: set = set()


def _debris(word: str) -> str:
    why = ocr_debris(word)
    if not why:
        if len(_CLEAN_WORDS) > MEMO_LIMIT:
            _CLEAN_WORDS.clear()
        _CLEAN_WORDS.add(word)
    return why


class GeneWordOcrDebris(Rule):
    """A gene row's OCR ``word`` carries punctuation debris (``(Osx,``, ``-RANKL``).

    What it does:
        Reports gene words with unbalanced brackets (``(Src``, ``MAPK)``) or
        with punctuation stuck to their start or end (``-RANKL``, ``Bcl-2.``,
        ``*Gao/goa-1``, ``Bad,Bmf,Bim,``), once per distinct word per record or
        table, at its first row. ``CD4+``, ``3'``, a trailing ``*`` (a
        figure's footnote mark, ``APOA2*``) and a word wrapped in balanced
        brackets (``(ASK1)``) are left alone.
    Why this matters:
        The debris shows that the OCR token boundary was wrong: the word may
        be glued to a neighbouring label or a list, and the mapping behind it
        (``His,`` -> AKR1B10, histidine read as a gene) deserves a look. The
        word is also shown verbatim on the figure's page.
    Why this shows up:
        Google Vision OCR returns tokens split on whitespace; brackets,
        commas and arrows drawn next to a label end up in the token, and the
        pipeline strips them only for matching.
    Example:
        ```yaml
        _base: older
        genes:
        - word: (Nfkb1,
          symbol: NFKB1
          source: hgnc_symbol
          hgnc_symbol: NFKB1
          entrez: '4790'
        - word: BCL2
          symbol: BCL2
          source: hgnc_symbol
          hgnc_symbol: BCL2
          entrez: '596'
        - word: CCN1
          symbol: CCN1
          source: hgnc_symbol
          hgnc_symbol: CCN1
          entrez: '3491'
        ```
        ```yaml good
        _base: older
        ```
    Curation action:
        Check that the mapping is right for the label in the figure; trim the
        word to the label (``(Osx,`` -> ``Osx``).
    Fix safety:
        Not fixable automatically: the label may also have lost characters.
    """

    code = "GR005"
    name = "gene-word-ocr-debris"
    severity = Severity.INFO

    def check(self, record, ctx):
        # one comprehension over the memo of clean words drops nearly every row
        clean = _CLEAN_WORDS
        rows = [row for row in all_gene_rows(record)
                if not (row.word.__class__ is str and row.word in clean)]
        if not rows:
            return ()
        return self._report(record, rows)

    def _report(self, record, rows):
        seen = set()
        for row in rows:
            w = row.word
            if not isinstance(w, str) or (row.path, w) in seen:
                continue
            seen.add((row.path, w))
            why = _debris(w)
            if not why:
                continue
            targets = sorted({str(r.symbol) for r in all_gene_rows(record)
                              if r.word == w and r.path == row.path})
            yield _at(self, record, row, "word",
                      f"gene word {w!r} has OCR debris ({why}); it is mapped to {', '.join(targets[:8])}"
                      + (" ..." if len(targets) > 8 else ""),
                      value=w, suggestion="Check the mapping against the figure's label and trim the word")
