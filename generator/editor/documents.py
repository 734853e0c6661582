"""Content files on disk for the editor: read with the version they were read at, written
atomically, deleted, and named for a new item. Two windows never overwrite each other
silently: a save names the version it started from and is refused if the file changed.
How a saved text is made is roundtrip.py's part.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import tempfile
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

from ..content.kinds import ASSETS_FOLDER, COLUMN, HONORS, ISSUE, PAGE, Kind
from ..content.loader import rename_aliases
from ..content.reader import MAX_BYTES, parse_markdown_file, parse_yaml_file, read_text
from ..content.slugs import short_slug, slugify
from ..errors import BoardError, problem

# One save or delete at a time: the check "is the file still as read?" and the write
# must not interleave between two windows.
_WRITING = threading.Lock()
_COLUMN_FILE = COLUMN.pattern.rpartition("/")[2]  # column.yml


@dataclass(frozen=True)
class Document:
    """A content file as the editor sees it."""

    rel: str
    data: dict  # the fields as plain Python, Chinese alias keys renamed to the English names
    body: str | None  # the Markdown after the front matter and its blank lines (LF line
    # ends); None for .yml files
    text: str  # the whole file as read, BOM and CRLF line ends included
    digest: str  # sha256 of the file's bytes: the base a later save is checked against


class Conflict(Exception):
    """The file changed on disk since it was read (another window saved it, or someone
    edited it by hand); nothing was written."""

    def __init__(self, rel: str, diff: str, digest: str):
        self.rel, self.diff, self.digest = rel, diff, digest
        super().__init__(
            f"{rel} 在你打开之后已被修改（可能是另一个窗口保存了，或有人直接改了文件），"
            "你的修改没有保存。请对照下面的差异，在最新版本上重新修改。"
        )


# Reading ------------------------------------------------------------------------------


def read_document(root: Path, rel: str) -> Document:
    """The file `rel`, read as the loader reads it; BoardError if it cannot be read."""
    path = _target(root, rel)
    raw = path.read_bytes()
    try:
        if len(raw) > MAX_BYTES:
            raise ValueError(rel)
        text = raw.decode("utf-8")
    except ValueError:  # too big, or not UTF-8: the loader's own message says how to fix it
        read_text(path, rel)
        raise
    plain = plain_text(text)
    if rel.endswith(".md"):
        source = parse_markdown_file(plain, rel)
        doc, body = source.doc, source.body.lstrip("\n")
    else:
        doc, body = parse_yaml_file(plain, rel), None
    if not isinstance(doc.data, dict):
        raise BoardError(
            [
                problem(
                    rel,
                    "字段区不是“键: 值”的形式，编辑台无法打开。请先在文本编辑器里改正。",
                    "the fields are not a mapping; fix the file in a text editor first.",
                )
            ]
        )
    return Document(rel, rename_aliases(doc, rel)[0], body, text, _digest(raw))


def plain_text(text: str) -> str:
    """The text as the loader reads it: no BOM, LF line ends."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def read_raw(root: Path, rel: str) -> tuple[str, str]:
    """The file's text as it is (even when it does not parse) and its digest: for fixing
    a broken file as text."""
    raw = _target(root, rel).read_bytes()
    return plain_text(raw.decode("utf-8", errors="replace")), _digest(raw)


def _digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


# Writing the text -------------------------------------------------------------------------


def save_document(root: Path, rel: str, text: str, base_digest: str | None) -> str:
    """Write `text` to `rel` atomically and return its new digest. `base_digest` is the
    digest the editing started from; None means a new file. A new file whose name is
    taken raises BoardError (nothing is overwritten); a file changed since `base_digest`
    raises Conflict."""
    path = _target(root, rel)
    raw = text.encode("utf-8")
    with _WRITING:
        if base_digest is None and path.exists():
            raise BoardError(
                [
                    problem(
                        rel,
                        "已有同名文件，没有覆盖。请换一个文件名，或打开已有的这一条修改。",
                        "a file of this name exists and was not overwritten: choose another "
                        "name, or edit the existing item.",
                    )
                ]
            )
        if base_digest is not None:
            _check_unchanged(path, rel, base_digest, text)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, raw)
    return _digest(raw)


def delete_document(root: Path, rel: str, base_digest: str) -> None:
    """Delete `rel` if it is still as read (Conflict otherwise). A column is deleted with
    its folder, and only once its issues have been deleted (BoardError)."""
    path = _target(root, rel)
    column = path.parent if _is_column_file(path) else None
    with _WRITING:
        _check_unchanged(path, rel, base_digest, "")
        if column is not None:
            _refuse_full_column(column, rel)
        path.unlink()
        if column is not None:
            for junk in column.iterdir():  # .DS_Store and the like
                junk.unlink()
            column.rmdir()


def _is_column_file(path: Path) -> bool:
    """content/columns/<column>/column.yml."""
    return path.name == _COLUMN_FILE and path.parent.parent.name == COLUMN.folder


def _refuse_full_column(folder: Path, rel: str) -> None:
    """A column goes only when nothing but its column.yml is left in its folder."""
    names = sorted(p.name for p in folder.iterdir() if p.is_dir() or not p.name.startswith("."))
    issues = [n for n in names if n.endswith("." + ISSUE.suffix)]
    others = [n for n in names if n not in issues and n != _COLUMN_FILE]
    if issues:
        raise BoardError(
            [
                problem(
                    rel,
                    f"这个栏目还有 {len(issues)} 期内容（{'、'.join(issues)}）。"
                    "请先删除这些期，再删除栏目。",
                    f"the column still has {len(issues)} issues: delete them first.",
                )
            ]
        )
    if others:
        raise BoardError(
            [
                problem(
                    rel,
                    f"栏目文件夹里还有其他文件（{'、'.join(others)}）。请先移走这些文件，再删除栏目。",
                    "the column folder holds other files: move them away first.",
                )
            ]
        )


def _check_unchanged(path: Path, rel: str, base_digest: str, text: str) -> None:
    """Raise Conflict unless the file on disk is still the version `base_digest` names."""
    raw = path.read_bytes() if path.is_file() else b""
    if path.is_file() and _digest(raw) == base_digest:
        return
    disk = plain_text(raw.decode("utf-8", errors="replace"))
    diff = difflib.unified_diff(
        disk.splitlines(keepends=True),
        plain_text(text).splitlines(keepends=True),
        fromfile="磁盘上的版本",
        tofile="你的版本",
    )
    raise Conflict(rel, "".join(diff), _digest(raw) if path.is_file() else "")


def write_atomically(path: Path, raw: bytes) -> None:
    """Readers see the old file or the new one, never half of one; no temporary file is
    left behind, even when writing fails. Missing folders are made."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(raw)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(partial, mode)
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def _target(root: Path, rel: str) -> Path:
    """The file `rel` names under content/; anything else is refused."""
    parts = PurePosixPath(rel).parts
    if (
        "\\" in rel
        or "\0" in rel
        or PurePosixPath(rel).is_absolute()
        or len(parts) < 2
        or parts[0] != "content"
        or any(part in ("..", ".") or part.startswith(".") for part in parts)
    ):
        raise BoardError(
            [
                problem(
                    rel, "只能编辑 content/ 里的文件。", "only files under content/ can be edited."
                )
            ]
        )
    return Path(root, *parts)


# Names for new files --------------------------------------------------------------------------


def new_rel(root: Path, kind: Kind, title: str, day: date, column: str | None = None) -> str:
    """A short readable name for a new item, as `board new` makes it: the date and a
    short form of the title (2026-11-22-ting-shui-tong-zhi.md), the month for red and
    black lists, the title alone for a column or a page; -2, -3 … when taken."""
    content = Path(root) / "content"
    if kind is COLUMN:
        folder = content / COLUMN.folder
        stem = _free(folder, short_slug(title), "")
        return f"content/{COLUMN.folder}/{stem}/{_COLUMN_FILE}"
    folder = content / kind.folder
    if kind is ISSUE:
        folder = _column_folder(folder, column)
    if kind is HONORS:
        stem = day.strftime("%Y-%m")
    elif kind is PAGE:
        stem = short_slug(title)
    else:
        stem = f"{day.isoformat()}-{short_slug(title)}"
    suffix = "." + kind.suffix
    return (folder / f"{_free(folder, stem, suffix)}{suffix}").relative_to(root).as_posix()


def _free(folder: Path, stem: str, suffix: str) -> str:
    """`stem`, or `stem-2`, `stem-3` … : the first whose file does not exist and whose
    web address no other file in the folder already has."""
    names = [p.name for p in folder.iterdir()] if folder.is_dir() else []
    taken = {n.lower() for n in names} | {
        slugify(n.removesuffix(suffix)) + suffix for n in names if n.endswith(suffix)
    }
    number = 1
    while True:
        candidate = stem if number == 1 else f"{stem}-{number}"
        name = candidate + suffix
        if name.lower() not in taken and slugify(candidate) + suffix not in taken:
            return candidate
        number += 1


def store_asset(root: Path, kind: Kind, name: str, suffix: str, data: bytes) -> str:
    """An upload kept under content/assets/<kind's folder>/ with a short name after the
    uploaded file's (`公章.png` → `gong-zhang.png`, then `-2` …); the path it got."""
    folder = root / "content" / ASSETS_FOLDER / kind.folder
    stem = _free(folder, short_slug(PurePosixPath(name).stem) or "file", suffix)
    target = folder / f"{stem}{suffix}"
    folder.mkdir(parents=True, exist_ok=True)
    write_atomically(target, data)
    return target.relative_to(root).as_posix()


def _column_folder(columns: Path, column: str | None) -> Path:
    """The folder of the column named by its address (health) or folder name."""
    folders = (
        [p for p in sorted(columns.iterdir()) if (p / _COLUMN_FILE).is_file()]
        if columns.is_dir()
        else []
    )
    for folder in folders:
        if column in (folder.name, slugify(folder.name)):
            return folder
    names = "、".join(slugify(p.name) for p in folders) or "（还没有栏目）"
    raise BoardError(
        [
            problem(
                "column",
                f"找不到栏目“{column or ''}”。请选择一个栏目：{names}。",
                f"no column '{column or ''}': choose one of {names}.",
            )
        ]
    )
