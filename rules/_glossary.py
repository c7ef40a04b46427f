"""What a caption says its abbreviations mean.

Figure captions define abbreviations in two ways:

* a glossary, usually after "Abbreviations:": ``GAS, interferon-gamma-activated
  sequence; Arg: arginine; HBP = hexosamine biosynthetic pathway``;
* in the text: ``calreticulin (CRT)``, ``interferon-gamma-activated sequence
  (GAS)``, and the reverse ``Pgp (P-glycoprotein)``.

:func:`definitions` returns ``{normalised abbreviation: Definition}``. It runs on
every record, so it is a handful of precompiled regular expressions and one
linear pass; the long form of an in-text definition is found with the
Schwartz-Hearst algorithm (the shortest run of preceding words whose letters
spell the abbreviation in order, its first letter starting a word).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pfocr_lint.rules._util import remember

GREEK = {"α": "a", "β": "b", "γ": "g", "δ": "d", "ε": "e", "κ": "k", "λ": "l", "μ": "m",
         "σ": "s", "τ": "t", "ω": "w"}
_GREEK_TABLE = str.maketrans(GREEK)
# Unicode dashes and odd spaces that PMC captions use for '-' and ' '.
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
                         "\u2212": "-", "\u00a0": " ", "\u2009": " ", "\u202f": " "})

_DASH_PAIRS = tuple((chr(k), v) for k, v in _DASHES.items())
_GREEK_PAIRS = tuple(GREEK.items())


def _undash(text: str) -> str:
    """``text.translate(_DASHES)``, fast: str.translate with a dict looks up
    every character, while an ASCII text needs nothing and a few ``in`` scans
    and replaces do the rest (the replacements are not themselves replaced)."""
    if text.isascii():
        return text
    for ch, to in _DASH_PAIRS:
        if ch in text:
            text = text.replace(ch, to)
    return text


def _ungreek(text: str) -> str:
    """``text.translate(_GREEK_TABLE)``, fast (as :func:`_undash`)."""
    if text.isascii():
        return text
    for ch, to in _GREEK_PAIRS:
        if ch in text:
            text = text.replace(ch, to)
    return text


_MARKER = re.compile(r"\babbreviations?\b\s*[:.]?", re.I)
# Glossary entries are separated by ';' (and by '.' ending a sentence).
_SEGMENT_SPLIT = re.compile(r";|\.(?=\s|$)|\.(?=[A-Z][a-z])")
_ENTRY = re.compile(
    r"^\s*(?P<abbr>[^\s,:;=()]{1,16})\s*(?P<sep>:|=|,|\s[-\u2013\u2014]\s)\s*(?P<long>[^:=]{2,120}?)\s*$")
_PAREN_AFTER = re.compile(r"\(([^()\s]{2,12})\)")
_PAREN_REVERSE = re.compile(r"(?:^|[\s(])([^\s()]{2,12})\s\(([^()]{4,80})\)")
_WORD = re.compile(r"\S+")
_SLASH_SERIES = re.compile(r"^(?P<stem>[A-Za-z]+)(?P<first>\d+)(?P<rest>(?:/\d+)+)$")


@dataclass(frozen=True)
class Definition:
    abbr: str          # as written in the caption
    long: str          # the long form
    how: str           # "glossary" | "in-text"


# Memo of norm_abbr: the AB rules normalise every caption token and every
# alias of every mapped gene, and the same few thousand words recur across
# records. Bounded so a huge corpus of distinct tokens cannot grow it forever.
_NORM: dict = {}


def norm_abbr(text: str) -> str:
    """Compare abbreviations ignoring case, Greek letters and hyphens: 'NF-κB' -> 'NFKB'."""
    hit = _NORM.get(text)
    if hit is None:
        hit = _ungreek(_undash(text)).replace("-", "").replace(".", "").upper()
        remember(_NORM, text, hit)
    return hit


# map/filter with the str methods: the same tests as a generator expression,
# without a Python frame per character.
def _letters(text: str) -> str:
    return "".join(filter(str.isalnum, _ungreek(text).lower()))


def _uppers(text: str) -> int:
    return sum(map(str.isupper, text))


def is_abbreviation_like(token: str, strict: bool) -> bool:
    """An abbreviation has capitals in it (GAS, AhR, miRNA, αKG, Th17); a
    glossary entry (``strict``) needs two capitals, a capital and a digit, or a
    three-letter Title-case word (Arg, Asn)."""
    if not token or len(token) > 16 or not any(map(str.isalpha, token)):
        return False
    ups = _uppers(token)
    if not strict:
        return ups >= 1 and not (token[0].isupper() and token[1:].isalpha() and token[1:].islower()
                                 and len(token) > 4)
    if ups >= 2 or (ups >= 1 and any(map(str.isdigit, token))):
        return True
    return len(token) <= 3 and token[0].isupper() and token[1:].islower()


def spells(short: str, long: str) -> bool:
    """True when the letters of ``short`` occur in order in ``long``, the first
    one starting a word (the loose check for glossary entries)."""
    s = _letters(short)
    if not s:
        return False
    text = _ungreek(_undash(long)).lower()
    starts = [m.start() for m in re.finditer(r"(?<![a-z0-9])[a-z0-9]", text)]
    for st in starts:
        if text[st] != s[0]:
            continue
        pos = st + 1
        ok = True
        for ch in s[1:]:
            pos = text.find(ch, pos)
            if pos < 0:
                ok = False
                break
            pos += 1
        if ok:
            return True
    return False


def best_long_form(short: str, long: str):
    """Schwartz & Hearst (2003): the shortest suffix of ``long`` that spells ``short``."""
    s_text = _ungreek(short).lower()
    l_text = _ungreek(long).lower()
    s = len(s_text) - 1
    i = len(l_text) - 1
    while s >= 0:
        c = s_text[s]
        if not c.isalnum():
            s -= 1
            continue
        while i >= 0 and (l_text[i] != c or (s == 0 and i > 0 and l_text[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    start = long.rfind(" ", 0, i + 1) + 1
    result = long[start:].strip()
    return result or None


def _expand(abbr: str) -> list:
    """'CPT1/2' -> ['CPT1/2', 'CPT1', 'CPT2']; 'DCs' -> ['DCs', 'DC']."""
    out = [abbr]
    m = _SLASH_SERIES.match(abbr)
    if m:
        out.append(m["stem"] + m["first"])
        out.extend(m["stem"] + n for n in m["rest"].split("/") if n)
    if len(abbr) > 2 and abbr.endswith("s") and abbr[-2].isupper():
        out.append(abbr[:-1])
    return out


def _add(found: dict, abbr: str, long: str, how: str) -> None:
    long = long.strip(" ,.;:")
    if not long or norm_abbr(long) == norm_abbr(abbr):
        return
    for a in _expand(abbr):
        found.setdefault(norm_abbr(a), Definition(a, long, how))


# Characters that match a letter of "abbreviation" under re.I although their
# lower() is not that letter (found by testing every code point).
_FOLD_ODD = ("\u0130", "\u0131", "\u017f")


def _marker(text: str):
    """``_MARKER.search(text)``; the regex (case-insensitive, word boundaries)
    runs only when the word can be there, which most captions rule out by a
    plain substring test."""
    if "abbreviation" in text.lower() or (not text.isascii() and any(c in text for c in _FOLD_ODD)):
        return _MARKER.search(text)
    return None


def _paren_reverse(text: str):
    """``_PAREN_REVERSE.finditer(text)``, fast. Every match has its word right
    before a whitespace + '(' (the word is a maximal run of non-space,
    non-parenthesis characters, so it ends there), and starts one character
    before that word (or at 0 through '^'). So the regex is tried only at those
    starts, in order, each at or after the previous match's end, which is
    exactly what finditer does."""
    out = []
    end = 0
    q = text.find("(", 1)
    while q > 0:
        if text[q - 1].isspace():
            r = q - 1
            while r > 0 and not text[r - 1].isspace() and text[r - 1] not in "()":
                r -= 1
            for p in ((r - 1,) if r > 0 else (0,)):
                if p >= end:
                    m = _PAREN_REVERSE.match(text, p)
                    if m:
                        out.append(m)
                        end = m.end()
        q = text.find("(", q + 1)
    return out


# A comma before another "ABBR=" or "ABBR:" starts a new glossary entry.
_SUBENTRY_SPLIT = re.compile(r",\s*(?=[^\s,:;=()]{1,16}\s*[=:])")


def _comma_series(found: dict, seg: str) -> None:
    """Definitions that follow each other, separated by commas alone:
    ``PEP, phosphoenolpyruvate, PEPC, PEPC carboxylase``. An item is an
    abbreviation defined by the next item when that item spells it."""
    items = [x.strip() for x in seg.split(",")]
    i = 0
    while i < len(items) - 1:
        abbr, long = items[i], items[i + 1]
        if abbr and " " not in abbr and is_abbreviation_like(abbr, strict=True) and 2 <= len(long) <= 120 \
                and len(long.split()) <= 10 and norm_abbr(long) != norm_abbr(abbr) and spells(abbr, long):
            _add(found, abbr, long, "glossary")
            i += 2
        else:
            i += 1


_LAST: list = [None, None]    # the last caption parsed and its definitions


def definitions(caption) -> dict:
    """``{norm_abbr(abbreviation): Definition}`` for one caption (any type; non-strings give {}).

    The last caption's answer is kept: the caption analysis and the row
    judgement ask about the same record one after the other. Treat the
    result as read-only."""
    if not isinstance(caption, str) or len(caption) < 5:
        return {}
    if _LAST[0] == caption:
        return _LAST[1]
    found = _definitions(caption)
    _LAST[0], _LAST[1] = caption, found
    return found


def _definitions(caption: str) -> dict:
    text = _undash(caption)
    found: dict = {}
    marker = _marker(text)
    glossary_start = marker.end() if marker else None
    # Glossary entries: "ABBR: long", "ABBR, long", "ABBR = long", "ABBR - long".
    offset = 0
    for seg in _SEGMENT_SPLIT.split(text):
        seg_start = offset
        offset += len(seg) + 1
        if glossary_start is not None and seg_start < glossary_start <= seg_start + len(seg):
            seg = text[glossary_start:seg_start + len(seg)]
        in_glossary = glossary_start is not None and seg_start + len(seg) >= glossary_start
        if seg.count(",") >= 3:
            _comma_series(found, seg)
        # "AR=autosomal recessive, AD=autosomal dominant": several entries in one segment
        for part in (_SUBENTRY_SPLIT.split(seg) if "=" in seg or ":" in seg else (seg,)):
            m = _ENTRY.match(part)
            if not m:
                continue
            abbr, sep, long = m["abbr"], m["sep"].strip(), m["long"]
            if not is_abbreviation_like(abbr, strict=True) or len(long.split()) > 10:
                continue
            if sep == ",":
                # A comma also separates list items ("JAK1, TYK2 and JAK2"): only a
                # glossary context or a lower-case long form makes it a definition.
                first = long.lstrip()[:1]
                if not (in_glossary or first.islower()) or any(
                        _uppers(w) >= 2 for w in long.split()[:1]):
                    continue
            if spells(abbr, long):
                _add(found, abbr, long, "glossary")
    # In-text: "long form (ABBR)".
    for m in _PAREN_AFTER.finditer(text):
        abbr = m.group(1).strip(".,;:")
        if not is_abbreviation_like(abbr, strict=False) or norm_abbr(abbr) in found:
            continue
        before = text[max(0, m.start() - 160):m.start()]
        words = _WORD.findall(before)
        n = len(_letters(abbr))
        window = words[-min(n + 5, 2 * n):] if words else []
        if not window:
            continue
        long = best_long_form(abbr, " ".join(window))
        if long and len(_letters(long)) > len(_letters(abbr)):
            _add(found, abbr, long, "in-text")
    # Reverse in-text: "ABBR (long form)".
    for m in _paren_reverse(text):
        abbr, long = m.group(1).strip(".,;:"), m.group(2)
        if norm_abbr(abbr) in found or not is_abbreviation_like(abbr, strict=False):
            continue
        if " " not in long.strip() and "-" not in long:
            continue
        if _letters(long)[:1] == _letters(abbr)[:1] and spells(abbr, long) and len(long) > len(abbr) + 2:
            _add(found, abbr, long, "in-text")
    return found
