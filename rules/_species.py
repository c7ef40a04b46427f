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

from pfocr_lint.rules._genes import _known

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
_TOKEN = re.compile(r"[A-Za-z]+\.?")
_PLANT_JOURNAL = re.compile(r"\bplant|\bphytochem|\bbot(?:any|\b)|\bagric|\bcrop|\bhortic|\bforest", re.I)


class SpeciesContext:
    """The species evidence of one record. ``curated`` and ``ner`` are read at
    once; the title, journal and caption are scanned on first use, since most
    verdicts are settled by a curated mammal alone."""

    def __init__(self, data: dict, context):
        self._data, self._context = data, context
        self.curated: dict = {}     # name -> group
        self.ner: dict = {}
        self._primary = self._secondary = self._mentioned = self._mammalian = self._about = None

    @property
    def primary(self) -> dict:
        """Species named in the title, paper title and journal: {name as written: group}."""
        if self._primary is None:
            names, data, found = self._context.species_names, self._data, {}
            for key in ("figtitle", "papertitle", "journal_nlm_ta"):
                found.update(scan(data.get(key), names, self._context.species_firsts))
            journal = data.get("journal_nlm_ta")
            if isinstance(journal, str) and _PLANT_JOURNAL.search(journal):
                found[journal] = "plant"
            self._primary = found
        return self._primary

    @property
    def secondary(self) -> dict:
        """Species named in the caption."""
        if self._secondary is None:
            self._secondary = scan(self._data.get("caption"), self._context.species_names,
                                   self._context.species_firsts)
        return self._secondary

    def groups(self, *which) -> set:
        out = set()
        for w in which:
            out.update(getattr(self, w).values())
        return out

    @property
    def mentioned(self) -> set:
        """Groups of every species the record names (curated, title, journal, caption)."""
        if self._mentioned is None:
            self._mentioned = self.groups("curated", "primary", "secondary")
        return self._mentioned

    @property
    def mammalian(self) -> bool:
        """Some evidence names a mammal, or nothing names any species."""
        if self._mammalian is None:
            if not MAMMAL_GROUPS.isdisjoint(self.curated.values()):
                self._mammalian = True     # settled without reading the text
            else:
                strong = self.groups("curated", "primary")
                self._mammalian = bool(self.mentioned & MAMMAL_GROUPS) or not (strong - {"eukaryote", "animal"})
        return self._mammalian

    def about(self) -> str:
        """The species the figure is about, in words, with where that comes from."""
        if self._about is None:
            self._about = self._describe()
        return self._about

    def _describe(self) -> str:
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
    def competing_species(self) -> set:
        """Non-mammal groups whose genes a record's unknown keywords may be: those
        the title, journal or caption name, and microbes in the curated list.
        Plants and viruses in a curated list are left out: newer records list
        every species their NER met (herbal formulas, infections) beside the
        human or mouse the figure shows."""
        text = self.groups("primary", "secondary") - MAMMAL_GROUPS - {"eukaryote", "animal"}
        return text | (set(self.curated.values()) & {"bacterium", "fungus", "yeast", "archaeon"})

    def accepts(self, group: str) -> bool:
        """May a genes row of a species of ``group`` belong to this figure?"""
        if group in MAMMAL_GROUPS:
            return self.mammalian
        wanted = ACCEPTED_BY.get(group)
        if wanted is None:
            return True      # a group we cannot judge (archaea, eukaryote...): say nothing
        return bool(self.mentioned & wanted)


_LOWER_TOKEN = re.compile(r"[a-z]+\.?")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def scan(text, species_names: dict, firsts=None) -> dict:
    """Species named in a text: {name as written: group}, longest n-gram (3 to 1
    words) first. ``firsts`` holds the first words of the multi-word names: only
    a token among them starts a longer look-up (most tokens are not); None
    tries every token."""
    if not isinstance(text, str) or not text:
        return {}
    # ASCII only, then lower-cased: both keep the offsets (one character for
    # one), so a hit's span reads the name as written from ``text``
    low = (text if text.isascii() else _NON_ASCII.sub(" ", text)).lower()
    tokens = _LOWER_TOKEN.findall(low)
    # 'd.' stays (abbreviated genus); 'mice.' at a sentence end is 'mice'
    keys = [t[:-1] if t[-1] == "." and len(t) > 2 else t for t in tokens]
    # most texts name no species: two C-level set tests settle them
    # (dict_keys.isdisjoint walks its argument, the text's few words, not the names)
    distinct = set(keys)
    if species_names.keys().isdisjoint(distinct) and firsts is not None and firsts.isdisjoint(distinct):
        return {}
    found = {}
    get = species_names.get
    n = len(keys)
    i = 0
    spans = None
    while i < n:
        k = keys[i]
        size = 0
        if firsts is None or k in firsts:
            for size in (3, 2):
                if i + size <= n and " ".join(keys[i:i + size]) in species_names:
                    break
            else:
                size = 0
        if not size and get(k) is not None:
            size = 1
        if size:
            if spans is None:   # the name as written, from the original text
                spans = [m.span() for m in _LOWER_TOKEN.finditer(low)]
            start, end = spans[i][0], spans[i + size - 1][1]
            found[text[start:end].rstrip(".")] = get(" ".join(keys[i:i + size]))[2]
            i += size
        else:
            i += 1
    return found


def species_context(record, context) -> SpeciesContext:
    cached = record.cache.get("judge.species")
    if cached is not None:
        return cached
    data = record.data if isinstance(record.data, dict) else {}
    sc = SpeciesContext(data, context)
    for field, into in (("organisms", sc.curated), ("organisms_ner", sc.ner)):
        for name in _known(data.get(field)):
            hit = context.species(name)
            if hit is not None:
                into[name] = hit[2]
    record.cache["judge.species"] = sc
    return sc
