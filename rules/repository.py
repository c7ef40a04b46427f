"""Whole-repository checks: they need every record of the run at once."""

from __future__ import annotations

import os
from pathlib import Path

from pfocr_lint.findings import Severity
from pfocr_lint.rule import Rule

_KIND_SUFFIXES = ("-genes.tsv", "-chemicals.tsv", "-diseases.tsv")


class DuplicateFigid(Rule):
    """Two records have the same ``figid``.

    What it does:
        Collects every record's ``figid`` and reports each record whose figid
        another linted record also has, naming the other files and lines.
    Why this matters:
        The figid is the page's URL, the companion tables' name and the key of
        every export: two records with one figid overwrite each other's page
        and tables, and one of them silently disappears from the site.
    Why this shows up:
        A record copied to start a new one without changing its figid, or the
        same figure re-harvested under another file name.
    Example:
        (Needs two records; see tests/test_rules_repository.py.)
    Curation action:
        Give the copy the figid of its own figure (pmcid + ``__`` + image file
        name without extension), or delete it if it is the same figure.
    Fix safety:
        Not fixable automatically.
    """

    code = "RP001"
    name = "duplicate-figid"
    severity = Severity.ERROR
    scope = "project"

    def collect(self, record, ctx):
        figid = record.data.get("figid")
        if not isinstance(figid, str) or not figid.strip():
            return None
        return (figid.strip(), record.path, record.locate(("figid",))[0])

    def finish(self, facts, ctx):
        by_id: dict = {}
        for fact in facts:
            if fact:
                by_id.setdefault(fact[0], []).append(fact)
        for figid, group in sorted(by_id.items()):
            if len(group) < 2:
                continue
            for fid, path, line in group:
                others = ", ".join(f"{p}:{ln}" for _, p, ln in group if (p, ln) != (path, line))
                yield self.finding(None, ("figid",), f"figid {figid!r} is also the figid of {others}",
                                   path=path, line=line, value=figid,
                                   suggestion="Give each record the figid of its own figure, or delete the copy")


class OrphanTable(Rule):
    """A companion table in ``_data/`` belongs to no record.

    What it does:
        When a whole ``_figures/`` folder was linted (every ``.md`` file in it
        is among the linted records), lists the ``_data/`` folder beside it and
        reports each ``<figid>-genes.tsv``, ``-chemicals.tsv`` or
        ``-diseases.tsv`` whose figid is neither a linted record's figid nor
        the name of a file in ``_figures/``. A table named on the command
        line (as pre-commit names the files of a commit) is reported when
        there is no ``_figures/<figid>.md`` for it and no linted record has
        its figid; linting single records never triggers it.
    Why this matters:
        Jekyll loads every table into the site build; orphans cost build time
        and, worse, are picked up by a future record that reuses the figid,
        showing another figure's genes.
    Why this shows up:
        Records deleted or renamed (figid changed) without their tables; tables
        committed from a run whose records were not.
    Example:
        (Needs a ``_figures``/``_data`` tree; see tests/test_rules_repository.py.)
    Curation action:
        Delete the table, or rename it to the figid of the record it belongs
        to.
    Fix safety:
        Not fixable automatically.
    """

    code = "RP002"
    name = "orphan-table"
    severity = Severity.WARNING
    scope = "project"

    def collect(self, record, ctx):
        fp = record.file_path
        if fp is None:
            return None
        folder, name = os.path.split(os.path.abspath(fp))
        if os.path.basename(folder) != "_figures":
            return None
        figid = record.data.get("figid")
        return (folder, name, record.path, figid if isinstance(figid, str) else None)

    def finish(self, facts, ctx):
        folders: dict = {}
        for fact in facts:
            if fact:
                folders.setdefault(fact[0], []).append(fact)
        reported: set = set()
        for finding in self._whole_folders(folders):
            reported.add(os.path.normcase(os.path.abspath(finding.path)))
            yield finding
        yield from self._named(ctx, folders, reported)

    def _named(self, ctx, folders: dict, reported: set):
        """The tables named on the command line without their record file
        (discovery found no ``_figures/<figid>.md`` for them)."""
        for path in getattr(ctx, "loose_tables", ()):
            absolute = os.path.abspath(path)
            if os.path.normcase(absolute) in reported:
                continue
            name = os.path.basename(path)
            figid = next(name[:-len(s)] for s in _KIND_SUFFIXES if name.endswith(s))
            fig_dir = os.path.join(os.path.dirname(os.path.dirname(absolute)), "_figures")
            if any(f == figid for _, _, _, f in folders.get(fig_dir, ())):
                continue   # a linted record under another file name has this figid
            yield self.finding(None, (), f"table {name} belongs to no record: there is no "
                                         f"_figures/{figid}.md", path=path, line=1, value=name,
                               suggestion="Delete the table, or rename it to the figid of its record")

    def _whole_folders(self, folders: dict):
        for folder, group in sorted(folders.items()):
            fig_dir = Path(folder)
            data_dir = fig_dir.parent / "_data"
            if not data_dir.is_dir():
                continue
            try:
                on_disk = {n for n in os.listdir(fig_dir) if n.endswith(".md")}
                tables = sorted(n for n in os.listdir(data_dir) if n.endswith(_KIND_SUFFIXES))
            except OSError:
                continue
            linted = {name for _, name, _, _ in group}
            if not on_disk or not on_disk <= linted:
                continue  # only part of the folder was linted: orphans cannot be told
            known = {n[:-3] for n in on_disk} | {f for _, _, _, f in group if f}
            display_data = Path(group[0][2]).parent.parent / "_data"
            for name in tables:
                figid = next(name[:-len(s)] for s in _KIND_SUFFIXES if name.endswith(s))
                if figid in known:
                    continue
                yield self.finding(None, (), f"table {name} belongs to no record: no _figures/{figid}.md "
                                             f"and no record has figid {figid!r}",
                                   path=str(display_data / name), line=1, value=name,
                                   suggestion="Delete the table, or rename it to the figid of its record")
