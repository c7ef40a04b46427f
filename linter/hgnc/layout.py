"""What the snapshot file holds: codes shared by the builder and the readers.

Kept apart from build.py so that reading a snapshot imports nothing heavy.
"""

from __future__ import annotations

SCHEMA_VERSION = "1"

HUMAN, MOUSE, RAT = 0, 1, 2
SPECIES_NAMES = {HUMAN: "Homo sapiens", MOUSE: "Mus musculus", RAT: "Rattus norvegicus"}
AUTHORITY = {HUMAN: "HGNC", MOUSE: "MGI", RAT: "RGD"}
ID_PREFIX = {HUMAN: "HGNC:", MOUSE: "MGI:", RAT: "RGD:"}

# synonyms.kind
K_PREVIOUS, K_ALIAS = 1, 2
# genes.status
STATUSES = ("Approved", "Symbol Withdrawn", "Entry Withdrawn")

SNAPSHOT_NAME = "genes.sqlite"


def describe(meta: dict, where: str = "") -> str:
    """One line naming a snapshot (source and date): shown in every report."""
    fmt = meta.get("hgnc_format", "")
    kind = "HGNC custom download" if fmt.startswith("custom") else "HGNC complete set"
    line = f"{kind} of {meta.get('hgnc_date') or 'unknown date'}"
    extra = [name for name, key in (("MGI", "rows_mouse"), ("RGD", "rows_rat"))
             if meta.get(key, "0") not in ("0", "")]
    if extra:
        line += " + " + ", ".join(extra)
    line += f" (built {meta.get('build_date', '?')}"
    return line + (f", {where})" if where else ")")
