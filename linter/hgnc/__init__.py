"""Gene knowledge (HGNC, MGI, RGD) for the rules that need it.

``load_for_run(ctx)`` is the provider named in linter/knowledge.py. It opens
the user's snapshot (from ``pfocr-lint data update``) if there is a valid one,
else the snapshot shipped in the package, and in online mode puts HGNC's REST
service in front of the human one. Nothing here imports requests: online
mode does that itself, only when asked for.
"""

from __future__ import annotations

import os
from typing import Optional

from pfocr_lint.hgnc.api import Gene, GeneKnowledge, Resolution, SpeciesGenes  # noqa: F401
from pfocr_lint.hgnc.layout import HUMAN, MOUSE, RAT

_OPEN: dict = {}     # path -> Snapshot, shared by the runs of one process


def open_snapshot(warn=None):
    """The snapshot to use: the user's if valid, else the shipped one.
    -> Snapshot, or raises SnapshotError when there is none at all."""
    from pfocr_lint.hgnc import paths
    from pfocr_lint.hgnc.snapshot import Snapshot, SnapshotError

    user = paths.user_snapshot()
    if user.is_file():
        try:
            return _open(user, "user snapshot from 'pfocr-lint data update'")
        except SnapshotError as exc:
            if warn:
                warn(f"hgnc: ignoring {exc}; using the shipped snapshot")
    shipped = paths.shipped_snapshot()
    return _open(shipped, "shipped snapshot")


def _open(path, where: str):
    from pfocr_lint.hgnc.snapshot import Snapshot

    # per process: a SQLite connection must not be used across fork()
    key = (str(path), path.stat().st_mtime_ns, os.getpid())
    snap = _OPEN.get(key)
    if snap is None:
        snap = _OPEN[key] = Snapshot(path, where)
    return snap


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
