"""Gene knowledge (HGNC, MGI, RGD) for the rules that need it.

``load_for_run(ctx)`` is the provider named in linter/knowledge.py. It opens
the user's snapshot (from ``pfocr-lint data update``) if there is a valid one,
else the snapshot shipped in the package, and in online mode puts HGNC's REST
service in front of the human one. Nothing here imports requests: online
mode does that itself, only when asked for.
"""

from __future__ import annotations

from typing import Optional

from pfocr_lint.hgnc.api import Gene, GeneKnowledge, Resolution, SpeciesGenes  # noqa: F401
from pfocr_lint.hgnc.layout import HUMAN, MOUSE, RAT

def open_snapshot(warn=None):
    """The snapshot to use: the user's if valid, else the shipped one.
    -> Snapshot, or raises SnapshotError when there is none at all."""
    from pfocr_lint.hgnc import paths
    from pfocr_lint.hgnc.snapshot import Snapshot, SnapshotError
    from pfocr_lint.snapshot_files import open_preferred

    return open_preferred(paths.user_snapshot(), paths.shipped_snapshot(), Snapshot, SnapshotError,
                          "hgnc", "pfocr-lint data update", warn)


def load_for_run(ctx) -> GeneKnowledge:
    from pfocr_lint.knowledge import KnowledgeUnavailable
    from pfocr_lint.hgnc.snapshot import SnapshotError

    mode = getattr(ctx.config, "hgnc", "offline") or "offline"
    if mode == "off":
        raise KnowledgeUnavailable("HGNC checks are off (hgnc = \"off\")")
    try:
        snap = open_snapshot(ctx.warn)
    except (SnapshotError, OSError) as exc:
        raise KnowledgeUnavailable(f"no gene snapshot ({exc}); run 'pfocr-lint data update'") from None
    human = snap.species(HUMAN)
    if human is None:
        raise KnowledgeUnavailable(f"{snap.path} holds no human genes")
    source = snap.describe()
    extra: dict = {"snapshot": str(snap.path), "meta": dict(snap.meta), "mode": mode}
    if mode == "online":
        from pfocr_lint.hgnc.online import OnlineGenes

        human = OnlineGenes(ctx, fallback=human, fallback_source=source)
        source = human.source()
    ctx.sources["hgnc"] = source
    return GeneKnowledge(human=human, mouse=snap.species(MOUSE), rat=snap.species(RAT),
                         source=source, extra=extra)


def in_use() -> Optional[object]:
    """The snapshot a run would use now (for 'pfocr-lint data info')."""
    return open_snapshot()
