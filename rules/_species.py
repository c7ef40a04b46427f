"""Which species a figure is about, read from everything the record says.

Evidence, by weight:

1. ``organisms``: curated (``NA`` and empty items mean unknown, not "none");
2. species named in ``figtitle``, ``papertitle`` and the journal
   (``journal_nlm_ta``): *primary* text evidence, it says what the paper is about;
3. species named in the ``caption``: *secondary*, captions also mention the
   species a finding was first made in ("as in Drosophila");
4. ``organisms_ner``: weak; the pipeline's NER finds Drosophila in legume
   papers. It never makes a species acceptable on its own.

Species are read as scientific names from MeSH's organism trees and as common
names ("patients", "mice", "zebrafish", "flour beetle"), through the gene-context
snapshot (:mod:`pfocr_lint.hgnc.context`). A figure with no species evidence is
taken to be mammalian (human, mouse or rat), which is what PFOCR's figures
almost always are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAMMAL_GROUPS = frozenset({"human", "mouse", "rat", "mammal"})
#: Groups whose genes a table row can carry, with the groups whose mention
#: makes such a row plausible (a beetle figure names insect genes after the fly's).
ACCEPTED_BY = {
    "fly": {"fly", "insect"},
    "insect": {"fly", "insect"},
    "fish": {"fish"},
    "worm": {"worm"},
    "yeast": {"yeast", "fungus"},
    "fungus": {"yeast", "fungus"},
    "plant": {"plant"},
    "bird": {"bird"},
    "amphibian": {"amphibian"},
    "bacterium": {"bacterium"},
    "virus": {"virus"},
}
_PLACEHOLDERS = {"", "na", ".na.character", "nan", "null", "none", "unknown", "n/a", ".na"}
_TOKEN = re.compile(r"[A-Za-z]+\.?")
_PLANT_JOURNAL = re.compile(r"\bplant|\bphytochem|\bbot(?:any|\b)|\bagric|\bcrop|\bhortic|\bforest", re.I)


@dataclass
class SpeciesContext:
    curated: dict = field(default_factory=dict)     # label -> group
    primary: dict = field(default_factory=dict)     # name as written -> group
    secondary: dict = field(default_factory=dict)
    ner: dict = field(default_factory=dict)

    def groups(self, *which) -> set:
        out = set()
        for w in which:
            out.update(getattr(self, w).values())
        return out

    @property
    def mentioned(self) -> set:
        return self.groups("curated", "primary", "secondary")

    @property
    def mammalian(self) -> bool:
        """Some evidence names a mammal, or nothing names any species."""
        strong = self.groups("curated", "primary")
        return bool(self.mentioned & MAMMAL_GROUPS) or not (strong - {"eukaryote", "animal"})

    def about(self) -> str:
        """The species the figure is about, in words, with where that comes from."""
        parts = []
        for where, names in (("organisms", self.curated), ("the title or journal", self.primary),
                             ("the caption", self.secondary)):
            if names:
                # mammals first: they decide most verdicts, and a long curated list
                # (PMC's NER output) must not hide them
                ordered = sorted(names, key=lambda n: (names[n] not in MAMMAL_GROUPS, n.lower()))
                more = len(ordered) - 8
                parts.append(f"{', '.join(ordered[:8])}{f' and {more} more' if more > 0 else ''} ({where})")
        return "; ".join(parts) if parts else "human, mouse or rat (the record names no species)"

    @property
    def other_species_named(self) -> bool:
        """The curated organisms, title or journal name a non-mammal species."""
        return bool(self.groups("curated", "primary") - MAMMAL_GROUPS - {"eukaryote", "animal"})

    def accepts(self, group: str) -> bool:
        """May a genes row of a species of ``group`` belong to this figure?"""
        if group in MAMMAL_GROUPS:
            return self.mammalian
        wanted = ACCEPTED_BY.get(group)
        if wanted is None:
            return True      # a group we cannot judge (archaea, eukaryote...): say nothing
        return bool(self.mentioned & wanted)


def _names(value) -> list:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return [v.strip() for v in value if isinstance(v, str) and v.strip().lower() not in _PLACEHOLDERS]


def _key(token: str) -> str:
    """A token as the species table spells it: 'D.' stays (abbreviated genus), 'mice.' -> 'mice'."""
    t = token.lower()
    return t if len(t) == 2 and t.endswith(".") else t.rstrip(".")


def scan(text, species_names: dict) -> dict:
    """Species named in a text: {name as written: group}, longest n-gram (3 to 1 words) first."""
    if not isinstance(text, str) or not text:
        return {}
    words = _TOKEN.findall(text)
    keys = [_key(w) for w in words]
    found = {}
    n = len(keys)
    i = 0
    while i < n:
        for size in (3, 2, 1):
            if i + size <= n:
                hit = species_names.get(" ".join(keys[i:i + size]))
                if hit is not None:
                    found[" ".join(words[i:i + size]).rstrip(".")] = hit[2]
                    i += size - 1
                    break
        i += 1
    return found


def species_context(record, context) -> SpeciesContext:
    cached = record.cache.get("judge.species")
    if cached is not None:
        return cached
    data = record.data if isinstance(record.data, dict) else {}
    names = context.species_names
    sc = SpeciesContext()
    for name in _names(data.get("organisms")):
        hit = context.species(name)
        if hit is not None:
            sc.curated[name] = hit[2]
    for name in _names(data.get("organisms_ner")):
        hit = context.species(name)
        if hit is not None:
            sc.ner[name] = hit[2]
    for key in ("figtitle", "papertitle"):
        sc.primary.update(scan(data.get(key), names))
    journal = data.get("journal_nlm_ta")
    if isinstance(journal, str):
        sc.primary.update(scan(journal, names))
        if _PLANT_JOURNAL.search(journal):
            sc.primary[journal] = "plant"
    sc.secondary.update(scan(data.get("caption"), names))
    record.cache["judge.species"] = sc
    return sc
