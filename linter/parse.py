"""Bytes -> Record, or input findings explaining why there is no record.

Safe by construction: the LibYAML C parser only reports events (or, for the
unusual front matter, composes a node graph); we build plain values from them
ourselves, so no tag can ever construct a Python object. Building the values
ourselves is also how every key and list item gets its line and column, and
how duplicate keys and alias bombs are caught (PyYAML keeps the last of two
equal keys without a word: that is data loss).
"""

from __future__ import annotations

import gc
import re
from pathlib import Path
from typing import Optional, Union

import yaml
from yaml.events import (
    DocumentEndEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent,
    ScalarEvent, SequenceEndEvent, SequenceStartEvent, StreamEndEvent,
)
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from pfocr_lint.fileio import read_file
from pfocr_lint.findings import Finding
from pfocr_lint.input_codes import INPUT_CODES
from pfocr_lint.record import Record

try:  # the C parser is ~10x faster; the pure-Python one is the fallback
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - exercised only without LibYAML
    from yaml.parser import Parser as _Parser  # type: ignore
    from yaml.reader import Reader as _Reader
    from yaml.scanner import Scanner as _Scanner
    from yaml.composer import Composer as _Composer
else:
    _Reader = _Scanner = _Composer = None

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# An honest record has a few thousand nodes; a record whose aliases expand to
# more than this is an attack or a bug either way.
MAX_EXPANDED_NODES = 200_000
# ... and a few aliased values may not add more than this many characters:
# counting nodes alone let one 100 KB string aliased 5,000 times through
# (a 120 KB file, a 3.45 GB report, 12.9 GB of memory).
MAX_ALIAS_CHARS = 1_000_000

# Larger ints are kept as text (about 300 digits; a float holds up to 1.8e308).
_MAX_INT_BITS = 1000

_T = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = _T + "str", _T + "int", _T + "float", _T + "bool", _T + "null"
_MAP, _SEQ = _T + "map", _T + "seq"
# Scalars JSON has no type for are kept as the text the author wrote.
_TEXT_TAGS = {_T + "timestamp", _T + "binary", _T + "value", "!"}
_KNOWN_TAGS = {_STR, _INT, _FLOAT, _BOOL, _NULL, _MAP, _SEQ, _T + "merge"} | _TEXT_TAGS

_constructor = yaml.constructor.SafeConstructor()

# Tag resolution, as yaml.SafeLoader's Resolver does it, in one small function:
# the C composer calls ``resolve`` for each of the ~150 nodes of a record and
# PyYAML's generic version (path resolvers, list concatenation per call) was
# a tenth of the parse time. The implicit-resolver table (bool, int, float,
# null, timestamp, merge, value) is read from PyYAML once, so the tags are
# exactly the SafeLoader's; we use no path resolvers.
_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_WILDCARD = tuple(_RESOLVERS.get(None, ()))
_BY_FIRST = {k: tuple(v) + _WILDCARD for k, v in _RESOLVERS.items() if k is not None}


class _FastResolver:
    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass

    def resolve(self, kind, value, implicit, _by_first=_BY_FIRST, _wild=_WILDCARD):
        if kind is ScalarNode:
            if implicit[0]:
                # value[:1] is '' for the empty scalar, which the table maps to null
                for tag, regexp in _by_first.get(value[:1], _wild):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is SequenceNode else _MAP


if _Reader is None:
    class _Loader(_Parser, _FastResolver):
        def __init__(self, stream):
            _Parser.__init__(self, stream)
else:  # pragma: no cover - only without LibYAML
    class _Loader(_Reader, _Scanner, _Parser, _Composer, _FastResolver):  # type: ignore
        def __init__(self, stream):
            _Reader.__init__(self, stream)
            _Scanner.__init__(self)
            _Parser.__init__(self)
            _Composer.__init__(self)

def closing_fence(text: str, start: int) -> int:
    """Offset of the first line at or after ``start`` (a line start) that is
    ``---`` with only trailing whitespace (``line.rstrip() == "---"``), or -1.

    String searches, not a multi-line regex: the regex ran over the whole
    caption and, in any record with one non-Latin-1 character (a Greek
    letter, an en dash), at twice the cost.
    """
    pos = start
    while True:
        if text.startswith("---", pos):
            eol = text.find("\n", pos + 3)
            rest = text[pos + 3:eol] if eol >= 0 else text[pos + 3:]
            if not rest or rest.isspace():
                return pos
        nl = text.find("\n---", pos)
        if nl < 0:
            return -1
        pos = nl + 1


class ParseProblem(Exception):
    def __init__(self, code: str, line: int, column: int, message: str,
                 suggestion: Optional[str] = None, field: Optional[str] = None):
        super().__init__(message)
        self.code, self.line, self.column = code, line, column
        self.message, self.suggestion, self.field = message, suggestion, field


def _finding(path: str, code: str, line: int, column: int, message: str,
             suggestion: Optional[str] = None, field: Optional[str] = None,
             fix=None) -> Finding:
    meta = INPUT_CODES[code]
    return Finding(path=path, line=line, column=column, code=code, name=meta.name,
                   severity=meta.severity, message=message, field=field,
                   suggestion=suggestion, fix=fix)


class _Builder:
    """Turns a composed node graph into plain values, recording positions."""

    __slots__ = ("positions", "line0", "index0", "memo", "expanded", "notes", "in_progress",
                 "chars", "max_chars")

    def __init__(self, line0: int, index0: int, source_chars: int = 0):
        self.positions: dict = {}
        self.line0 = line0    # file line (0-based) of the front matter's first line
        self.index0 = index0  # character offset of the front matter in the file
        self.memo: dict = {}  # id(node) -> (value, expanded nodes, expanded characters)
        self.in_progress: set = set()
        self.expanded = 0
        # Characters of text built so far, aliases expanded. Without aliases
        # it cannot pass the front matter's own size; aliases may add this much.
        self.chars = 0
        self.max_chars = source_chars + MAX_ALIAS_CHARS
        self.notes: list = []  # (code, line, col, message, suggestion, field_parts)

    def build(self, node, parts):
        key = id(node)
        if key in self.memo:  # an alias: count what it would expand to
            value, size, chars = self.memo[key]
            if key in self.in_progress:
                m = node.start_mark
                raise ParseProblem("IO012", m.line + self.line0 + 1, m.column + 1,
                                   "recursive YAML alias: the value contains itself",
                                   "Write the value out in full; PFOCR records use no anchors or aliases.")
            self.expanded += size
            self.chars += chars
            if self.expanded > MAX_EXPANDED_NODES or self.chars > self.max_chars:
                self._bomb(node)
            return value
        cls = node.__class__
        tag = node.tag
        if tag not in _KNOWN_TAGS:
            m = node.start_mark
            self.notes.append(("IO011", m.line + self.line0 + 1, m.column + 1,
                               f"unknown YAML tag {tag!r}: the value is read as plain "
                               f"{'text' if cls is ScalarNode else 'data'}, never constructed",
                               "Remove the tag; PFOCR records only use plain YAML scalars, lists and mappings.",
                               parts))
        before, chars_before = self.expanded, self.chars
        self.expanded += 1
        if cls is ScalarNode:
            value = self._scalar(node, tag)
            self.chars += len(node.value)
            self.memo[key] = (value, 1, len(node.value))
            return value
        if cls is SequenceNode:
            value = []
            self.memo[key] = (value, 1, 0)
            self.in_progress.add(key)
            pos = []
            line0, index0 = self.line0, self.index0
            for i, item in enumerate(node.value):
                m, e = item.start_mark, item.end_mark
                pos.append((m.line + line0 + 1, m.column + 1, m.index + index0, e.index + index0))
                if item.__class__ is ScalarNode and item.tag == _STR:
                    # Plain text, most of a record's nodes: no recursion, no
                    # memo (an aliased scalar cannot recurse or bomb), no note.
                    # (An alias of a text comes here too: its characters count.)
                    self.expanded += 1
                    self.chars += len(item.value)
                    if self.chars > self.max_chars:
                        self._bomb(item)
                    value.append(item.value)
                else:
                    value.append(self.build(item, parts + (i,)))
            self.positions[id(value)] = pos
        else:  # MappingNode
            value = {}
            self.memo[key] = (value, 1, 0)
            self.in_progress.add(key)
            pos = {}
            line0, index0 = self.line0, self.index0
            for knode, vnode in node.value:
                km = knode.start_mark
                if knode.__class__ is not ScalarNode:
                    raise ParseProblem("IO009", km.line + line0 + 1, km.column + 1,
                                       "a mapping key is itself a list or mapping",
                                       "Use plain text keys.")
                k = knode.value if knode.tag == _STR else str(self._scalar(knode, knode.tag))
                if k in value:
                    first = pos[k]
                    self.notes.append(("IO013", km.line + line0 + 1, km.column + 1,
                                       f"duplicate key {k!r} (first at line {first[0]}); YAML "
                                       "readers silently keep only the last value",
                                       "Merge the two entries into one and delete the other.",
                                       parts + (k,)))
                vm, ve = vnode.start_mark, vnode.end_mark
                pos[k] = (km.line + line0 + 1, km.column + 1, vm.index + index0, ve.index + index0)
                if vnode.__class__ is ScalarNode and vnode.tag == _STR:  # as in lists above
                    self.expanded += 1
                    self.chars += len(vnode.value)
                    if self.chars > self.max_chars:
                        self._bomb(vnode)
                    value[k] = vnode.value
                else:
                    value[k] = self.build(vnode, parts + (k,))
            self.positions[id(value)] = pos
        self.in_progress.discard(key)
        self.memo[key] = (value, self.expanded - before, self.chars - chars_before)
        return value

    def _bomb(self, node):
        m = node.start_mark
        what = (f"more than {MAX_EXPANDED_NODES:,} values" if self.expanded > MAX_EXPANDED_NODES
                else f"more than {MAX_ALIAS_CHARS:,} characters of repeated text")
        raise ParseProblem("IO012", m.line + self.line0 + 1, m.column + 1,
                           f"YAML aliases expand to {what} (an alias bomb); the record was not checked",
                           "Write the values out in full; PFOCR records use no anchors or aliases.")

    @staticmethod
    def _scalar(node, tag):
        if tag == _STR or tag in _TEXT_TAGS or tag not in _KNOWN_TAGS:
            return node.value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return node.value.lower() in ("yes", "true", "on", "y")
        # PyYAML's constructors fail on hostile text in several ways (IndexError
        # on ``!!int ''``, OverflowError on a float with 200 sexagesimal parts,
        # ValueError past Python's 4,300-digit limit): whatever goes wrong,
        # the value is the text the author wrote, never a crash.
        try:
            if tag == _INT:
                value = _constructor.construct_yaml_int(node)
                # A hex or sexagesimal int can have any size; past this one
                # float(), str() and json.dumps() fail on it (str() at 4,300
                # digits), so it stays text, like inf and nan below.
                return value if value.bit_length() <= _MAX_INT_BITS else node.value
            if tag == _FLOAT:
                value = _constructor.construct_yaml_float(node)
                # JSON has no inf/nan: keep the text so reports stay valid JSON.
                return value if value == value and value not in (float("inf"), float("-inf")) else node.value
        except Exception:
            pass
        return node.value


# Deeper than any honest record (PFOCR nests three levels); past it the
# composing path decides, as it always did (IO012 once Python's stack runs out).
_FAST_MAX_DEPTH = 64


def _build_simple(fm: str, line0: int, index0: int):
    """(data, positions) straight from LibYAML's event stream, or None.

    The common case, a mapping of plain text, numbers, lists and mappings,
    needs no node graph: composing one makes a Python node and two marks per
    value and calls back into Python to resolve every scalar's tag, which was
    half the parse. This reads the events once and builds the same values and
    positions ``_Builder`` would (tests compare the two on every fixture and
    on generated records). Anything else -- anchors, aliases, explicit tags,
    duplicate or non-text keys, a root that is not a mapping, a second
    document, deep nesting or a syntax error -- returns None, and the caller
    composes the front matter as before, so those keep their findings and
    their exact messages.
    """
    loader = _Loader(fm)
    get = loader.get_event
    by_first, wild, str_tag = _BY_FIRST, _WILDCARD, _STR
    scalar_cls, seq_start, map_start = ScalarEvent, SequenceStartEvent, MappingStartEvent
    line1 = line0 + 1
    try:
        get()  # StreamStartEvent
        if get().__class__ is not DocumentStartEvent:
            return None  # empty front matter
        ev = get()
        if ev.__class__ is not map_start or ev.anchor is not None or ev.tag is not None:
            return None
        positions: dict = {}
        root: dict = {}
        cur, cpos, is_map = root, {}, True
        key = None       # the pending mapping key, None when a key comes next
        kline = kcol = 0  # where that key starts (file line, 1-based column)
        stack: list = []
        while True:
            ev = get()
            cls = ev.__class__
            if cls is scalar_cls:
                if ev.anchor is not None or ev.tag is not None:
                    return None
                value = ev.value
                if ev.implicit[0]:  # plain: resolve as SafeLoader does
                    for tag, regexp in by_first.get(value[:1], wild):
                        if regexp.match(value):
                            if tag != str_tag:
                                value = _Builder._scalar(ScalarNode(tag, value), tag)
                            break
                m = ev.start_mark
                if is_map and key is None:
                    if value.__class__ is not str:
                        value = str(value)
                    if value in cur:
                        return None  # a duplicate key: IO013 comes from the builder
                    key, kline, kcol = value, m.line + line1, m.column + 1
                    continue
            elif cls is seq_start or cls is map_start:
                if ev.anchor is not None or ev.tag is not None:
                    return None
                if is_map and key is None:
                    return None  # a list or mapping used as a key: IO009
                if len(stack) >= _FAST_MAX_DEPTH:
                    return None
                stack.append((cur, cpos, is_map, key, kline, kcol, ev.start_mark))
                if cls is seq_start:
                    cur, cpos, is_map = [], [], False
                else:
                    cur, cpos, is_map = {}, {}, True
                key = None
                continue
            elif cls is SequenceEndEvent or cls is MappingEndEvent:
                positions[id(cur)] = cpos
                if not stack:
                    break
                value = cur
                cur, cpos, is_map, key, kline, kcol, m = stack.pop()
            else:
                return None  # an alias
            # a scalar or a finished list or mapping, from mark m to this
            # event's end: into its parent, with its position
            end = ev.end_mark.index + index0
            if is_map:
                cpos[key] = (kline, kcol, m.index + index0, end)
                cur[key] = value
                key = None
            else:
                cpos.append((m.line + line1, m.column + 1, m.index + index0, end))
                cur.append(value)
        if get().__class__ is not DocumentEndEvent or get().__class__ is not StreamEndEvent:
            return None  # a second document: the composer explains
    except yaml.YAMLError:
        return None  # the composing path reports the error with its position
    return root, positions


def split_front_matter(text: str):
    """Return (fm_text, fm_offset, fm_end) or raise ParseProblem.

    Front matter is the YAML between an opening ``---`` line and the next
    ``---`` line; whatever follows (the Jekyll body) is allowed.
    """
    if not text.startswith("---"):
        raise ParseProblem("IO007", 1, 1,
                           "no YAML front matter: the file must start with a '---' line",
                           "Put the record's YAML between a '---' first line and a closing '---' line.")
    nl = text.find("\n")
    first = text[: nl if nl >= 0 else len(text)].rstrip()
    if first != "---":
        raise ParseProblem("IO007", 1, 1,
                           f"the first line is {first!r}, not '---': no front matter",
                           "Make the first line exactly '---'.")
    start = nl + 1 if nl >= 0 else len(text)
    end = closing_fence(text, start) if nl >= 0 else -1
    if end >= 0:
        return text[start:end], start, end
    raise ParseProblem("IO008", 1, 1,
                       "the front matter is never closed: no second '---' line",
                       "Add a '---' line after the last line of the record's YAML.")


def parse_text(path: str, text: str, file_path: Optional[Union[str, Path]] = None):
    """Parse decoded text. Returns (record or None, list of input findings)."""
    findings: list[Finding] = []
    try:
        fm, offset, end = split_front_matter(text)
        line0 = text.count("\n", 0, offset)
        # Composing and building make thousands of small acyclic objects per
        # record; the cyclic GC would walk them again and again for nothing
        # (measured: ~10% of a run). Reference counting frees them all.
        gc_was_on = gc.isenabled()
        gc.disable()
        try:
            return _parse_front_matter(path, text, file_path, fm, offset, end, line0, findings)
        finally:
            if gc_was_on:
                gc.enable()
    except ParseProblem as p:
        findings.append(_finding(path, p.code, p.line, p.column, p.message, p.suggestion, p.field))
        return None, findings


def _parse_front_matter(path, text, file_path, fm, offset, end, line0, findings):
    """Build the front matter from events, or compose it; raises ParseProblem."""
    simple = _build_simple(fm, line0, offset)
    if simple is not None:
        data, positions = simple
    else:
        data, positions, notes = compose_and_build(fm, line0, offset)
        for code, line, col, message, suggestion, parts in notes:
            findings.append(_finding(path, code, line, col, message, suggestion,
                                     Record.field_name(parts) if parts else None))
    return Record(path, file_path, text, data, positions, offset, end), findings


def compose_and_build(fm: str, line0: int, offset: int):
    """(data, positions, notes) through LibYAML's composer and ``_Builder``:
    the path for every front matter ``_build_simple`` declines. Raises
    ParseProblem."""
    try:
        root = yaml.compose(fm, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + line0 + 1) if mark else line0 + 1
        col = (mark.column + 1) if mark else 1
        problem = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        raise ParseProblem("IO009", line, col, f"YAML syntax error: {problem}",
                           "Fix the YAML at this line; quote values that contain ': ' or start with a special character.")
    except yaml.YAMLError as exc:
        raise ParseProblem("IO009", line0 + 1, 1, f"YAML error: {exc}",
                           "Fix the YAML syntax of the front matter.")
    if root is None:
        raise ParseProblem("IO010", line0 + 1, 1, "the front matter is empty",
                           "Write the record's fields between the two '---' lines.")
    if not isinstance(root, MappingNode):
        m = root.start_mark
        kind = "a list" if isinstance(root, SequenceNode) else "a single value"
        raise ParseProblem("IO010", m.line + line0 + 1, m.column + 1,
                           f"the front matter is {kind}, not a mapping of fields",
                           "Write the record as 'key: value' lines.")
    builder = _Builder(line0, offset, len(fm))
    try:
        data = builder.build(root, ())
    except RecursionError:
        raise ParseProblem("IO012", line0 + 1, 1, "the front matter nests too deeply to check",
                           "Flatten the structure; PFOCR records nest at most three levels.")
    return data, builder.positions, builder.notes


def _utf16(raw: bytes) -> Optional[str]:
    """Why ``raw`` is UTF-16 text, or None. Without a byte-order mark, ASCII
    text in UTF-16 has a NUL beside every letter, which is valid UTF-8 and
    would otherwise read as a file without front matter."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "it starts with a UTF-16 byte-order mark"
    sample = raw[:256]
    if len(sample) >= 8:
        for half in (sample[1::2], sample[0::2]):
            if half.count(0) >= 0.9 * len(half):
                return "no byte-order mark, but every other byte is NUL"
    return None


def decode(path: str, raw: bytes, max_bytes: int = DEFAULT_MAX_BYTES):
    """Bytes -> (text or None, findings). Checks size, emptiness, BOM, encoding, line ends."""
    findings: list[Finding] = []
    if len(raw) > max_bytes:
        findings.append(_finding(path, "IO002", 1, 1,
                                 f"file is {len(raw):,} bytes, over the {max_bytes:,}-byte limit; not checked",
                                 "A PFOCR record is a few kilobytes: check this is the right file, or raise 'max-file-size'."))
        return None, findings
    if not raw.strip():
        findings.append(_finding(path, "IO003", 1, 1, "file is empty",
                                 "Restore the record from version control or delete the file."))
        return None, findings
    if raw.startswith(b"\xef\xbb\xbf"):
        findings.append(_finding(path, "IO004", 1, 1,
                                 "file starts with a UTF-8 byte-order mark; Jekyll then sees no front matter",
                                 "Save the file as UTF-8 without BOM."))
        raw = raw[3:]
    why = _utf16(raw)
    if why is not None:
        findings.append(_finding(path, "IO005", 1, 1, f"not UTF-8: the file is UTF-16 ({why})",
                                 "Re-save the file as UTF-8."))
        return None, findings
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        findings.append(_finding(path, "IO005", line, col,
                                 f"not valid UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded",
                                 "Re-save the file as UTF-8 (it is probably Latin-1 or Windows-1252)."))
        return None, findings
    if "\r" in text:
        line = text.count("\n", 0, text.find("\r")) + 1
        findings.append(_finding(path, "IO006", line, 1,
                                 "Windows (CRLF) or old Mac (CR) line ends; records use LF",
                                 "Convert the line ends to LF (git config core.autocrlf input, or dos2unix)."))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, findings


def parse_bytes(path: str, raw: bytes, file_path: Optional[Union[str, Path]] = None,
                max_bytes: int = DEFAULT_MAX_BYTES):
    text, findings = decode(path, raw, max_bytes)
    if text is None:
        return None, findings
    record, more = parse_text(path, text, file_path)
    return record, findings + more


def read_and_parse(display_path: str, file_path: Union[str, Path], max_bytes: int = DEFAULT_MAX_BYTES):
    """Read ``file_path`` (a str or path object) and parse it."""
    try:
        size, raw = read_file(file_path, max_bytes)
        if raw is None:
            return None, [_finding(display_path, "IO002", 1, 1,
                                   f"file is {size:,} bytes, over the {max_bytes:,}-byte limit; not checked",
                                   "A PFOCR record is a few kilobytes: check this is the right file, or raise 'max-file-size'.")]
    except OSError as exc:
        return None, [_finding(display_path, "IO001", 1, 1,
                               f"cannot read file: {exc.strerror or exc}",
                               "Check the path and its permissions.")]
    return parse_bytes(display_path, raw, file_path, max_bytes)
