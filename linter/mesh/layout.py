"""What the MeSH snapshot file holds: codes shared by the builder and the reader.

Kept apart from build.py so that reading a snapshot imports nothing heavy
(no gzip, csv or XML parsing).

Records are keyed by one integer: ``number * 2`` for a descriptor (``D...``)
and ``number * 2 + 1`` for a supplementary concept (``C...``), so both kinds
share one sorted key space without colliding. Names are looked up by
``crc32(norm(name))``: the 32-bit hash is split into a bucket (high 16 bits,
one SQLite row) and a tag (low 16 bits, stored in the bucket with the record
key); a hash collision is harmless because the reader compares the names of
the records it fetches.
"""

from __future__ import annotations

import re
import zlib
from typing import Optional

SCHEMA_VERSION = "1"
SNAPSHOT_NAME = "mesh.sqlite"

DESCRIPTOR, SUPPLEMENTARY = "descriptor", "supplementary"

#: MeSH's top-level tree categories (the first letter of a tree number).
CATEGORIES = {
    "A": "Anatomy", "B": "Organisms", "C": "Diseases", "D": "Chemicals and Drugs",
    "E": "Analytical, Diagnostic and Therapeutic Techniques, and Equipment",
    "F": "Psychiatry and Psychology", "G": "Phenomena and Processes", "H": "Disciplines and Occupations",
    "I": "Anthropology, Education, Sociology, and Social Phenomena",
    "J": "Technology, Industry, and Agriculture", "K": "Humanities", "L": "Information Science",
    "M": "Named Groups", "N": "Health Care", "V": "Publication Characteristics", "Z": "Geographicals",
}

_ID = re.compile(r"^\s*(?:mesh\s*:\s*)?([CD])0*(\d{1,10})\s*$", re.I)
_GREEK = str.maketrans({"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon",
                        "κ": "kappa", "λ": "lambda", "μ": "mu", "ω": "omega", "τ": "tau"})
_NON_ALNUM = re.compile(r"[\W_]+")


def parse_id(text) -> Optional[tuple]:
    """``'D000077143'``, ``'mesh:C067311'``, ``'MESH:D009369'`` -> (letter, number); else None."""
    if not isinstance(text, str):
        return None
    m = _ID.match(text)
    if m is None:
        return None
    return m.group(1).upper(), int(m.group(2))


def key_of(letter: str, number: int) -> int:
    return number * 2 + (1 if letter == "C" else 0)


def id_of(key: int) -> str:
    """The canonical MeSH ID of a key: D/C + 6 digits, or 9 for the newer numbers."""
    letter = "C" if key & 1 else "D"
    number = key >> 1
    return f"{letter}{number:06d}" if number < 1_000_000 else f"{letter}{number:09d}"


def norm(name: str) -> str:
    """Case- and punctuation-insensitive form of a name: ``'NF-κB'`` ->
    ``'nfkappab'``, ``'Adenosine Triphosphate'`` -> ``'adenosinetriphosphate'``."""
    return _NON_ALNUM.sub("", name.lower().translate(_GREEK))


def name_hash(normed: str) -> int:
    return zlib.crc32(normed.encode("utf-8"))


def describe(meta: dict, where: str = "") -> str:
    """One line naming a snapshot (source and date): shown in every report."""
    line = f"MeSH {meta.get('source_kind') or 'descriptors + supplementary concepts'} of " \
           f"{meta.get('mesh_date') or 'unknown date'}"
    line += f" (built {meta.get('build_date', '?')}"
    return line + (f", {where})" if where else ")")
