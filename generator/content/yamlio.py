"""Safe YAML reading that keeps line numbers and refuses what editors never mean.

Dates stay strings (our own parser reads every form in the contract, and an impossible
date becomes a clear error instead of a crash); anchors and aliases are refused, which
also stops "billion laughs" alias bombs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import yaml

Path_ = tuple  # a path into the data, e.g. ("black", 0, "status")


class _Loader(yaml.SafeLoader):
    """SafeLoader without implicit timestamps and without aliases."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise YamlFault(
                "不支持 YAML 别名（*名称）。请把内容直接写出来；如果文字以 * 开头，请加引号。",
                "YAML aliases (*name) are not supported. Write the value out; quote text "
                "that starts with *.",
                mark.line + 1,
                mark.column + 1,
            )
        return super().compose_node(parent, index)


class _FastLoader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):  # type: ignore[misc]
    """The same reading through libyaml's C parser, about ten times faster. Used only for
    texts that cannot hold an alias and only while they parse; anything else goes
    through `_Loader`, whose messages the editors see."""


_RESOLVERS = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
_Loader.yaml_implicit_resolvers = _FastLoader.yaml_implicit_resolvers = _RESOLVERS


@dataclass
class YamlFault(Exception):
    """A YAML text that cannot be read; line and column are 1-based in the file."""

    zh: str
    en: str
    line: int | None = None
    column: int | None = None


@dataclass
class YamlDoc:
    data: object
    lines: Mapping[Path_, int]

    def line_of(self, path: Path_) -> int | None:
        """The line of the deepest known node on `path`."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


def load_yaml(text: str, first_line: int = 1) -> YamlDoc:
    """Parse one YAML document; `first_line` is where `text` starts in its file."""
    offset = first_line - 1
    tab = _tab_indent(text)
    if tab is not None:
        raise YamlFault(
            "用了 Tab 键缩进。YAML 只能用空格缩进，请把行首的 Tab 换成两个空格。",
            "indented with a tab. YAML allows only spaces: replace the leading tab with "
            "two spaces.",
            tab + offset,
            1,
        )
    if "*" not in text and "&" not in text:  # no alias or anchor possible
        try:
            return _read(_FastLoader(text), offset, first_line)
        except (yaml.YAMLError, YamlFault):
            pass  # read again below, for the exact message and line
    return _read(_Loader(text), offset, first_line)


def _read(loader: yaml.SafeLoader, offset: int, first_line: int) -> YamlDoc:
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDoc(None, {(): first_line})
        lines: dict[Path_, int] = {}
        _map_lines(node, (), lines, offset)
        data = loader.construct_document(node)
    except YamlFault as fault:
        fault.line = fault.line + offset if fault.line else fault.line
        raise
    except yaml.MarkedYAMLError as exc:
        raise _fault_from(exc, offset) from None
    except yaml.YAMLError as exc:
        raise YamlFault(f"YAML 格式错误：{exc}", f"YAML syntax error: {exc}", None) from None
    finally:
        loader.dispose()
    return YamlDoc(data, lines)


def _tab_indent(text: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(r"^ *\t", line):
            return number
    return None


def _map_lines(node: yaml.Node, path: Path_, lines: dict, offset: int) -> None:
    lines.setdefault(path, node.start_mark.line + 1 + offset)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                child = path + (key.value,)
                lines[child] = key.start_mark.line + 1 + offset
                _map_lines(value, child, lines, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _map_lines(item, path + (index,), lines, offset)


_PROBLEMS = [
    (
        "found undefined alias",
        "以 * 开头的文字会被当成 YAML 别名，请给这段文字加引号。",
        "text starting with * is read as a YAML alias: quote it.",
    ),
    (
        "found character '\\t'",
        "用了 Tab 键。YAML 只能用空格，请把 Tab 换成空格。",
        "contains a tab. YAML allows only spaces: replace the tab with spaces.",
    ),
    (
        "mapping values are not allowed",
        "冒号用法不对：同一行里出现了第二个“: ”，或上一行缩进不对。含冒号的文字请加引号。",
        "a second ': ' on one line, or wrong indentation above. Quote text that contains a colon.",
    ),
    (
        "could not find expected ':'",
        "这一行缺少“键: 值”里的冒号（注意冒号后要有空格），或缩进不对齐。",
        "this line lacks the ':' of 'key: value' (a space must follow "
        "the colon), or its indentation is off.",
    ),
    (
        "did not find expected key",
        "缩进没有对齐，或某行文字不是“键: 值”的形式。",
        "indentation is not aligned, or a line is not of the form 'key: value'.",
    ),
    (
        "did not find expected '-' indicator",
        "列表项的缩进没有对齐：每一项都以“- ”开头并对齐。",
        "list items are not aligned: start each with '- ' at the same indentation.",
    ),
    (
        "while scanning a quoted scalar",
        "引号没有成对闭合，请检查这一行的引号。",
        "a quote is not closed: check the quotes on this line.",
    ),
    ("found unexpected end of stream", "引号或括号没有闭合。", "a quote or bracket is not closed."),
]


def _fault_from(exc: yaml.MarkedYAMLError, offset: int) -> YamlFault:
    mark = exc.problem_mark or exc.context_mark
    text = f"{exc.context or ''} {exc.problem or ''}"
    zh, en = (
        "YAML 格式错误，请检查这一行及上一行的缩进、冒号和引号。",
        ("YAML syntax error: check indentation, colons and quotes on this line and the one above."),
    )
    for needle, z, e in _PROBLEMS:
        if needle in text:
            zh, en = z, e
            break
    detail = (exc.problem or "").strip()
    en = f"{en} (YAML: {detail})" if detail else en
    line = mark.line + 1 + offset if mark else None
    column = mark.column + 1 if mark else None
    return YamlFault(zh, en, line, column)
