"""A content file's text after a form is saved, as its author would have edited it by
hand: comments, key order, the Chinese key names (标题:), quoting and untouched fields
stay; only what changed in the form changes in the file. A new file looks hand-written:
keys in schema order, plain dates, block lists of rows. Pure: no files are touched.
"""

from __future__ import annotations

import difflib
import json
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from io import StringIO
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import LiteralScalarString, ScalarString
from ruamel.yaml.tokens import CommentToken

from ..content.kinds import Kind
from ..content.schema import ALIASES
from ..content.yamlio import YamlFault, load_yaml
from .documents import Document, plain_text


def render_document(
    kind: Kind, data: dict, body: str | None, before: Document | None = None
) -> str:
    """The file's text for `data` and `body`. With `before`, its text edited in place
    (comments, key order and spelling, quoting, untouched fields, BOM and line ends kept);
    without, a new file in schema field order. Empty values (None, "", [], {}) are left
    out. A body's line ends follow the file's; it ends with exactly one newline."""
    fields = _typed(data, kind.schema)
    markdown = kind.suffix == "md"
    if before is None:
        yaml_text = _dump(_fresh(fields, kind.schema), _indents(""))
        head, gap, bom, newline = "---\n", "\n", "", "\n"
    else:
        bom = "\ufeff" if before.text.startswith("\ufeff") else ""
        newline = "\r\n" if "\r\n" in before.text else "\n"
        parts = _split(plain_text(before.text), markdown)
        yaml_text = _edited(parts.yaml, before.data, fields, kind.schema)
        head, gap = parts.head, parts.gap
    if not markdown:
        text = yaml_text
    else:
        closing = "---\n" if before is None else parts.closing
        text = f"{head}{yaml_text}{closing}"
        words = plain_text(body or "").strip("\n")
        text += f"{gap}{words}\n" if words else ""
    return bom + text.replace("\n", newline)


@dataclass
class _Parts:
    head: str  # the opening `---` line of front matter
    yaml: str
    closing: str  # the closing `---` line
    gap: str  # the blank lines between it and the body


def _split(text: str, markdown: bool) -> _Parts:
    """A file's text cut where its front matter begins and ends."""
    if not markdown:
        return _Parts("", text, "", "")
    lines = text.split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    rest = "\n".join(lines[end + 1 :])
    gap = "\n" * (len(rest) - len(rest.lstrip("\n"))) if rest.strip() else "\n"
    yaml = "".join(line + "\n" for line in lines[1:end])
    return _Parts(lines[0] + "\n", yaml, lines[end] + "\n", gap)


# Values as the form gives them, as the schema wants them ------------------------------------


def _typed(value: Any, model: type[BaseModel] | None) -> Any:
    """`value` with empty fields and rows left out, and numbers and yes/no given as text
    turned into what the schema's field holds (the form sends "5" for workdays: 5).
    Free data (extra:) is kept as given."""
    if isinstance(value, list):
        return [_typed(item, model) for item in value if not _empty(item)]
    if not isinstance(value, dict) or model is None:
        return value
    kept = {}
    for key, item in value.items():
        item = _scalar(_typed(item, _nested(model, key)), _field_type(model, key))
        if not _empty(item):
            kept[key] = item
    return kept


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and not value)


def _scalar(value: Any, wanted: type | None) -> Any:
    if not isinstance(value, str):
        return value
    text = value.strip()
    if wanted is int and text.lstrip("-").isdigit():
        return int(text)
    if wanted is bool and text.lower() in ("true", "false"):
        return text.lower() == "true"
    return value


def _unwrapped(annotation: Any) -> Any:
    """The type inside Optional[…] and Annotated[…]."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _field_type(model: type[BaseModel], key: str) -> type | None:
    field = model.model_fields.get(key)
    inner = _unwrapped(field.annotation) if field else None
    return inner if inner in (int, bool) else None


def _nested(model: type[BaseModel] | None, key: Any) -> type[BaseModel] | None:
    """The schema of a mapping held in `key`, or of each row of a list held there."""
    field = model.model_fields.get(key) if model and isinstance(key, str) else None
    if field is None:
        return None
    inner = _unwrapped(field.annotation)
    if typing.get_origin(inner) is list:
        inner = _unwrapped(typing.get_args(inner)[0])
    return inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None


def _left_out(model: type[BaseModel] | None, key: Any, value: Any) -> bool:
    """A new key nobody writes by hand: false or 0 where that is the schema's default."""
    field = model.model_fields.get(key) if model and isinstance(key, str) else None
    default = field.default if field else None
    return type(value) is type(default) and value == default and not value


# A new file ----------------------------------------------------------------------------------


class _NewText(str):
    """Text written by the editor (not read from the file): quoted where YAML would
    read it as something else."""


def _fresh(value: Any, model: type[BaseModel] | None, like: Any = None) -> Any:
    """`value` as it is written in a new place: mappings in schema order, rows of fields
    in block style, a list of words on one line (tags: [供水, 停水])."""
    if isinstance(value, dict):
        order = list(model.model_fields) if model else []
        keys = sorted(value, key=lambda k: order.index(k) if k in order else len(order))
        node = CommentedMap()
        for key in keys:
            if not _left_out(model, key, value[key]):
                node[key] = _fresh(value[key], _nested(model, key))
        return node
    if isinstance(value, list):
        seq = CommentedSeq(_fresh(item, model) for item in value)
        if not any(isinstance(item, (dict, list)) for item in value):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str):
        if "\n" in value:
            return LiteralScalarString(value)
        if isinstance(like, ScalarString) and not isinstance(like, LiteralScalarString):
            return type(like)(value)  # '…' or "…" as the person quoted it before
        return _NewText(value)
    return value


# The words content/fields.py reads as yes or no: quoted when they are text.
_YES_NO = frozenset({"true", "yes", "是", "对", "1", "false", "no", "否", "不", "0"})


def _misread(text: str) -> bool:
    """Whether the project's reader would not read `text`, written plain, as this text."""
    if text.strip().lower() in _YES_NO:
        return True
    try:
        return load_yaml(f"v: {text}\n").data != {"v": text}
    except YamlFault:
        return True


def _represent_new_text(representer: RoundTripRepresenter, value: _NewText) -> Any:
    style = "'" if _misread(value) else None
    return representer.represent_scalar("tag:yaml.org,2002:str", str(value), style=style)


class _Representer(RoundTripRepresenter):
    pass


_Representer.add_representer(_NewText, _represent_new_text)


class _Resolver(VersionedResolver):
    """YAML without implicit dates, like the project's reader: 2026-11-22 is written
    plain and read back as that text."""

    def add_version_implicit_resolver(self, version: Any, tag: Any, regexp: Any, first: Any):
        if tag != "tag:yaml.org,2002:timestamp":
            super().add_version_implicit_resolver(version, tag, regexp, first)


def _yaml(indents: tuple[int, int]) -> YAML:
    yaml = YAML()
    yaml.Resolver = _Resolver
    yaml.Representer = _Representer
    yaml.preserve_quotes = True
    yaml.allow_unicode = True
    yaml.width = 1_000_000  # long Chinese text stays on its line
    mapping, offset = indents
    yaml.indent(mapping=mapping, sequence=offset + 2, offset=offset)
    return yaml


def _dump(node: Any, indents: tuple[int, int]) -> str:
    out = StringIO()
    _yaml(indents).dump(node, out)
    return out.getvalue()


def _indents(text: str) -> tuple[int, int]:
    """How far the person indents nested keys and list dashes (2 and 2 if unknown)."""
    mapping = offset = None
    lines = [
        line for line in text.split("\n") if line.strip() and not line.lstrip().startswith("#")
    ]
    for above, line in zip(lines, lines[1:], strict=False):
        if not above.rstrip().endswith(":"):
            continue
        key_column = len(above) - len(above.lstrip(" -"))
        step = len(line) - len(line.lstrip(" ")) - key_column
        if line.lstrip().startswith("- "):
            offset = step if offset is None and step >= 0 else offset
        elif mapping is None and step > 0:
            mapping = step
    return (mapping or 2, 2 if offset is None else offset)


# Editing a file in place ----------------------------------------------------------------------


def _edited(yaml_text: str, old: dict, new: dict, model: type[BaseModel]) -> str:
    """`yaml_text` with the changes from `old` to `new` made in place."""
    indents = _indents(yaml_text)
    yaml = _yaml(indents)
    node = yaml.load(yaml_text) if yaml_text.strip() else None
    if not isinstance(node, CommentedMap):
        return _dump(_fresh(new, model), indents)
    unchanged = _dump(node, indents)
    _merge_map(node, old, new, model, top=True)
    changed = _dump(node, indents)
    return _keep_layout(yaml_text, unchanged, changed)


def _same(old: Any, new: Any) -> bool:
    """Whether the form left a value as the file says it (5 and "5" are the same)."""
    if isinstance(old, dict) and isinstance(new, dict):
        return old.keys() == new.keys() and all(_same(old[k], new[k]) for k in old)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(map(_same, old, new))
    if isinstance(old, (dict, list)) or isinstance(new, (dict, list)):
        return False
    if isinstance(old, bool) or isinstance(new, bool):
        return old is new
    if old is None or new is None:
        return old is new
    return str(old) == str(new)


def _merge_map(
    node: CommentedMap, old: dict, new: dict, model: type[BaseModel] | None, top: bool = False
) -> None:
    written = {(ALIASES.get(k, k) if top and isinstance(k, str) else k): k for k in node}
    for name, key in written.items():
        if name not in new:
            _delete(node, key)
    for name, value in new.items():
        key = written.get(name)
        if key is None:
            if not _left_out(model, name, value):
                _insert(node, name, _fresh(value, _nested(model, name)), model, top)
        elif not _same(old.get(name), value):
            _merge_value(node, key, old.get(name), value, _nested(model, name))


def _merge_value(node: Any, key: Any, old: Any, new: Any, model: type[BaseModel] | None) -> None:
    """Set node[key] from old to new, editing the mapping or list held there in place."""
    current = node[key]
    if isinstance(current, CommentedMap) and isinstance(old, dict) and isinstance(new, dict):
        _merge_map(current, old, new, model)
    elif (
        isinstance(current, CommentedSeq)
        and isinstance(old, list)
        and isinstance(new, list)
        and len(current) == len(old)
    ):
        _merge_seq(current, old, new, model)
    else:
        fresh = _fresh(new, model, like=current)
        if isinstance(current, CommentedSeq) and isinstance(fresh, CommentedSeq):
            if current.fa.flow_style() and not any(isinstance(i, dict) for i in new):
                fresh.fa.set_flow_style()
            elif not current.fa.flow_style():
                fresh.fa.set_block_style()
        node[key] = fresh


def _merge_seq(node: CommentedSeq, old: list, new: list, model: type[BaseModel] | None) -> None:
    """Rows kept, changed, added or removed where they are, so a removed applicant takes
    only its own lines with it."""
    keys = [json.dumps(item, sort_keys=True, ensure_ascii=False, default=str) for item in old]
    wanted = [json.dumps(item, sort_keys=True, ensure_ascii=False, default=str) for item in new]
    steps = difflib.SequenceMatcher(None, keys, wanted, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in reversed(steps):  # from the end: earlier positions stay put
        if tag == "equal":
            continue
        both = min(i2 - i1, j2 - j1)
        for k in range(both):
            if not _same(old[i1 + k], new[j1 + k]):
                _merge_value(node, i1 + k, old[i1 + k], new[j1 + k], model)
        for index in reversed(range(i1 + both, i2)):
            _delete(node, index)
        for k in range(j1 + both, j2):
            _insert_row(node, i1 + k - j1, _fresh(new[k], model))


def _insert_row(node: CommentedSeq, index: int, value: Any) -> None:
    """A new row; a row added at the end keeps the comment lines below the list there."""
    lines = _take_lines_after(node, index - 1) if index == len(node) and index else ""
    node.insert(index, value)
    if lines:
        _put_lines_after(node, index, lines)


def _insert(
    node: CommentedMap, name: str, value: Any, model: type[BaseModel] | None, top: bool
) -> None:
    """A new key just before the first key the schema puts after it (at the end for free
    data); comment lines above that key stay above it."""
    order = list(model.model_fields) if model else []
    keys = list(node)
    names = [ALIASES.get(k, k) if top and isinstance(k, str) else k for k in keys]
    later = [
        i
        for i, k in enumerate(names)
        if name in order and k in order and order.index(k) > order.index(name)
    ]
    position = later[0] if later else len(keys)
    lines = _take_lines_after(node, keys[position - 1]) if position else ""
    node.insert(position, name, value)
    if lines:
        _put_lines_after(node, name, lines)


def _delete(node: CommentedMap | CommentedSeq, key: Any) -> None:
    """Remove node[key], keeping the comment lines written below it (they are about what
    follows) under the entry before it."""
    lines = _take_lines_after(node, key)
    keys = list(node) if isinstance(node, CommentedMap) else list(range(len(node)))
    at = keys.index(key)
    del node[key]
    if lines and at > 0:
        _put_lines_after(node, keys[at - 1], lines)


def _tail(node: Any, key: Any) -> tuple[Any, Any]:
    """Where ruamel keeps the comments below node[key]: on the last entry of a block
    mapping or list it holds, deepest first."""
    value = node[key]
    while isinstance(value, (CommentedMap, CommentedSeq)) and len(value):
        if value.fa.flow_style():
            break
        node, key = value, (list(value)[-1] if isinstance(value, CommentedMap) else len(value) - 1)
        value = node[key]
    return node, key


def _slot(node: Any) -> int:
    return 2 if isinstance(node, CommentedMap) else 0


def _take_lines_after(node: Any, key: Any) -> str:
    """The comment lines on the lines after node[key] (not its end-of-line comment), removed."""
    node, key = _tail(node, key)
    entry = node.ca.items.get(key)
    token = entry[_slot(node)] if entry else None
    if not isinstance(token, CommentToken):
        return ""
    end_of_line, _, lines = token.value.partition("\n")
    if end_of_line:
        token.value = end_of_line + "\n"
    else:
        entry[_slot(node)] = None
    return lines


def _put_lines_after(node: Any, key: Any, lines: str) -> None:
    node, key = _tail(node, key)
    entry = node.ca.items.setdefault(key, [None] * (4 if isinstance(node, CommentedMap) else 2))
    token = entry[_slot(node)]
    if isinstance(token, CommentToken):
        token.value += lines
    else:
        entry[_slot(node)] = CommentToken("\n" + lines, CommentMark(0), None)


def _keep_layout(original: str, unchanged: str, changed: str) -> str:
    """`changed` with every stretch the edit did not touch taken from `original`, so that
    spacing ruamel would tidy (`[供水,停水]`, `key:   value`) stays as the person wrote it.
    `unchanged` is ruamel's writing of the original; falls back to `changed` if the
    result would not read the same."""
    if original == unchanged:
        return changed
    first, plain, edited = (
        text.splitlines(keepends=True) for text in (original, unchanged, changed)
    )
    tidied: dict[int, tuple[int, list[str]]] = {}
    for tag, o1, o2, p1, p2 in _opcodes(first, plain):
        if tag != "equal":
            tidied[p1] = (p2, first[o1:o2])
    out: list[str] = []
    for tag, p1, p2, e1, e2 in _opcodes(plain, edited):
        if tag != "equal":
            out += edited[e1:e2]
            continue
        index = p1
        while index <= p2:
            end, lines = tidied.get(index, (p2 + 1, []))
            if end <= p2:  # the person's own lines for a stretch the edit left alone
                out += lines
                del tidied[index]
            if index == p2:
                break
            if end <= p2 and end > index:
                index = end
            else:
                out.append(plain[index])
                index += 1
    result = "".join(out)
    try:
        same = load_yaml(result).data == load_yaml(changed).data
    except YamlFault:
        same = False
    return result if same else changed


def _opcodes(a: list[str], b: list[str]) -> Sequence[tuple[str, int, int, int, int]]:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


# Saving and deleting ------------------------------------------------------------------------
