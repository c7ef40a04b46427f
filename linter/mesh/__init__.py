"""MeSH knowledge (descriptors and supplementary concepts) for the rules that need it.

The one MeSH reader of the project: the ME rules (rules/mesh_terms.py) and
any gene rule that asks "is this word a chemical?" use it. It reads a SQLite
snapshot: the user's, built by ``pfocr-lint data update mesh``, if there is a
valid one, else ``linter/data/mesh.sqlite`` shipped in the package (MeSH
2025, built by ``scripts/build_mesh_snapshot.py``). Nothing is opened until
the first question; see docs/mesh.md.

API (all on :class:`~pfocr_lint.mesh.snapshot.MeshSnapshot`, which
``ctx.knowledge("mesh")`` returns to a rule declaring ``needs = ("mesh",)``,
and :func:`get_snapshot` returns anywhere else)::

    snap.by_id("C067311")          -> None (retired: not in MeSH any more)
    snap.by_id("D000077143")       -> MeshRecord(id, label, synonyms, trees, kind, mapped)
    snap.by_name("docetaxel")      -> (MeshRecord D000077143 Docetaxel, ...)  case/punctuation-insensitive
    snap.is_chemical("D002945")    -> True   (tree D; a supplementary concept by its mapped descriptors)
    snap.is_disease("D009369")     -> True   (trees C, F03)
    snap.tree_heads("D002357")     -> ("A02 Musculoskeletal System", ...)
    snap.element("Ca2+")           -> MeshRecord D002118 Calcium (element symbols, case-sensitive)
    snap.amino_acid("Arg")         -> MeshRecord D001120 Arginine (three-letter codes as written)
    snap.element_symbol("D002118") -> "Ca"
    snap.names_chemical("ATP")     -> True   (a chemical label/synonym, or an element symbol)

and, for code without a run context, :func:`names_chemical` (module level,
same answer, the snapshot opened on first call).
"""

from __future__ import annotations

from typing import Optional

from pfocr_lint.mesh.layout import SNAPSHOT_NAME

def shipped_snapshot():
    from pathlib import Path

    return Path(__file__).resolve().parent.parent / "data" / SNAPSHOT_NAME


def user_snapshot():
    from pfocr_lint.hgnc.paths import user_data_dir

    return user_data_dir() / SNAPSHOT_NAME


def open_snapshot(warn=None):
    """The snapshot to use: the user's if valid, else the shipped one.
    -> MeshSnapshot, or raises SnapshotError when there is none at all."""
    from pfocr_lint.mesh.snapshot import MeshSnapshot, SnapshotError
    from pfocr_lint.snapshot_files import open_preferred

    return open_preferred(user_snapshot(), shipped_snapshot(), MeshSnapshot, SnapshotError,
                          "mesh", "pfocr-lint data update mesh", warn)


def load_for_run(ctx):
    """The knowledge provider "mesh" (linter/knowledge.py)."""
    from pfocr_lint.knowledge import KnowledgeUnavailable
    from pfocr_lint.mesh.snapshot import SnapshotError

    try:
        snap = open_snapshot(ctx.warn)
    except (SnapshotError, OSError) as exc:
        raise KnowledgeUnavailable(f"no MeSH snapshot ({exc}); run 'pfocr-lint data update mesh'") from None
    ctx.sources["mesh"] = snap.describe()
    return snap


def get_snapshot() -> Optional[object]:
    """The snapshot a run would use now, or None when there is none."""
    from pfocr_lint.mesh.snapshot import SnapshotError

    try:
        return open_snapshot()
    except (SnapshotError, OSError):
        return None


def names_chemical(word) -> bool:
    """Is ``word`` a chemical, ion or metabolite name in MeSH (ATP, ADP, Ca,
    Ca2+, NADPH, glucose)? False when no snapshot can be opened."""
    snap = get_snapshot()
    return bool(snap is not None and snap.names_chemical(word))
