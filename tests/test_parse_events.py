"""The event-stream builder (``_build_simple``) must give exactly what the
composing path (``compose_and_build``) gives -- the same values of the same
types and the same positions for every key and list item -- or decline (None)
and leave the record to the composing path, which owns every finding."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from pfocr_lint import parse

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

import generate  # noqa: E402


def _split(text: str):
    fm, offset, _end = parse.split_front_matter(text)
    return fm, text.count("\n", 0, offset), offset


def _same(a, pa, b, pb, where=()):
    assert type(a) is type(b) and a == b, where
    if isinstance(a, dict):
        assert list(a) == list(b), where
        assert pa[id(a)] == pb[id(b)], where
        for k in a:
            _same(a[k], pa, b[k], pb, where + (k,))
    elif isinstance(a, list):
        assert pa[id(a)] == pb[id(b)], where
        for i, (x, y) in enumerate(zip(a, b)):
            _same(x, pa, y, pb, where + (i,))


def _agree(text: str) -> bool:
    """Assert the two paths agree on ``text``; True when the fast one answered."""
    fm, line0, offset = _split(text)
    fast = parse._build_simple(fm, line0, offset)
    try:
        data, positions, notes = parse.compose_and_build(fm, line0, offset)
    except parse.ParseProblem:
        assert fast is None, "the composing path rejects this front matter"
        return False
    if fast is None:
        return False
    assert not notes, "a front matter with findings must go the composing way"
    _same(fast[0], fast[1], data, positions)
    return True


def _records(folder: Path):
    for p in sorted(folder.rglob("*.md")):
        text, _ = parse.decode(str(p), p.read_bytes())
        if text is None:
            continue
        try:
            _split(text)
        except parse.ParseProblem:
            continue
        yield p, text


def test_seeds_and_fixture_records_agree_and_take_the_fast_path():
    answered = 0
    for folder in (REPO / "seeds", REPO / "tests" / "fixtures"):
        for _path, text in _records(folder):
            answered += _agree(text)
    assert answered >= 50


def test_generated_records_agree(tmp_path):
    generate.generate(tmp_path, records=150, seed=11)
    results = [_agree(text) for _path, text in _records(tmp_path)]
    assert len(results) == 150 and all(results)


@pytest.mark.parametrize("fm", [
    "a: &x 1\nb: *x\n",                 # anchor and alias
    "a: !!str 1\n",                     # explicit tag
    "a: !custom x\n",                   # unknown tag (IO011)
    "a: 1\na: 2\n",                     # duplicate key (IO013)
    "? [a, b]\n: 1\n",                  # a list as a key
    "- a\n- b\n",                       # root is a list
    "just text\n",                      # root is a scalar
    "",                                 # empty
    "a: [1, 2\n",                       # syntax error
    "a: 1\n---\nb: 2\n",                # a second document
    "a: " + "[" * 100 + "]" * 100 + "\n",  # deeper than any record
])
def test_the_fast_path_declines_what_has_findings_or_is_unusual(fm):
    assert parse._build_simple(fm, 0, 4) is None


def test_scalars_resolve_as_the_safe_loader_resolves_them():
    text = ("---\nint: 12\nneg: -3\nhex: 0x1F\nfloat: 1.5e3\ninf: .inf\nnull1: ~\nnull2:\n"
            "bool: yes\nBOOL: False\ndate: 2020-01-02\nquoted: '12'\ndq: \"true\"\n"
            "12: int key\nnull: null key\ntrue: bool key\nmerge: <<\nlist: [1, 'a', ~, x y]\n"
            "block: |\n  line one\n  line two\nfolded: >\n  a\n  b\n"
            "nested:\n  - {k: v, n: 2}\n  - - deep\n    - 3\n---\nbody\n")
    assert _agree(text)
    fm, line0, offset = _split(text)
    data, _ = parse._build_simple(fm, line0, offset)
    assert data["int"] == 12 and data["hex"] == 31 and data["null2"] is None
    assert data["bool"] is True and data["inf"] == ".inf" and data["date"] == "2020-01-02"
    assert data["12"] == "int key" and data["None"] == "null key" and data["True"] == "bool key"


# Pieces a random front matter is made of: what records hold and what the
# fast path must either build identically or decline.
_KEYS = ["figid", "a", "b", "c", "12", "null", "'q'", '"d q"', "a b", "x:y", "a", "? k"]
_SCALARS = ["x", "1", "-2.5", "~", "", "yes", "'it''s'", '"tab\\t"', "NA", ".na.character",
            "2020-01-01", "0o17", "&a v", "*a", "!!int 3", "!t x", "<<", "a # c", "[1, 2]",
            "{k: v}", "|\n  block\n  text", ">-\n  folded\n  text", '"unclosed', "x: y", "- z"]


def _random_front_matter(rnd: random.Random, depth: int = 0, indent: str = "") -> str:
    lines = []
    for _ in range(rnd.randint(1, 4)):
        key = rnd.choice(_KEYS)
        kind = rnd.random()
        if kind < 0.55 or depth >= 2:
            value = rnd.choice(_SCALARS).replace("\n", "\n" + indent)
            lines.append(f"{indent}{key}: {value}".rstrip())
        elif kind < 0.8:
            lines.append(f"{indent}{key}:")
            for _ in range(rnd.randint(0, 3)):
                item = (rnd.choice(_SCALARS).splitlines() or [""])[0]
                lines.append(f"{indent}- {item}")
        else:
            lines.append(f"{indent}{key}:")
            lines.append(_random_front_matter(rnd, depth + 1, indent + "  "))
    return "\n".join(lines)


def test_random_front_matter_agrees_or_is_declined():
    rnd = random.Random(2026)
    answered = declined = 0
    for _ in range(3000):
        text = "---\n" + _random_front_matter(rnd) + "\n---\n"
        if _agree(text):
            answered += 1
        else:
            declined += 1
    # both branches must be exercised many times for the comparison to mean anything
    assert answered > 300 and declined > 300
