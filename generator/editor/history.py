"""档案: every save in the editor is kept, with a plain timeline per item and restore.

The history is a git repository of its own, `<root>/.board-history` (the project folder is
its work tree), made on first use. It records only `content/` and `site_config.yml`, never
the built site or caches, and never mixes with a repository the project may already be in:
the outer repository does not see it (a `.gitignore` of `*` inside) and the user's own git
settings (name, signing, hooks, ignore files) do not apply to it.

A change made outside the editor (in a text editor, by `board new`, by copying files) is
committed on its own as "编辑台外的修改" before the editor's next record, so it is never
taken for the editor's and can itself be restored. Times are the computer's local clock.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from ..content.kinds import ISSUE, Kind
from ..content.schema import ALIASES
from ..errors import BoardError, problem
from .documents import write_atomically

HISTORY_DIR = ".board-history"
# What the history keeps, relative to the project folder.
RECORDED = ("content", "site_config.yml")
CONFIG_FILE = "site_config.yml"
FIRST_MESSAGE = "建立档案"
OUTSIDE_MESSAGE = "编辑台外的修改"
UNCHANGED = "保存（无改动）"
BODY_LABEL = "正文"
# Files in content/ that are not content: system and editor leftovers, half-written saves.
NOT_CONTENT = ".*\n*~\n*.swp\n*.tmp\n~$*\nThumbs.db\ndesktop.ini\n"
_COMMIT = re.compile(r"[0-9a-f]{7,64}")
# One editor process records one save at a time (git allows one index writer).
_lock = threading.RLock()


@dataclass(frozen=True)
class Change:
    """One entry of an item's timeline."""

    commit: str
    when: datetime  # local time, with its offset
    message: str  # "修改了公示期、公示对象"


def _fail(zh: str, en: str) -> BoardError:
    return BoardError([problem(HISTORY_DIR, zh, en)])


def _env(root: Path) -> dict[str, str]:
    """Git pointed at the project's own history, blind to the user's and any outer repo's
    settings (an inherited GIT_INDEX_FILE or GIT_DIR would write into someone else's)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_DIR=str(root / HISTORY_DIR),
        GIT_WORK_TREE=str(root),
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="编辑台",
        GIT_AUTHOR_EMAIL="editor@board.local",
        GIT_COMMITTER_NAME="编辑台",
        GIT_COMMITTER_EMAIL="editor@board.local",
        GIT_LITERAL_PATHSPECS="1",  # a file called "*.md" is that file, not a pattern
        GIT_TERMINAL_PROMPT="0",
    )
    return env


def _git(root: Path, *args: str, ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess[bytes]:
    """Run git on the history; a failure becomes a message, never a traceback."""
    git = shutil.which("git")
    if git is None:
        raise _fail(
            "需要安装 git 才能保存档案（修改记录）：Debian/Ubuntu 上运行 sudo apt install git，"
            "Windows 上安装 Git for Windows，然后重新启动编辑台。",
            "git is needed to keep the history of changes: install it (apt install git) and "
            "restart the editor.",
        )
    # Names as written (not octal escapes); no ignore or attribute files from the home folder.
    settings = (
        "core.quotepath=false",
        f"core.excludesFile={os.devnull}",
        f"core.attributesFile={os.devnull}",
        "core.autocrlf=false",
    )
    command = [git, *(a for s in settings for a in ("-c", s)), *args]
    done = subprocess.run(command, cwd=root, env=_env(root), capture_output=True, check=False)
    if done.returncode not in ok:
        detail = done.stderr.decode("utf-8", "replace").strip()
        raise _fail(f"档案（修改记录）出错：{detail}", f"the history failed: {detail}")
    return done


def _ensure(root: Path) -> None:
    """Make the history repository the first time it is needed."""
    folder = root / HISTORY_DIR
    if (folder / "HEAD").is_file():
        return
    _git(root, "-c", "init.defaultBranch=main", "init", "-q", "--template=")
    # An outer repository the project sits in must not list the history as a new folder.
    (folder / ".gitignore").write_text("*\n", encoding="utf-8")
    (folder / "info").mkdir(exist_ok=True)
    (folder / "info" / "exclude").write_text(NOT_CONTENT, encoding="utf-8")


def _has_history(root: Path) -> bool:
    """Whether anything was ever recorded."""
    if not (root / HISTORY_DIR / "HEAD").is_file():
        return False
    return _git(root, "rev-parse", "-q", "--verify", "HEAD", ok=(0, 1)).returncode == 0


def _known(root: Path, rels: Iterable[str]) -> list[str]:
    """The paths git can be asked about: on disk now, or recorded before (deleted since)."""
    rels = list(dict.fromkeys(rels))
    missing = [r for r in rels if not os.path.lexists(root / r)]
    tracked: set[str] = set()
    if missing:
        listed = _git(root, "ls-files", "-z", "--", *missing).stdout.decode("utf-8")
        tracked = {name for name in listed.split("\0") if name}
        # A deleted folder is known when something under it was recorded.
        tracked |= {r for r in missing if any(t.startswith(r + "/") for t in tracked)}
    return [r for r in rels if r not in missing or r in tracked]


def _stage(root: Path, rels: Iterable[str]) -> None:
    known = _known(root, rels)
    if known:
        _git(root, "add", "-A", "--", *known)


def _commit(root: Path, message: str) -> str | None:
    """Commit what is staged, if anything; the new commit's id."""
    if _git(root, "diff", "--cached", "--quiet", ok=(0, 1)).returncode == 0:
        return None
    _git(root, "commit", "-q", "--no-verify", "-m", message or "保存")
    return _git(root, "rev-parse", "HEAD").stdout.decode().strip()


def _catch_up(root: Path, leave: list[str]) -> str | None:
    """Commit outside edits to everything recorded except the paths in `leave`."""
    first = not _has_history(root)
    known = _known(root, leave)  # before staging, which forgets a file deleted since
    _stage(root, RECORDED)
    if known:
        _git(root, "reset", "-q", "--", *known, ok=(0, 1))
    return _commit(root, FIRST_MESSAGE if first else OUTSIDE_MESSAGE)


def catch_up(root: Path) -> str | None:
    """Record now whatever changed outside the editor (call it when an item is opened, so a
    hand edit to that very file is kept apart from the editor's next save)."""
    with _lock:
        _ensure(root)
        return _catch_up(root, [])


def record(root: Path, rels: list[str], message: str) -> str | None:
    """Commit the current state of `rels` (added, changed or deleted) with `message`, after
    committing any outside edits on their own. The commit, or None if `rels` did not change."""
    for rel in rels:
        _check_rel(rel)
    with _lock:
        _ensure(root)
        _catch_up(root, rels)
        _stage(root, rels)
        return _commit(root, message)


def _changes(root: Path, *args: str) -> list[Change]:
    if not _has_history(root):
        return []
    out = _git(root, "log", "-z", "--format=%H%x1f%ct%x1f%s", *args).stdout.decode("utf-8")
    changes = []
    for entry in filter(None, out.split("\0")):
        commit, stamp, message = entry.split("\x1f", 2)
        changes.append(Change(commit, datetime.fromtimestamp(int(stamp)).astimezone(), message))
    return changes


def timeline(root: Path, rel: str) -> list[Change]:
    """Every recorded change of `rel`, newest first, outside edits included."""
    _check_rel(rel)
    with _lock:
        return _changes(root, "--", rel)


def _check_rel(rel: str) -> None:
    """Only content/ and site_config.yml are kept; anything else is refused."""
    path = PurePosixPath(rel)
    inside = (path.parts[:1] == ("content",) and len(path.parts) > 1) or rel == CONFIG_FILE
    if path.is_absolute() or ".." in path.parts or "\\" in rel or "\0" in rel or not inside:
        raise _fail(
            f"档案只记录 content/ 和 site_config.yml，不能查看 {rel}",
            f"the history keeps only content/ and site_config.yml, not {rel}",
        )


def _check_commit(root: Path, commit: str) -> None:
    """Refuse anything but the id of a recorded version (never an option or a branch name)."""
    if not _COMMIT.fullmatch(commit) or not _has_history(root) or not _exists(root, commit):
        raise _fail(f"档案里没有这个版本：{commit}", f"there is no version {commit} in the history")


def _exists(root: Path, commit: str) -> bool:
    return _git(root, "cat-file", "-e", f"{commit}^{{commit}}", ok=(0, 1, 128)).returncode == 0


def _blob(root: Path, rel: str, commit: str) -> bytes | None:
    done = _git(root, "cat-file", "blob", f"{commit}:{rel}", ok=(0, 128))
    return done.stdout if done.returncode == 0 else None


def text_at(root: Path, rel: str, commit: str) -> str | None:
    """The text of `rel` as that version had it; None where the file did not exist then."""
    _check_rel(rel)
    with _lock:
        _check_commit(root, commit)
        data = _blob(root, rel, commit)
    return None if data is None else data.decode("utf-8", "replace")


def _last_version(root: Path, rel: str, commit: str) -> tuple[bytes, datetime] | None:
    """The file as it was at `commit`, or, where that commit deleted it, just before: a
    clerk who presses 恢复 beside "删除了公示" wants the notice back."""
    for change in _changes(root, commit, "--", rel) or _changes(root, "-1", commit):
        data = _blob(root, rel, change.commit)
        if data is not None:
            return data, change.when
    return None


def restore(root: Path, rel: str, commit: str) -> str | None:
    """Write back `rel` as it was at `commit` and record that; the new commit, or None when
    the file already reads so. Outside edits are recorded first, so nothing is lost."""
    _check_rel(rel)
    with _lock:
        _ensure(root)
        _check_commit(root, commit)
        found = _last_version(root, rel, commit)
        if found is None:
            raise _fail(f"这个版本里没有 {rel}，无法恢复", f"{rel} does not exist in that version")
        data, when = found
        _catch_up(root, [])
        target = _inside(root, rel)
        if target.is_file() and target.read_bytes() == data:
            return None
        write_atomically(target, data)
        return record(root, [rel], f"恢复为{when_text(when)}的版本")


def _inside(root: Path, rel: str) -> Path:
    """The file `rel` names, refusing a symlinked folder that leads out of the project."""
    target = root / rel
    if not target.parent.resolve().is_relative_to(root.resolve()):
        raise _fail(f"{rel} 不在网站目录里，不能恢复", f"{rel} is outside the project")
    return target


def when_text(when: datetime, now: datetime | None = None) -> str:
    """ "11月18日 14:05" on the clock `when` carries (a Change's is local); the year is named
    when it is not this year's."""
    now = now or datetime.now(when.tzinfo)
    year = f"{when.year}年" if when.year != now.year else ""
    return f"{year}{when.month}月{when.day}日 {when:%H:%M}"


def _plain(value: Any) -> Any:
    """A value as a reader sees it, so 5 and "5", a missing list and [] compare equal."""
    if isinstance(value, dict):
        kept = {k: _plain(v) for k, v in value.items()}
        kept = {k: v for k, v in kept.items() if v is not None}
        return kept or None
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value] or None
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def _fields(data: dict | None) -> dict[str, Any]:
    """The top-level values under their English names (a file may say 标题:)."""
    return {ALIASES.get(key, key): value for key, value in (data or {}).items()}


def field_label(kind: Kind, name: str) -> str:
    """A field's Chinese name, from its schema description ("公示期 / publicity period")."""
    info = kind.schema.model_fields.get(name)
    if info is None or not info.description:
        return name
    return info.description.split("/")[0].strip() or name


def _default(kind: Kind, name: str) -> Any:
    info = kind.schema.model_fields.get(name)
    if info is None or info.is_required():
        return None
    return _plain(info.get_default(call_default_factory=True))


def _join(labels: list[str]) -> str:
    """公示期、公示对象和正文."""
    return labels[0] if len(labels) == 1 else "、".join(labels[:-1]) + "和" + labels[-1]


def describe_change(kind: Kind, before: dict | None, after: dict | None, body_changed: bool) -> str:
    """One line a clerk understands: "新建了公告", "删除了公示", "修改了公示期、公示对象和正文".
    A change inside a field (one applicant, one black-list entry) names the field; a save
    that changed nothing reads "保存（无改动）"."""
    if before is None and after is None:
        return UNCHANGED
    if before is None:
        return f"新建了{_item_name(kind)}"
    if after is None:
        return f"删除了{_item_name(kind)}"
    old, new = _fields(before), _fields(after)
    order = list(kind.schema.model_fields)
    names = [n for n in order if n in old or n in new]
    names += sorted((old.keys() | new.keys()) - set(order))
    labels = []
    for name in names:
        default = _default(kind, name)
        was, now = _plain(old.get(name)), _plain(new.get(name))
        if (was if was is not None else default) != (now if now is not None else default):
            labels.append(field_label(kind, name))
    if body_changed:
        labels.append(BODY_LABEL)
    return f"修改了{_join(labels)}" if labels else UNCHANGED


def _item_name(kind: Kind) -> str:
    """How one item of `kind` is called in a sentence: an issue is one 期 of its 宣传栏."""
    return "宣传栏一期" if kind is ISSUE else kind.label_zh
