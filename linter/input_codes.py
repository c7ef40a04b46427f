"""The engine's own codes: input that never became a record.

These are not pluggable rules (there is no record yet to hand a rule), but they
are listed, explained, selected and ignored exactly like rules.
"""

from __future__ import annotations

from pfocr_lint.findings import Severity
from pfocr_lint.rule import Rule


class _InputCode(Rule):
    scope = "input"


class UnreadableFile(_InputCode):
    """The file could not be read.

    What it does:
        Reports a path that exists in the run but cannot be opened or read
        (permissions, a broken link, an I/O error), or is not a regular file:
        a named pipe or a device is reported, never waited on or read
        without end.
    Why this matters:
        A record that is never read is never checked; the run goes on with the
        other files but this one is not validated.
    Curation action:
        Check the path and its permissions.
    Fix safety:
        Not fixable automatically.
    """

    code, name, severity = "IO001", "unreadable-file", Severity.ERROR


class FileTooLarge(_InputCode):
    """The file is larger than the configured size limit.

    What it does:
        Skips files over ``max-file-size`` bytes (default 5 MB) without parsing
        them. The same limit holds for companion tables (a larger table is a
        TB004 finding and is not read).
    Why this matters:
        A PFOCR record is 1-10 KB. A multi-megabyte file is the wrong file, a
        generated artefact, or an attack on the YAML parser.
    Curation action:
        Check that the file is a figure record; raise ``max-file-size`` if it really is.
    Fix safety:
        Not fixable automatically.
    """

    code, name, severity = "IO002", "file-too-large", Severity.ERROR


class EmptyFile(_InputCode):
    """The file is empty or holds only white space.

    What it does:
        Reports a record file with no content.
    Why this matters:
        Jekyll builds an empty page for it; the figure disappears from the site.
    Curation action:
        Restore the record from version control, or delete the file.
    Fix safety:
        Not fixable automatically.
    """

    code, name, severity = "IO003", "empty-file", Severity.ERROR


class ByteOrderMark(_InputCode):
    """The file starts with a UTF-8 byte-order mark.

    What it does:
        Reports a leading BOM (EF BB BF). The rest of the file is still checked.
    Why this matters:
        Jekyll only recognises front matter when ``---`` is the very first thing in
        the file; behind a BOM the record is published as plain text.
    Why this shows up:
        Editors on Windows add it when saving "UTF-8".
    Curation action:
        Save the file as UTF-8 without BOM.
    Fix safety:
        Safe: ``--fix`` removes the three BOM bytes; nothing else changes.
    """

    code, name, severity = "IO004", "byte-order-mark", Severity.WARNING
    fixable = True


class NotUtf8(_InputCode):
    """The file is not valid UTF-8.

    What it does:
        Reports the first byte that cannot be decoded, with its line and
        column. A UTF-16 file (a UTF-16 byte-order mark, or a NUL in every
        other byte) is reported as such at 1:1: without a byte-order mark its
        ASCII text would decode as UTF-8, NULs and all.
    Why this matters:
        Records are UTF-8; any other encoding garbles captions and names on the site.
    Curation action:
        Re-save the file as UTF-8 (it is usually Latin-1 or Windows-1252, now
        and then UTF-16 from a Windows editor).
    Fix safety:
        Not fixable automatically: the original encoding has to be known.
    """

    code, name, severity = "IO005", "not-utf8", Severity.ERROR


class CrlfLineEnds(_InputCode):
    """The file has Windows (CRLF) or old Mac (CR) line ends.

    What it does:
        Reports the first line that ends in a carriage return; the record is
        still checked as if it had LF line ends.
    Why this matters:
        Mixed line ends make every line show as changed in diffs and can leave a
        stray ``\\r`` at the end of values.
    Curation action:
        Convert to LF (``dos2unix``, or ``git config core.autocrlf input``).
    Fix safety:
        Safe: ``--fix`` rewrites the line ends; the values are compared after re-parsing.
    """

    code, name, severity = "IO006", "crlf-line-ends", Severity.WARNING
    fixable = True


class NoFrontMatter(_InputCode):
    """The file does not start with a ``---`` line.

    What it does:
        Reports a record file whose first line is not exactly ``---``.
    Why this matters:
        Without front matter Jekyll has no figid, caption or genes for the page.
    Curation action:
        Put the record's YAML between a ``---`` first line and a closing ``---`` line.
    Fix safety:
        Not fixable automatically.
    """

    code, name, severity = "IO007", "no-front-matter", Severity.ERROR


class UnterminatedFrontMatter(_InputCode):
    """The front matter has no closing ``---`` line.

    What it does:
        Reports front matter that opens with ``---`` but never closes.
    Why this matters:
        Jekyll then treats the whole file as content; the record's fields are lost.
    Why this shows up:
        A truncated write or a bad merge.
    Curation action:
        Add a ``---`` line after the last field.
    Fix safety:
        Not fixable automatically: where the record ends has to be decided by a person.
    """

    code, name, severity = "IO008", "unterminated-front-matter", Severity.ERROR


class YamlSyntaxError(_InputCode):
    """The front matter is not valid YAML.

    What it does:
        Reports the parser's message at the parser's line and column.
    Why this matters:
        Jekyll fails the whole site build on one broken record.
    Why this shows up:
        Hand edits: an unquoted value containing ``: ``, a bad indent, a stray tab.
    Curation action:
        Fix the YAML at that line; quote values that contain ``: `` or start with a special character.
    Fix safety:
        Not fixable automatically.
    """

    code, name, severity = "IO009", "yaml-syntax-error", Severity.ERROR


class NotAMapping(_InputCode):
    """The front matter is empty, a list, or a single value instead of fields.

    What it does:
        Reports front matter whose top level is not a mapping of ``key: value`` pairs.
    Why this matters:
        A record is a set of named fields; anything else has no figid or caption.
    Curation action:
        Write the record as ``key: value`` lines.
    Fix safety:
        Not fixable automatically.
    """

    code, name, severity = "IO010", "front-matter-not-a-mapping", Severity.ERROR


class UnknownTag(_InputCode):
    """A value carries a YAML tag such as ``!!python/object`` or ``!custom``.

    What it does:
        Reports every tag outside plain YAML (str, int, float, bool, null, seq,
        map). The value is read as plain text or data and never constructed.
    Why this matters:
        Tags like ``!!python/object/apply`` run code in unsafe YAML readers; other
        tags make the record unreadable for Jekyll and for the R pipeline.
    Curation action:
        Remove the tag.
    Fix safety:
        Not fixable automatically: a tag this odd deserves a look.
    """

    code, name, severity = "IO011", "unknown-yaml-tag", Severity.ERROR


class AliasBomb(_InputCode):
    """YAML anchors and aliases expand to an absurd size, or refer to themselves.

    What it does:
        Counts what aliases would expand to and stops at 200,000 values
        ("billion laughs"), at aliases that repeat more than 1,000,000
        characters of text (one long text aliased thousands of times), or at
        an alias that contains itself.
    Why this matters:
        Expanding such a file exhausts memory in every YAML reader downstream.
    Curation action:
        Write the values out in full; PFOCR records use no anchors or aliases.
    Fix safety:
        Not fixable automatically.
    """

    code, name, severity = "IO012", "yaml-alias-bomb", Severity.ERROR


class DuplicateKey(_InputCode):
    """The same key appears twice in one mapping.

    What it does:
        Reports the second occurrence and where the first one is.
    Why this matters:
        YAML readers (PyYAML, R yaml, Jekyll) silently keep only the last value:
        the first is lost without a word.
    Why this shows up:
        Bad merges and hand edits that add a field already present further down.
    Curation action:
        Merge the two entries into one and delete the other.
    Fix safety:
        Not fixable automatically: which value is right is a curator's call.
    """

    code, name, severity = "IO013", "duplicate-key", Severity.ERROR


class FixNotApplied(_InputCode):
    """``--fix`` left a file as it was, and says why.

    What it does:
        Reports a file whose fixes ``--fix`` did not apply: the file (or its
        folder) cannot be written, its YAML has a duplicate key or an unknown
        tag (so the re-read result could not be compared with the original
        safely), or the fixed text would not read back as the fixes promised.
        The other files are still checked and fixed.
    Why this matters:
        The findings with fixes are still there; nothing was changed, nothing
        was lost.
    Curation action:
        Correct what the message names (permissions, the duplicate key, the
        tag), then run ``--fix`` again, or apply the fixes by hand.
    Fix safety:
        Not fixable automatically.
    """

    code, name, severity = "IO014", "fix-not-applied", Severity.WARNING


class RuleCrashed(_InputCode):
    """A rule raised an exception on this file.

    What it does:
        Reports, instead of a traceback, that a rule failed on this record; the
        other rules and the other files are still checked.
    Why this matters:
        The record was not fully checked, and the rule has a bug.
    Curation action:
        Report it to the rule's authors with the file attached.
    Fix safety:
        Not fixable automatically.
    """

    code, name, severity = "IO099", "rule-crashed", Severity.ERROR


INPUT_RULES = [
    UnreadableFile, FileTooLarge, EmptyFile, ByteOrderMark, NotUtf8, CrlfLineEnds,
    NoFrontMatter, UnterminatedFrontMatter, YamlSyntaxError, NotAMapping, UnknownTag,
    AliasBomb, DuplicateKey, FixNotApplied, RuleCrashed,
]
INPUT_CODES = {r.code: r for r in INPUT_RULES}

#: Input findings that mean the text the rules saw is not the file's bytes
#: (a byte-order mark stripped, CR line ends turned into LF): character
#: offsets into the linted text then do not address the file on disk.
TEXT_REWRITTEN = frozenset((ByteOrderMark.code, CrlfLineEnds.code))
