"""Helpers shared by rule modules (not a rule module: the leading '_' hides it)."""

from __future__ import annotations

import json
import re

from linter.findings import Edit, Fix

_PLAIN_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._()/+-]*$")


def yaml_scalar(value: str) -> str:
    """``value`` as a YAML scalar in the R yaml writer's style: plain when it
    is safe, otherwise single-quoted."""
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
