"""Golden findings of the NA, DO, OR, ID and NU families.

Seeds: every expected finding (code, field, line) was checked by reading the
seed record (see the comment on each). Corpus: the counts per code, after
reading every finding as a curator would (see the notes); a change in these
numbers means a rule changed behaviour and the findings must be re-read.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.helpers import FIXTURES, SEEDS, lint_paths

FAMILIES = ["NA", "DO", "OR", "ID", "NU"]

SEED_EXPECTED = {
    "PMC11987792__cancers-17-01167-g005.md": {
        ("OR002", "organisms", 4),        # organisms: [NA], organisms_ner: [Homo sapiens] -> suggested
        ("NA005", "publisher_name", 29),  # 'Multidisciplinary Digital Publishing Institute  (MDPI)'
    },
    "PMC6566596__ijms-20-02505-g004.md": {
        ("OR002", "organisms", 4),        # [NA]; NER found Drosophila melanogaster, Homo sapiens
        ("DO001", "doi", 33),             # doi: .na.character (reported once, not also as NA001)
        ("NA001", "journal_title", 34),
        ("NA001", "journal_nlm_ta", 35),
        ("NA001", "publisher_name", 36),
        ("NA001", "keywords", 37),
    },
    "PMC6676106__CAS-110-2421-g006.md": {
        ("OR001", "organisms", 20),       # organisms: Homo sapiens (a string)
        ("DO003", None, 1),               # older layout: no doi field at all (info)
    },
    "PMC7321691__OTT-13-6037-g0001.md": {
        ("ID003", "figlink", 3),          # pmc/articles/... without the leading '/'
        ("DO003", None, 1),               # older layout: no doi field at all (info)
    },
    "PMC7349227__cells-09-01450-g003.md": {
        ("OR003", "organisms_ner", 8),    # Homo sapiens + Mus musculus vs Drosophila + Danio rerio
        ("ID003", "figlink", 13),         # no leading '/'
        ("DO001", "doi", 25),
        ("NA001", "journal_title", 26),
        ("NA001", "journal_nlm_ta", 27),
        ("NA001", "publisher_name", 28),
        ("NA001", "keywords", 29),
    },
}


@pytest.mark.parametrize("name", sorted(SEED_EXPECTED))
def test_seed_findings(name):
    found = lint_paths([SEEDS / name], select=FAMILIES)
    got = {(f.code, f.field, f.line) for f in found}
    assert got == SEED_EXPECTED[name]
    assert len(found) == len(got), "a finding is reported twice"


def test_seed_fixes_are_offered_where_meaning_is_kept():
    found = lint_paths([SEEDS / "PMC7349227__cells-09-01450-g003.md"], select=["ID003"])
    assert found[0].fix.safety == "safe"
    found = lint_paths([SEEDS / "PMC6566596__ijms-20-02505-g004.md"], select=["OR002", "NA001"])
    assert {f.fix.safety for f in found} == {"unsafe"}


# Counts on the 89 corpus records, each finding read and judged:
CORPUS_COUNTS = {
    "NA001": 31,  # 7 old (2005-06) records x journal_title/nlm_ta/publisher/keywords + 3 '.na.character' keywords
    "NA005": 4,   # doubled spaces in 4 PMC papertitles of 2001-2006
    "NA006": 1,   # PMC10036500 graphical abstract: caption 'Figure'
    "DO001": 7,   # the same 7 old records: doi .na.character
    "DO003": 18,  # info: the 18 older-layout records (inline genes), none with a doi field
    "OR001": 13,  # older-layout 'organisms: Homo sapiens'
    "OR002": 46,  # organisms [NA]; 41 with NER species to suggest, 5 with none
    "OR003": 2,   # human/mouse vs Drosophila (NER noise); 45 plants vs Drosophila + human
    "OR004": 15,  # info: mostly Drosophila from NER of gene names, and paper-level species
    "OR005": 2,   # PMC10028837 (two figures): NA among 11 bacteria
    "OR007": 2,   # 'herbal medicine' (not an organism); 'prion' (debatable: not a taxon either)
    "OR008": 5,   # lists of 20, 24, 35, 39 and 45 species (whole-paper species)
    "ID004": 7,   # 2023-2024 PLOS records: figlink without trailing '/'
}


def test_corpus_counts():
    found = lint_paths([FIXTURES / "corpus"], select=FAMILIES)
    assert dict(Counter(f.code for f in found)) == CORPUS_COUNTS


def test_corpus_has_no_errors_from_these_families():
    # identity and placeholders in identity fields are all consistent in the corpus
    found = lint_paths([FIXTURES / "corpus"], select=FAMILIES)
    assert [f for f in found if str(f.severity) == "error"] == []
