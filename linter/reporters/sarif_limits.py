"""GitHub code scanning's limits on a SARIF upload, and what to do when a
report exceeds them.

GitHub rejects an upload whose run has more than 25,000 results, or whose
file is larger than 10 MB gzip-compressed ("SARIF support for code
scanning", "SARIF results exceed one or more limits", "SARIF file is too
large"). The report is still written (other SARIF viewers take any size);
the run says on stderr that the upload would fail and how to make it fit.

The size is measured while the report is written: :class:`GzipMeter` sits
between the reporter and its stream and compresses what passes through at
zlib's default level, the one ``github/codeql-action/upload-sarif`` uses
(``zlib.gzipSync``), so no second pass over a file of hundreds of MB and
no copy in memory.
"""

from __future__ import annotations

import zlib

#: results per run GitHub accepts (it shows at most 5,000 of them, the most
#: severe first)
MAX_RESULTS = 25_000
#: the gzip-compressed upload; "10 MB", read as the stricter 10,000,000 bytes
MAX_GZIP_BYTES = 10_000_000


class GzipMeter:
    """A text stream that writes through to ``out`` and counts how many
    bytes the UTF-8 text would take, raw and gzip-compressed."""

    def __init__(self, out):
        self.out = out
        self.raw_bytes = 0
        self._gzip = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, 31)  # 31: gzip framing
        self._gzip_bytes = 0

    def write(self, text: str) -> int:
        data = text.encode("utf-8")
        self.raw_bytes += len(data)
        self._gzip_bytes += len(self._gzip.compress(data))
        return self.out.write(text)

    def gzip_bytes(self) -> int:
        """The compressed size of everything written (call once, at the end)."""
        if self._gzip is not None:
            self._gzip_bytes += len(self._gzip.flush())
            self._gzip = None
        return self._gzip_bytes

    def __getattr__(self, name):   # flush, isatty, ... of the real stream
        return getattr(self.out, name)


def over_limits(results: int, gzip_bytes: int) -> list:
    """What in a SARIF report GitHub code scanning would refuse ([] if nothing)."""
    problems = []
    if results > MAX_RESULTS:
        problems.append(f"{results:,} results (code scanning accepts at most {MAX_RESULTS:,} per run)")
    if gzip_bytes > MAX_GZIP_BYTES:
        problems.append(f"{gzip_bytes / 1e6:.1f} MB gzip-compressed (code scanning accepts at most "
                        f"{MAX_GZIP_BYTES / 1e6:.0f} MB)")
    return problems


def advice(problems: list, target: str, by_severity: dict, gzip_bytes: int, report_level: str,
           baselined: bool) -> str:
    """The stderr message for a report over the limits: what is too big and
    the remedies that apply to this run (``by_severity``: the results of
    each severity in the report)."""
    where = "the SARIF report" if target == "-" else f"the SARIF report {target}"
    lines = [f"pfocr-lint: warning: {where} has {' and '.join(problems)}: GitHub code scanning "
             f"will reject its upload. The report was written all the same "
             f"({_counts(by_severity)}). To make it fit:"]
    remedies = []
    if not baselined:
        remedies.append("accept today's findings in a baseline: --write-baseline pfocr-baseline.json "
                        "once, commit the file, then lint with --baseline pfocr-baseline.json (the "
                        "reports then hold only new findings)")
    level = _level_that_fits(by_severity, gzip_bytes, report_level)
    if level is not None:
        remedies.append(f"--report-level {level} (or report-level = \"{level}\" in the configuration) "
                        f"leaves {_below(level, report_level)} out of the reports; --fail-on still counts every finding")
    elif report_level != "error":
        kept = by_severity.get("error", 0)
        remedies.append(f"--report-level error would still leave {kept:,} error{'s' if kept != 1 else ''}: "
                        "too many for one upload")
    remedies.append("or lint part of the repository per run (a folder of _figures/ each, each "
                    "SARIF uploaded with its own category)")
    lines += [f"  - {r}" for r in remedies]
    return "\n".join(lines)


_ORDER = ("info", "warning", "error")


def _level_that_fits(by_severity: dict, gzip_bytes: int, report_level: str):
    """The lowest report level above ``report_level`` whose results fit
    (their share of the size estimated in proportion), or None."""
    total = sum(by_severity.values()) or 1
    for level in _ORDER[_ORDER.index(report_level) + 1:]:
        kept = sum(n for sev, n in by_severity.items() if _ORDER.index(sev) >= _ORDER.index(level))
        if kept <= MAX_RESULTS and gzip_bytes * kept / total <= MAX_GZIP_BYTES:
            return level
    return None


def _below(level: str, current: str) -> str:
    if level == "warning":
        return "the info findings"
    return "the warnings" if current == "warning" else "warnings and info findings"


def _counts(by_severity: dict) -> str:
    return ", ".join(f"{n:,} {sev}{'s' if n != 1 and sev != 'info' else ''}"
                     for sev, n in by_severity.items() if n) or "no results"
