"""Reading content files from disk: size, encoding, front matter. The only file I/O of
the content model."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import BoardError, Problem, problem
from .punctuation import Slip, input_method_slips
from .schema import known_keys
from .yamlio import YamlDoc, YamlFault, load_yaml

MAX_BYTES = 1024 * 1024


@dataclass
class MarkdownSource:
    doc: YamlDoc
    body: str
    body_line: int


def read_text(path: Path, shown: str) -> str:
    """The file as text; `shown` is how the path is named in messages."""
    return decode_text(path.read_bytes(), shown)


def decode_text(raw: bytes, shown: str) -> str:
    """A file's bytes as text with plain line ends, or why they cannot be a content file."""
    if len(raw) > MAX_BYTES:
        size = f"{len(raw) / 1024 / 1024:.1f} MB"
        raise BoardError(
            [
                problem(
                    shown,
                    f"文件有 {size}，超过 1 MB 的上限。大表格请另存为附件（attachments），"
                    "图片请放进 assets/ 后引用。",
                    f"the file is {size}, over the 1 MB limit. Save large tables as an attachment "
                    "and put images in assets/.",
                )
            ]
        )
    try:
        return raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        guess = _guess_encoding(raw)
        zh_guess = f"看起来是 {guess} 编码" if guess else "编码无法识别"
        en_guess = f"it looks like {guess}" if guess else "the encoding is unknown"
        raise BoardError(
            [
                problem(
                    shown,
                    f"文件不是 UTF-8 编码（{zh_guess}）。请用记事本或 WPS 打开，"
                    "“另存为”时把编码选为 UTF-8 再保存。",
                    f"the file is not UTF-8 ({en_guess}). Open it and use 'Save as' with the "
                    "UTF-8 encoding.",
                    line=line,
                )
            ]
        ) from None


def _guess_encoding(raw: bytes) -> str | None:
    for name, label in (("gb18030", "GBK"), ("big5", "Big5"), ("utf-16", "UTF-16")):
        try:
            raw.decode(name)
        except UnicodeDecodeError:
            continue
        return label
    return None


def parse_yaml_file(text: str, shown: str) -> YamlDoc:
    """A whole-file YAML document (column.yml, honors/*.yml, site_config.yml)."""
    if not text.strip():
        raise BoardError(
            [
                problem(
                    shown,
                    "文件是空的。请按说明填写内容，或删除这个文件。",
                    "the file is empty. Fill it in as documented, or delete it.",
                )
            ]
        )
    return _yaml(text, shown, 1)


def parse_markdown_file(text: str, shown: str) -> MarkdownSource:
    """Front matter between `---` lines, then the Markdown body."""
    if not text.strip():
        raise BoardError(
            [
                problem(
                    shown,
                    "文件是空的。请在开头写 --- 包起来的字段（如 title、date），再写正文。",
                    "the file is empty. Start it with front matter between '---' lines, then the "
                    "body.",
                )
            ]
        )
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise BoardError(
            [
                problem(
                    shown,
                    "文件开头缺少 --- 。第一行必须是 ---，然后写 title、date 等字段，再用一行 --- 结束。",
                    "the file does not start with '---'. The first line must be '---', then the "
                    "fields (title, date …), then a closing '---' line.",
                    line=1,
                )
            ]
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return MarkdownSource(_yaml(front, shown, 2), body, index + 2)
    raise BoardError(
        [
            problem(
                shown,
                "开头的字段区没有结束：请在字段之后、正文之前加一行 --- 。",
                "the front matter is not closed: add a '---' line after the fields, before the "
                "body.",
                line=1,
            )
        ]
    )


def _yaml(text: str, shown: str, first_line: int) -> YamlDoc:
    """The YAML document; a slip of the Chinese input method (full-width colon, spaces or
    quotes around a key) is named on its own line rather than as the YAML fault it causes
    a line later. Slips on known keys are always named; others only when the text does
    not read as fields at all, since text values may hold a full-width colon."""
    slips = input_method_slips(text, first_line)
    try:
        doc = load_yaml(text, first_line)
    except YamlFault as fault:
        raise BoardError(
            _slip_problems(slips, shown)
            or [problem(shown, fault.zh, fault.en, line=fault.line, column=fault.column)]
        ) from None
    on_known_keys = [s for s in slips if s.key in known_keys()]
    if on_known_keys or (slips and not isinstance(doc.data, dict)):
        raise BoardError(_slip_problems(on_known_keys or slips, shown))
    if (path := _half_character(doc.data)) is not None:
        field = ".".join(str(part) for part in path) or None
        raise BoardError(
            [
                problem(
                    shown,
                    "有一个只写了一半的字符（\\ud800 这样的转义写法）。请删去这个转义，"
                    "直接写出要用的字。",
                    "holds half a character (an escape such as \\ud800). Remove the escape "
                    "and write the character itself.",
                    line=doc.line_of(path),
                    field=field,
                )
            ]
        )
    return doc


def _half_character(value: object, path: tuple = ()) -> tuple | None:
    """Where a text holds a lone UTF-16 surrogate, which only a YAML escape can write
    and no page or PDF can hold; None if nowhere."""
    if isinstance(value, str):
        return path if _SURROGATE.search(value) else None
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, part in items:
        if isinstance(key, str) and _SURROGATE.search(key):
            return (*path, key)
        if (found := _half_character(part, (*path, key))) is not None:
            return found
    return None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _slip_problems(slips: list[Slip], shown: str) -> list[Problem]:
    return [problem(shown, s.zh, s.en, line=s.line, field=s.key) for s in slips]
