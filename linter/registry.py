"""Rule discovery and selection. The engine never names a rule: it finds them.

Rules come from the modules of the built-in ``rules`` package and from every
module or class registered under the ``pfocr_lint.rules`` entry-point group,
so a separate package can add rules without touching this repository.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys
from typing import Iterable

from pfocr_lint.input_codes import INPUT_RULES
from pfocr_lint.rule import Rule

ENTRY_POINT_GROUP = "pfocr_lint.rules"


class RegistryError(Exception):
    """A rule pack is broken (import error, duplicate code): exit 2, not a traceback."""


def _rule_classes_in(obj) -> list[type]:
    if inspect.isclass(obj):
        return [obj] if issubclass(obj, Rule) and obj.code else []
    found = []
    for value in vars(obj).values():
        if (inspect.isclass(value) and issubclass(value, Rule) and value.code
                and value.__module__ == obj.__name__):
            found.append(value)
    return found


def _builtin_modules():
    from pfocr_lint import rules

    for info in sorted(pkgutil.iter_modules(rules.__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            yield importlib.import_module(f"pfocr_lint.rules.{info.name}")


def _entry_point_objects():
    from importlib.metadata import entry_points

    if sys.version_info >= (3, 10):
        eps = entry_points(group=ENTRY_POINT_GROUP)
    else:  # pragma: no cover
        eps = entry_points().get(ENTRY_POINT_GROUP, [])
    for ep in sorted(eps, key=lambda e: e.name):
        try:
            yield ep.load()
        except Exception as exc:  # a broken plug-in must not look like our crash
            raise RegistryError(f"rule pack {ep.name!r} ({ep.value}) failed to import: {exc}") from exc


_ALL: list[type] | None = None


def all_rules() -> list[type]:
    """Every known rule class: input codes, built-in rules, then plug-ins; codes unique."""
    global _ALL
    if _ALL is not None:
        return _ALL
    classes: list[type] = list(INPUT_RULES)
    for module in _builtin_modules():
        classes.extend(_rule_classes_in(module))
    for obj in _entry_point_objects():
        classes.extend(_rule_classes_in(obj))
    seen: dict[str, type] = {}
    names: dict[str, type] = {}
    for cls in classes:
        if cls.code in seen and seen[cls.code] is not cls:
            raise RegistryError(
                f"rule code {cls.code} is defined twice: {seen[cls.code].__module__}.{seen[cls.code].__name__} "
                f"and {cls.__module__}.{cls.__name__}")
        seen[cls.code] = cls
        for n in (cls.name,) + tuple(cls.aliases):
            if n in names and names[n] is not cls:
                raise RegistryError(f"rule name {n!r} is used by both {names[n].code} and {cls.code}")
            names[n] = cls
    _ALL = sorted(seen.values(), key=lambda c: c.code)
    return _ALL


def find_rule(key: str) -> type | None:
    """A rule by code, name or alias (case-insensitive code)."""
    for cls in all_rules():
        if key.upper() == cls.code or key in (cls.name,) + tuple(cls.aliases):
            return cls
    return None


def _matches(cls: type, selector: str) -> bool:
    sel = selector.strip()
    if sel.upper() == "ALL":
        return True
    if sel in (cls.name,) + tuple(cls.aliases):
        return True
    return cls.code.startswith(sel.upper()) and sel[:1].isalpha()


def unknown_selectors(selectors: Iterable[str]) -> list[str]:
    return [s for s in selectors if not any(_matches(c, s) for c in all_rules())]


def did_you_mean(selector: str) -> str:
    """' (did you mean HG001?)' for a selector that matches no rule, or ''.
    Codes compare ignoring case (``hg01`` -> HG001), names as written."""
    import difflib

    rules = all_rules()
    sel = selector.strip()
    codes = {c.code.upper(): c.code for c in rules}
    prefixes = {c.code[:2].upper() for c in rules}
    close = difflib.get_close_matches(sel.upper(), list(codes) + sorted(prefixes), n=3, cutoff=0.6)
    close = [codes.get(c, c) for c in close]
    same_family = [c for c in close if c[:2].upper() == sel[:2].upper()]
    close = same_family or close
    if close:       # only the closest ones: OR08 is OR008, not also OR007
        ratio = {c: difflib.SequenceMatcher(None, sel.upper(), c.upper()).ratio() for c in close}
        best = max(ratio.values())
        close = [c for c in close if ratio[c] >= best - 0.05]
    if not close:
        words = [n for c in rules for n in (c.name, *c.aliases)]
        close = difflib.get_close_matches(sel.lower(), words, n=3, cutoff=0.7)
    return f" (did you mean {' or '.join(close)}?)" if close else ""


def select(select: Iterable[str] | None, ignore: Iterable[str] | None,
           extend_select: Iterable[str] = ()) -> list[type]:
    """Rule classes chosen by --select/--ignore (codes, code prefixes, names or aliases).

    Like ruff: with no --select every rule is on; the most specific selector
    wins when a rule is both selected and ignored (``--select HG --ignore HG003``).
    """
    select = list(select) if select else ["ALL"]
    select += list(extend_select)
    ignore = list(ignore or [])
    chosen = []
    for cls in all_rules():
        best_sel = max((_specificity(cls, s) for s in select if _matches(cls, s)), default=-1)
        best_ign = max((_specificity(cls, s) for s in ignore if _matches(cls, s)), default=-1)
        if best_sel >= 0 and best_sel > best_ign:
            chosen.append(cls)
    return chosen


def _specificity(cls: type, selector: str) -> int:
    sel = selector.strip()
    if sel.upper() == "ALL":
        return 0
    if sel in (cls.name,) + tuple(cls.aliases) or sel.upper() == cls.code:
        return 100
    return len(sel)
