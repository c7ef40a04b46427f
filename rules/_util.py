"""Helpers shared by rule modules (not a rule module: the leading '_' hides it)."""

from __future__ import annotations

import json
import re

from pfocr_lint.findings import Edit, Fix

_PLAIN_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._()/+-]*$")


#: Per-process memos of pure functions (keyed by words, symbols, row cells)
#: are emptied when they pass this size, so a run over a huge repository of
#: distinct words cannot grow them without end.
MEMO_LIMIT = 200_000


def remember(memo: dict, key, value, limit: int = MEMO_LIMIT):
    """Store ``value`` under ``key`` in a bounded per-process memo; return it."""
    if len(memo) > limit:
        memo.clear()
    memo[key] = value
    return value


_SCALARS: dict = {}


def yaml_scalar(value: str) -> str:
    """``value`` as a YAML scalar in the R yaml writer's style: plain when it
    is safe, otherwise single-quoted; double-quoted with escapes when it holds
    a line break or a control character."""
    # Fixes rewrite whole keyword lists (every symbol, in every record that
    # gets the fix): memoised per process, a pure function of the text.
    try:
        return _SCALARS[value]
    except KeyError:
        return remember(_SCALARS, value, _yaml_scalar(value))


# Characters a single-quoted scalar cannot hold as they are: a line break in
# one is folded into a space when read back (and YAML takes NEL, LS, PS for
# line breaks too); the other controls are not allowed in YAML text at all.
_NEEDS_DOUBLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")
_DOUBLE_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _double_quoted(value: str) -> str:
    out = []
    for c in value:
        if c in _DOUBLE_ESCAPES:
            out.append(_DOUBLE_ESCAPES[c])
        elif _NEEDS_DOUBLE.match(c):
            o = ord(c)
            out.append(f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def _yaml_scalar(value: str) -> str:
    if _NEEDS_DOUBLE.search(value):
        return _double_quoted(value)
    if _PLAIN_SAFE.match(value) and not value.endswith(" ") and value.lower() not in (
            "yes", "no", "true", "false", "on", "off", "null", "na", "y", "n", "~"):
        try:
            float(value)
        except ValueError:
            return value
    return "'" + value.replace("'", "''") + "'"


def block_list(items, indent: str = "") -> str:
    """A block sequence starting on a new line: ``\\n- a\\n- b``."""
    return "".join(f"\n{indent}- {yaml_scalar(str(i))}" for i in items)


def replace_value_fix(record, parts, new_text: str, new_value, description: str,
                      safety: str = "safe", eat_space_before: bool = False) -> Fix | None:
    """A fix replacing the value at ``parts`` with ``new_text`` (YAML source);
    the fixer re-parses and checks the value becomes ``new_value``."""
    span = record.span(parts)
    if span is None:
        return None
    start, end = span
    if eat_space_before:
        while start > 0 and record.text[start - 1] == " ":
            start -= 1
    old_src = record.text[start:end]
    if "\n" in old_src.rstrip("\n") and isinstance(new_value, str):
        folded = refold(old_src.rstrip("\n"), new_value, new_text)
        if folded is not None:
            new_text = folded + old_src[len(old_src.rstrip("\n")):]
    if record.text[start:end].endswith("\n") and not new_text.endswith("\n"):
        # A block scalar (``|``, ``>``) or block collection ends with its
        # line break: keep it, or the next key joins this line.
        new_text += "\n"
    return Fix(description, (Edit(start, end, new_text),), safety, ((tuple(parts), new_value),))


def _source_lines(src: str):
    """The words of each source line of a folded plain or single-quoted
    scalar, unescaped; None for other styles."""
    quoted = src.startswith("'")
    if src.startswith(('"', "|", ">")) or (quoted and not src.endswith("'")):
        return None, False
    body = src[1:-1] if quoted else src
    lines = [ln.split() for ln in body.split("\n")]
    if quoted:
        lines = [[w.replace("''", "'") for w in ln] for ln in lines]
    if any(not ln for ln in lines):      # a blank line is a line break in the value, not a fold
        return None, False
    return lines, quoted


def refold(old_src: str, new_value: str, new_text: str):
    """``new_text`` folded over lines as ``old_src`` was, or None.

    A fix that changes a long value folded over several lines (as the R yaml
    writer folds at 80 columns) would otherwise put it on one long line and
    make the diff noisy. The words are aligned with the old value's, and a
    line break is kept after every word that did not change; the result is
    checked to read back as ``new_value``."""
    import difflib

    import yaml

    lines, quoted = _source_lines(old_src)
    if lines is None or len(lines) < 2 or new_value != " ".join(new_value.split()):
        return None
    old_words = [w for ln in lines for w in ln]
    breaks, n = set(), 0
    for ln in lines[:-1]:
        n += len(ln)
        breaks.add(n - 1)                # a line break after old word n-1
    new_words = new_value.split()
    out_lines, cur = [], []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for k, j in enumerate(range(j1, j2)):
            cur.append(new_words[j])
            i = i1 + k
            last_of_block = j == j2 - 1
            if (tag == "equal" and i in breaks) or (tag != "equal" and last_of_block
                                                      and any(b in breaks for b in range(i1, i2))):
                out_lines.append(cur)
                cur = []
    if cur:
        out_lines.append(cur)
    if len(out_lines) < 2:
        return None
    indent = re.match(r"[ \t]*", old_src.split("\n")[1]).group(0)
    # the old quoting style first (the smallest diff), then the one the fix chose
    for quote in dict.fromkeys((quoted, new_text.startswith("'"))):
        esc = (lambda w: w.replace("'", "''")) if quote else (lambda w: w)
        body = ("\n" + indent).join(" ".join(esc(w) for w in ln) for ln in out_lines)
        text = f"'{body}'" if quote else body
        try:
            back = yaml.safe_load("k: " + text.replace("\n" + indent, "\n  "))
        except Exception:  # PyYAML's constructors fail in more ways than YAMLError
            continue
        if isinstance(back, dict) and back.get("k") == new_value:
            return text
    return None


def strings(value, parts=()):
    """Every string in a value, with its field path: (parts, text)."""
    if isinstance(value, str):
        yield parts, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(v, parts + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from strings(v, parts + (i,))


def as_json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


# -- "no value" markers ----------------------------------------------------
# The R yaml writer spells a missing character value ``.na.character`` (and
# ``.na``, ``.na.integer``, ``.na.real`` for other vector types); R code that
# pastes values writes the plain words. Matched on the whole stripped value,
# case-sensitively: "Na" (sodium) or "nan" in a word list must stay legal.
R_NA_MARKERS = frozenset({".na", ".na.character", ".na.integer", ".na.real", ".na.logical",
                          "NA_character_", "NA_integer_", "NA_real_"})
NA_WORDS = frozenset({"NA", "<NA>", "N/A", "n/a", "NaN", ".nan", ".NaN", ".NAN", "NULL"})
PLACEHOLDERS = R_NA_MARKERS | NA_WORDS


def is_placeholder(value) -> bool:
    """True for a string that stands for "no value" (R's NA and friends)."""
    return isinstance(value, str) and value.strip() in PLACEHOLDERS


def drop_items_fix(record, list_parts, indices, description: str, safety: str = "safe"):
    """A fix deleting the block-sequence items ``indices`` of the list at
    ``list_parts`` (each ``- item`` line, continuation lines included).

    One fix per list: the fixer checks the whole resulting list, so two fixes
    on one list would contradict each other. None when an item is not on a
    line of its own (flow style ``[a, b]``): that is left to the curator.
    """
    items = record.get(list_parts)
    drop = sorted(set(indices))
    if not isinstance(items, list) or not drop or len(drop) >= len(items):
        return None
    text = record.text
    edits = []
    for i in drop:
        span = record.span(tuple(list_parts) + (i,))
        if span is None:
            return None
        start, end = span
        line_start = text.rfind("\n", 0, start) + 1
        m = _ITEM_PREFIX.match(text, line_start, start)
        if m is None or m.end() != start:
            return None  # not "- item" alone at the start of its line
        if end > start and text[end - 1] == "\n":
            nl = end - 1  # a block mapping item's span already ends with its line break
        else:
            nl = text.find("\n", end)
            if nl == -1 or text[end:nl].strip():
                return None  # something else follows the item on its line
        edits.append(Edit(line_start, nl + 1, ""))
    gone = set(drop)
    kept = [v for i, v in enumerate(items) if i not in gone]
    return Fix(description, tuple(edits), safety, ((tuple(list_parts), kept),))


_ITEM_PREFIX = re.compile(r"[ \t]*-[ \t]+")
