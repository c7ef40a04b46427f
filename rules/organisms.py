"""Organism fields: ``organisms`` (curated/metadata) and ``organisms_ner`` (found in the text).

This family owns both fields: their placeholders (``[NA]``) are reported
here, where the species found by NER can be suggested, and not by the
placeholder rules (NA0xx). Leading/trailing and doubled spaces in names are
NA004/NA005's.
"""

from __future__ import annotations

import re

from pfocr_lint.findings import Edit, Fix, Severity
from pfocr_lint.rule import Option, Rule
from pfocr_lint.rules._util import PLACEHOLDERS, block_list, drop_items_fix, is_placeholder, remember, replace_value_fix

FIELDS = ("organisms", "organisms_ner")
LONG_LIST = 20  # OR008's default limit


class OrganismsNotAList(Rule):
    """``organisms`` is a plain string instead of a list.

    What it does:
        Reports ``organisms: Homo sapiens`` where the record format has a list
        (``organisms:`` followed by ``- Homo sapiens``).
    Why this matters:
        The site and the downstream GMT/SPARQL exports iterate over organisms; a
        string is iterated character by character or dropped, so the figure is
        missing from its species' listing.
    Why this shows up:
        R's yaml writer emits a one-element character vector as a plain scalar
        unless the pipeline wraps it in ``I()`` or ``list()``; older records
        (2019-2021 runs) were written that way.
    Example:
        ```yaml
        organisms: Homo sapiens
        ```
        ```yaml good
        organisms:
        - Homo sapiens
        ```
    Curation action:
        Turn the value into a one-item list.
    Fix safety:
        Safe: ``--fix`` rewrites the value as a one-item list with the same text.
    """

    code = "OR001"
    fixable = True
    name = "organisms-not-a-list"
    aliases = ("organisms-string",)
    severity = Severity.WARNING

    def check(self, record, ctx):
        value = record.data.get("organisms")
        if isinstance(value, str) and value.strip() and not is_placeholder(value):
            fix = replace_value_fix(record, ("organisms",), block_list([value]), [value],
                                    "write organisms as a one-item list", eat_space_before=True)
            yield self.finding(record, ("organisms",),
                               f"'organisms' is the string {value!r}, not a list",
                               suggestion=f"Write it as a one-item list: '- {value}' on the line below 'organisms:'", value=value, fix=fix)


# -- helpers ---------------------------------------------------------------

def _blank(item) -> bool:
    if not isinstance(item, str):
        return False
    stripped = item.strip()
    return not stripped or stripped in PLACEHOLDERS


def _field_names(record, field) -> list:
    """_names of a field, memoised per record (seven rules ask)."""
    key = "organisms.names." + field
    got = record.cache.get(key)
    if got is None:
        got = record.cache[key] = _names(record.data.get(field))
    return got


def _unique_names(record, field) -> list:
    """_unique of _field_names, memoised per record (five rules ask); read-only."""
    key = "organisms.unique." + field
    got = record.cache.get(key)
    if got is None:
        got = record.cache[key] = _unique(_field_names(record, field))
    return got


def _names(value) -> list:
    """The real names of an organism field (a one-string field counts as a list)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return [v.strip() for v in value if isinstance(v, str) and not _blank(v)]


_SPECIES_KEYS: dict = {}


def _species_key(name: str) -> str:
    """Compare at species level: 'Escherichia coli str. K-12' ~ 'Escherichia coli'."""
    # The same few hundred names recur in every record: memoised per process.
    key = _SPECIES_KEYS.get(name)
    if key is None:
        words = " ".join(name.split()).lower().split(" ")
        key = remember(_SPECIES_KEYS, name, " ".join(words[:2]))
    return key


def _unique(names) -> list:
    seen, out = set(), []
    for n in names:
        k = " ".join(n.split()).lower()
        if k not in seen:
            seen.add(k)
            out.append(n)
    return out


def _show(names, limit: int = 5) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _tidy_fix(record, field):
    """One fix per list (shared by OR005 and OR006, so their fixes never
    contradict): drop placeholder/empty items and exact repeats."""
    items = record.data.get(field)
    if not isinstance(items, list):
        return None
    seen, drop = set(), []
    for i, v in enumerate(items):
        if not isinstance(v, str):
            continue
        if _blank(v) or v in seen:
            drop.append(i)
        seen.add(v)
    if len(drop) >= len(items):
        return None
    return drop_items_fix(record, (field,), drop, f"drop placeholder and repeated items of '{field}'")


def _replace_list_fix(record, field, items, description):
    """An unsafe fix writing ``field`` as the block list ``items``, whatever
    its current form (``organisms: NA`` or a ``- NA`` block list)."""
    value = record.data.get(field)
    span = record.span((field,))
    if span is None:
        return None
    if isinstance(value, list) and value:
        start, end = span
        text = record.text
        line_start = text.rfind("\n", 0, start) + 1
        indent = text[line_start:start]
        if indent.strip() or not text[start:end].startswith("-"):
            return None  # a flow list [NA]: rewrite by hand
        new = block_list(items, indent)[1 + len(indent):] + ("\n" if text[start:end].endswith("\n") else "")
        return Fix(description, (Edit(start, end, new),), "unsafe", (((field,), list(items)),))
    return replace_value_fix(record, (field,), block_list(items), list(items), description,
                             safety="unsafe", eat_space_before=True)


def _shown_value(value) -> str:
    return repr(value) if not isinstance(value, list) else "[" + ", ".join(map(repr, value)) + "]"


class OrganismsPlaceholder(Rule):
    """``organisms`` holds no organism (``[NA]``, ``[]``, ``''``); ``organisms_ner`` may say which.

    What it does:
        Reports ``organisms`` when it has no real name: ``- NA``,
        ``.na.character``, an empty list or an empty string. When
        ``organisms_ner`` names species, they are suggested.
    Why this matters:
        The site lists figures by organism and the GMT/SPARQL exports split by
        species: a figure with ``organisms: [NA]`` is in no species' listing
        (or in one called "NA"), so searches for its species miss it.
    Why this shows up:
        ``organisms`` comes from the paper's metadata (PubTator/MeSH species
        of the article); for many papers there is none, and R writes the
        missing value as ``NA``. NER on the caption and paper text
        (``organisms_ner``) often did find the species.
    Example:
        ```yaml
        organisms:
        - NA
        organisms_ner:
        - Homo sapiens
        ```
        ```yaml good
        organisms:
        - Homo sapiens
        organisms_ner:
        - Homo sapiens
        ```
    Curation action:
        Check the figure and caption for the species the pathway describes
        and list them; the species in ``organisms_ner`` are the candidates
        (but NER also matches gene names, e.g. Drosophila ``ras``: check them).
    Fix safety:
        Unsafe: with ``--unsafe-fixes`` the species of ``organisms_ner`` replace
        the placeholder. NER is often wrong, so a curator should confirm them.
    """

    code = "OR002"
    fixable = True
    name = "organisms-placeholder"
    aliases = ("organisms-na",)
    severity = Severity.WARNING

    def check(self, record, ctx):
        value = record.data.get("organisms")
        if not isinstance(value, (list, str)) or _field_names(record, "organisms"):
            return  # absent/None/other types: the schema's
        ner = _unique_names(record, "organisms_ner")
        fix = None
        if ner:
            fix = _replace_list_fix(record, "organisms", ner, "use the species found by NER")
            suggestion = (f"organisms_ner found {_show(ner)}: if the figure is about "
                          f"{'this species' if len(ner) == 1 else 'these species'}, list "
                          f"{'it' if len(ner) == 1 else 'them'} in 'organisms'")
        else:
            suggestion = ("Neither field names a species: find the organism in the figure, "
                          "caption or paper and list it in 'organisms'")
        yield self.finding(record, ("organisms",),
                           f"'organisms' is {_shown_value(value)}: no organism is recorded",
                           suggestion=suggestion, value=value, fix=fix)


class OrganismsDisjoint(Rule):
    """``organisms`` and ``organisms_ner`` name species with nothing in common.

    What it does:
        Compares the species (genus and epithet, ignoring strains) of
        ``organisms`` and ``organisms_ner`` when both name real organisms, and
        reports them when not one species is shared.
    Why this matters:
        One of the two lists is wrong, and the figure is listed under the
        wrong species or missing from the right one.
    Why this shows up:
        NER on the caption matches gene names and abbreviations to model
        organisms (Drosophila ``ras``, ``tf``; zebrafish gene names), while
        ``organisms`` comes from the paper's metadata; a record merged from
        two runs can also pair the lists of different papers.
    Example:
        ```yaml
        organisms:
        - Homo sapiens
        - Mus musculus
        organisms_ner:
        - Drosophila melanogaster
        - Danio rerio
        ```
        ```yaml good
        organisms:
        - Homo sapiens
        - Mus musculus
        organisms_ner:
        - Homo sapiens
        - Danio rerio
        ```
    Curation action:
        Read the caption and the figure and decide which species the pathway
        is about; correct ``organisms`` (the field the site uses).
    Fix safety:
        Not fixable automatically: which list is right needs a curator.
    """

    code = "OR003"
    name = "organisms-disjoint"
    severity = Severity.WARNING

    def check(self, record, ctx):
        orgs = _unique_names(record, "organisms")
        ner = _unique_names(record, "organisms_ner")
        if not orgs or not ner:
            return
        if {_species_key(n) for n in orgs} & {_species_key(n) for n in ner}:
            return
        yield self.finding(record, ("organisms_ner",),
                           f"'organisms' ({_show(orgs)}) and 'organisms_ner' ({_show(ner)}) "
                           "share no species",
                           suggestion="Check the figure and caption for the species it is about and "
                                      "correct 'organisms'; NER often matches gene names to model organisms")


class OrganismsDiffer(Rule):
    """A species is in ``organisms`` but not in ``organisms_ner``, or the other way round.

    What it does:
        When the two lists share at least one species (otherwise OR003
        reports them), names the species found by NER that ``organisms`` lacks
        and the listed species NER did not find. Species are compared by genus
        and epithet, so strains do not count as differences. The species of a
        list of 20 or more (OR008's territory) are not enumerated.
    Why this matters:
        A species found in the caption but not listed may be missing from
        ``organisms``; a listed species the text never mentions may come from
        the paper rather than the figure.
    Why this shows up:
        ``organisms`` comes from the paper's metadata (all species of the
        article), ``organisms_ner`` from the figure's caption and text.
    Example:
        ```yaml
        organisms:
        - Homo sapiens
        organisms_ner:
        - Homo sapiens
        - Mus musculus
        ```
        ```yaml good
        organisms:
        - Homo sapiens
        - Mus musculus
        organisms_ner:
        - Mus musculus
        - Homo sapiens
        ```
    Curation action:
        For each species named, decide from the figure whether it belongs in
        ``organisms``. Often nothing needs to change.
    Fix safety:
        Not fixable automatically.
    """

    code = "OR004"
    name = "organisms-differ"
    severity = Severity.INFO

    def check(self, record, ctx):
        orgs = _unique_names(record, "organisms")
        ner = _unique_names(record, "organisms_ner")
        if not orgs or not ner:
            return
        org_keys = {_species_key(n) for n in orgs}
        ner_keys = {_species_key(n) for n in ner}
        if not org_keys & ner_keys:
            return  # OR003
        only_ner = [n for n in ner if _species_key(n) not in org_keys]
        # A list of LONG_LIST+ names is OR008's: naming its unmatched species adds nothing.
        only_org = [n for n in orgs if _species_key(n) not in ner_keys] if len(orgs) < LONG_LIST else []
        if not only_ner and not only_org:
            return
        parts = []
        if only_ner:
            parts.append(f"found by NER but not in 'organisms': {_show(only_ner)}")
        if only_org:
            parts.append(f"in 'organisms' but not found by NER: {_show(only_org)}")
        yield self.finding(record, ("organisms_ner",) if only_ner else ("organisms",),
                           "; ".join(parts),
                           suggestion="Check the figure: add species it shows to 'organisms', "
                                      "and leave those NER found only in gene names out")


class OrganismsNaMixed(Rule):
    """An organism list mixes ``NA`` (or an empty item) with real names.

    What it does:
        Reports each placeholder item (``NA``, ``.na.character``, ``''``) of
        ``organisms`` or ``organisms_ner`` that has real names beside it.
    Why this matters:
        The figure is listed under a species called "NA" as well as its real
        ones, and counts per species are inflated.
    Why this shows up:
        The pipeline combines species from several sources with ``c()`` in R;
        a source without a value contributes an ``NA``.
    Example:
        ```yaml
        organisms:
        - Homo sapiens
        - NA
        ```
        ```yaml good
        organisms:
        - Homo sapiens
        ```
    Curation action:
        Delete the placeholder items.
    Fix safety:
        Safe: ``--fix`` deletes the placeholder items (and exact repeats of a
        name, see OR006); they carry no information.
    """

    code = "OR005"
    fixable = True
    name = "organisms-na-mixed"
    severity = Severity.WARNING

    def check(self, record, ctx):
        for field in FIELDS:
            items = record.data.get(field)
            if not isinstance(items, list) or not _field_names(record, field):
                continue
            fix = _tidy_fix(record, field)
            for i, v in enumerate(items):
                if isinstance(v, str) and _blank(v):
                    yield self.finding(record, (field, i),
                                       f"'{field}' has the placeholder item {v!r} beside real names",
                                       suggestion="Delete the item", value=v, fix=fix)
                    fix = None  # one fix per list


class OrganismsDuplicate(Rule):
    """An organism is listed twice (possibly in different case or spacing).

    What it does:
        Reports each item of ``organisms`` or ``organisms_ner`` that repeats an
        earlier one, compared ignoring case and repeated spaces.
    Why this matters:
        Species counts and exports list the figure twice for one species; a
        repeat differing in case also shows up as a second species in facets.
    Why this shows up:
        Species from several sources (metadata, NER of caption and text) are
        concatenated without removing repeats.
    Example:
        ```yaml
        organisms:
        - Homo sapiens
        - Mus musculus
        - Homo sapiens
        ```
        ```yaml good
        organisms:
        - Homo sapiens
        - Mus musculus
        ```
    Curation action:
        Delete the repeat (keep the correctly written spelling).
    Fix safety:
        Safe for exact repeats: ``--fix`` deletes them (and placeholder items,
        see OR005). A repeat differing in case or spacing is not fixed
        automatically: choose the right spelling.
    """

    code = "OR006"
    fixable = True
    name = "organisms-duplicate"
    severity = Severity.WARNING

    def check(self, record, ctx):
        for field in FIELDS:
            items = record.data.get(field)
            if not isinstance(items, list):
                continue
            first: dict = {}
            fix = None
            fix_done = False
            for i, v in enumerate(items):
                if not isinstance(v, str) or _blank(v):
                    continue
                key = " ".join(v.split()).lower()
                if key not in first:
                    first[key] = (i, v)
                    continue
                j, w = first[key]
                exact = v == w
                if exact and not fix_done:
                    fix = _tidy_fix(record, field)
                    fix_done = True
                else:
                    fix = None
                how = "repeats" if exact else "repeats, up to case or spacing,"
                yield self.finding(record, (field, i),
                                   f"'{field}' item {v!r} {how} item {j + 1} ({w!r})",
                                   suggestion="Delete the repeat" if exact
                                   else "Delete the repeat and keep the correctly written name",
                                   value=v, fix=fix)


# A name is accepted when it has one of the shapes found in PFOCR records.
_BINOMIAL = re.compile(r"^[A-Z][a-z]+(?:-[a-z]+)? (?:[a-z][a-z-]*\.?|sp\.|spp\.)(?: \S+)*$")
_UNINOMIAL = re.compile(r"^[A-Z][a-z]+(?:-[a-z]+)?$")        # Enterovirus, Coronaviridae, Embryophyta
_VIRUS = re.compile(r"^[A-Z0-9].*\b(?:virus|viruses|phage|viroid|clade|coronavirus)\b", re.I)
_ENVIRONMENTAL = re.compile(                                  # NCBI names for samples, not species
    r"^(?:(?:uncultured|unidentified|unclassified|environmental|synthetic)\b.*"
    r"|.*\b(?:metagenome|bacterium|construct|organisms?))$")
_ALLOWED_CHARS = re.compile(r"^[A-Za-z0-9 .()\[\]'/:,+#-]+$")


_REASONS: dict = {}


def _malformed_reason(name: str):
    # a pure function of the name, and names recur in every record: memoised
    try:
        return _REASONS[name]
    except KeyError:
        return remember(_REASONS, name, _malformed_reason_uncached(name))


def _malformed_reason_uncached(name: str):
    n = " ".join(name.split())
    if not _ALLOWED_CHARS.match(n):
        bad = sorted({c for c in n if not _ALLOWED_CHARS.match(c)})
        return f"it contains {''.join(bad)!r}, which no taxon name has"
    if _BINOMIAL.match(n) or _UNINOMIAL.match(n) or _VIRUS.match(n) or _ENVIRONMENTAL.match(n):
        return None
    return "it is not a 'Genus species' name (nor a higher taxon, virus or NCBI sample name)"


# Species common in PFOCR, for the re-casing suggestion only (a lower-case
# "herbal medicine" must not be "corrected" to "Herbal medicine").
COMMON_SPECIES = {n.lower(): n for n in (
    "Homo sapiens", "Mus musculus", "Rattus norvegicus", "Danio rerio", "Drosophila melanogaster",
    "Caenorhabditis elegans", "Saccharomyces cerevisiae", "Arabidopsis thaliana", "Escherichia coli",
    "Gallus gallus", "Sus scrofa", "Bos taurus", "Xenopus laevis", "Oryza sativa", "Zea mays",
    "Bacillus subtilis", "Staphylococcus aureus", "Pseudomonas aeruginosa", "Mycobacterium tuberculosis")}


def _recased(name: str, known: dict) -> str | None:
    """The properly cased name, when the record (``known``, from
    ``_binomials``) or the common species know it."""
    key = " ".join(name.split()).lower()
    return known.get(key) or COMMON_SPECIES.get(key)


def _binomials(record_names) -> dict:
    """Normalised lower-case name -> the record's first well-formed spelling
    of it: one pass, so each malformed name is one look-up (a scan per name
    was quadratic: 10,000 names took 20 s)."""
    known: dict = {}
    for n in record_names:
        key = " ".join(n.split()).lower()
        if key not in known and _BINOMIAL.match(n):
            known[key] = n
    return known


class OrganismNameMalformed(Rule):
    """An organism name does not look like a taxon name.

    What it does:
        Reports items of ``organisms`` and ``organisms_ner`` that are not a
        capitalised genus followed by a lower-case epithet (``Homo sapiens``),
        with any strain or subspecies after it (``Escherichia coli str. K-12
        substr. MG1655``, ``Populus sp.``), nor a single higher taxon
        (``Coronaviridae``), a virus or phage (``Hepatitis B virus``,
        ``Severe acute respiratory syndrome coronavirus 2``) or an NCBI sample
        name (``gut metagenome``, ``uncultured bacterium``); and names with
        characters no taxon name has (``|``, ``*``, ``_``).
    Why this matters:
        The site groups figures by the exact organism name; ``homo sapiens``
        or ``Homo Sapiens`` is a species of its own there, and a name that is
        not a taxon (``herbal medicine``) lists the figure under nonsense.
    Why this shows up:
        Species names OCR'd or NER'd from text, and keyword-like terms that the
        paper's species annotation picked up.
    Example:
        ```yaml
        organisms:
        - homo sapiens
        ```
        ```yaml
        organisms:
        - Homo sapiens
        - herbal medicine
        ```
        ```yaml good
        organisms:
        - Escherichia coli str. K-12 substr. MG1655
        - Hepatitis B virus
        - Populus sp.
        - gut metagenome
        - Coronaviridae
        ```
    Curation action:
        Write the NCBI Taxonomy scientific name, or remove the item when it is
        not an organism.
    Fix safety:
        Not fixable automatically; the suggestion gives the re-cased name when
        only capitalisation is off.
    """

    code = "OR007"
    name = "organism-name-malformed"
    severity = Severity.WARNING

    def check(self, record, ctx):
        every = None
        for field in FIELDS:
            items = record.data.get(field)
            if not isinstance(items, list):
                continue
            for i, v in enumerate(items):
                if not isinstance(v, str) or _blank(v):
                    continue
                reason = _malformed_reason(v)
                if reason is None:
                    continue
                if every is None:
                    every = _binomials(_field_names(record, "organisms") + _field_names(record, "organisms_ner"))
                recased = _recased(v, every)
                suggestion = (f"Write it as {recased!r}" if recased and recased != v.strip() else
                              "If it is an organism, write its NCBI Taxonomy scientific name "
                              "('Genus species'); otherwise remove the item")
                yield self.finding(record, (field, i),
                                   f"'{field}' item {v!r} does not look like a taxon name: {reason}",
                                   suggestion=suggestion, value=v)


class OrganismsTooMany(Rule):
    """An organism list is suspiciously long (20 names or more by default).

    What it does:
        Reports ``organisms`` or ``organisms_ner`` with ``limit`` or more
        names.
    Why this matters:
        A pathway figure is about one or a few species; a list of dozens puts
        the figure in the listing of every species the paper mentions, burying
        the real ones.
    Why this shows up:
        ``organisms`` is taken from the species annotation of the whole paper:
        reviews of plant or microbial biology mention dozens of species, and
        OCR/NER noise adds more.
    Example:
        ```yaml
        organisms: [Arabidopsis thaliana, Nicotiana tabacum, Oryza sativa, Zea mays, Glycine max,
          Solanum lycopersicum, Triticum aestivum, Hordeum vulgare, Brassica napus, Medicago truncatula,
          Populus euphratica, Vitis vinifera, Sorghum bicolor, Gossypium hirsutum, Malus domestica,
          Beta vulgaris, Capsicum annuum, Helianthus annuus, Picea abies, Panicum virgatum]
        ```
        ```yaml good
        organisms: [Arabidopsis thaliana, Oryza sativa]
        ```
    Curation action:
        Keep only the species the figure itself shows (usually named in its
        caption).
    Fix safety:
        Not fixable automatically.
    Options:
        ``limit`` (int, default 20): report lists with this many names or more.
    """

    code = "OR008"
    name = "organisms-too-many"
    severity = Severity.WARNING
    options = {"limit": Option(20, "report organism lists with this many names or more", int)}

    def check(self, record, ctx):
        limit = self.opts["limit"]
        for field in FIELDS:
            names = _unique_names(record, field)
            if len(names) >= limit:
                yield self.finding(record, (field,),
                                   f"'{field}' lists {len(names)} organisms ({_show(names, 3)}); "
                                   f"{limit} or more is most likely the whole paper's species or OCR noise",
                                   suggestion="Keep only the species the figure shows (usually those its caption names)")
