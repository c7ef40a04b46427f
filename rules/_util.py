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
    is safe, otherwise single-quoted."""
    # Fixes rewrite whole keyword lists (every symbol, in every record that
    # gets the fix): memoised per process, a pure function of the text.
    try:
        return _SCALARS[value]
    except KeyError:
        return remember(_SCALARS, value, _yaml_scalar(value))


def _yaml_scalar(value: str) -> str:
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
    return Fix(description, (Edit(start, end, new_text),), safety, ((tuple(parts), new_value),))


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
