"""What a report may know about a record besides its findings.

The run gathers it while the record is parsed (only when a reporter asks for
it), so no reporter ever opens a record file: the HTML report shows a
record's title, caption and PMC link from here, and SARIF learns whether fix
offsets address the file on disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional


def _scalar(value: Any) -> Any:
    """A front-matter value a report can show as text (not a list or mapping)."""
    return None if isinstance(value, (dict, list)) else value


@dataclass(frozen=True)
class RecordMeta:
    path: str                 # the record's path as reported
    figid: Any = None         # values as parsed (usually str); None when absent
    title: Any = None         # figtitle, else title
    caption: Any = None
    figlink: Any = None
    pmcid: Any = None
    paper: Any = None         # papertitle
    #: True when the linted text is the file's bytes as they are (no BOM
    #: stripped, no CR line ends converted): fix offsets then address the file
    text_is_file: bool = True
    filename: Any = None      # the figure's image file on PMC (the HTML report's "show figure")

    @classmethod
    def of(cls, record, text_is_file: bool = True) -> "RecordMeta":
        d = record.data
        if not isinstance(d, dict):
            return cls(record.path, text_is_file=text_is_file)
        get = d.get
        title = _scalar(get("figtitle"))
        if title is None or (isinstance(title, str) and not title.strip()):
            title = _scalar(get("title"))
        return cls(record.path, _scalar(get("figid")), title, _scalar(get("caption")),
                   _scalar(get("figlink")), _scalar(get("pmcid")), _scalar(get("papertitle")),
                   text_is_file, filename=_scalar(get("filename")))

    def get(self, name: str, default: Optional[Any] = None) -> Any:
        value = getattr(self, name, None)
        return default if value is None else value
