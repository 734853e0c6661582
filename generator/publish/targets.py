"""Copying a built site to each kind of `publish:` target, one function per kind.

Readers must never see half a site: a folder target switches to a complete copy in one
rename, and uploads send every other file before the HTML pages that point at them and
remove stale files last."""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..content.config import FolderTarget, PublishTarget, RcloneTarget, RsyncTarget

RELEASES = ".board-releases"  # beside a folder target: its complete copies
# An SSH that fails at once instead of asking for a password nobody is there to type.
SSH = "ssh -o BatchMode=yes -o ConnectTimeout=20"
INSTALL = {
    "rsync": ("sudo apt install rsync", "https://rsync.samba.org/"),
    "rclone": ("sudo apt install rclone", "https://rclone.org/install/"),
}


@dataclass(frozen=True)
class Sent:
    """How one target went, in a line for each language."""

    ok: bool
    zh: str
    en: str


class Failed(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


def target_name(target: PublishTarget) -> str:
    """What the report calls a target: its `name:`, else its type and where it goes."""
    if target.name:
        return target.name
    if isinstance(target, FolderTarget):
        return f"folder {target.path}"
    if isinstance(target, RsyncTarget):
        return f"rsync {target.destination}"
    return f"rclone {target.remote}"


def send(target: PublishTarget, site: Path, root: Path) -> Sent:
    """Copy the built `site` to `target`; a failure is reported, never raised, so the
    other targets still get the site."""
    senders: dict[type, Callable[..., tuple[str, str]]] = {
        FolderTarget: to_folder,
        RsyncTarget: to_rsync,
        RcloneTarget: to_rclone,
    }
    try:
        zh, en = senders[type(target)](target, site, root)
    except Failed as failed:
        return Sent(False, failed.zh, failed.en)
    return Sent(True, zh, en)


# A folder the web server serves -------------------------------------------------------


def to_folder(target: FolderTarget, site: Path, root: Path) -> tuple[str, str]:
    """Copy the site into a new release beside the target, then point the target (a
    symbolic link) at it in one rename. The previous release stays for a rollback and for
    readers still loading its pages; older ones are removed."""
    # Made absolute but not resolved: the target itself is the link to replace.
    link = Path(os.path.abspath(root / Path(target.path).expanduser()))
    if link.exists() and not link.is_symlink():
        raise _occupied(link)
    releases = link.parent / RELEASES / link.name
    try:
        _make_public_folder(releases)
        previous = _release_of(link, releases)
        release = _new_release(releases)
        shutil.copytree(site, release)
        _point(link, release)
        _prune(releases, keep={release, previous})
    except OSError as exc:
        denied = exc.errno in (errno.EACCES, errno.EPERM)
        raise Failed(
            f"无法写入 {exc.filename or link}：{exc.strerror or exc}。"
            + ("请检查这个文件夹的权限。" if denied else ""),
            f"cannot write {exc.filename or link}: {exc.strerror or exc}."
            + (" Check its permissions." if denied else ""),
        ) from None
    kept = "，上一版已保留以便回退" if previous else ""
    kept_en = "; the previous one is kept for a rollback" if previous else ""
    return (
        f"已发布到 {link}（版本 {release.name}{kept}）",
        f"published to {link} (release {release.name}{kept_en})",
    )


def _occupied(link: Path) -> Failed:
    """A first publish onto a folder that already holds a site: the user moves it once;
    nothing of theirs is ever deleted."""
    aside = link.with_name(link.name + ".old")
    kind_zh, kind_en = ("文件夹", "folder") if link.is_dir() else ("文件", "file")
    return Failed(
        f"{link} 已经是一个{kind_zh}。发布会把它换成指向新版本的链接，程序不会删除或改动它："
        f"请先把它改名（只需这一次），如 mv {link} {aside}，再运行 board publish；"
        f"确认网站正常后可删除 {aside}。",
        f"{link} is a {kind_en}. Publishing replaces it with a link to each new release and "
        f"never deletes it: move it aside once (mv {link} {aside}), then run board publish "
        f"again; remove {aside} when the site looks right.",
    )


def _make_public_folder(folder: Path) -> None:
    """The releases' folders, which the web server must be able to pass through."""
    for part in (folder.parent, folder):
        if not part.is_dir():
            part.mkdir(parents=True)
            part.chmod(0o755)


def _release_of(link: Path, releases: Path) -> Path | None:
    """The release `link` points at now, if it is one of ours."""
    if not link.is_symlink():
        return None
    current = (link.parent / os.readlink(link)).resolve()
    return current if current.parent == releases.resolve() else None


def _new_release(releases: Path) -> Path:
    """A release folder named after the moment, such as 20261121-001500."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    release, number = releases / stamp, 1
    while release.exists():
        number += 1
        release = releases / f"{stamp}-{number}"
    return release.resolve()


def _point(link: Path, release: Path) -> None:
    """Replace `link` by a link to `release` in one step: a reader gets the old site or
    the new one. The link is relative, so the web folder can be moved as a whole."""
    spare = link.with_name(f".{link.name}.{secrets.token_hex(4)}")
    spare.symlink_to(os.path.relpath(release, link.parent.resolve()))
    os.replace(spare, link)


def _prune(releases: Path, keep: set[Path | None]) -> None:
    for old in releases.iterdir():
        if old.resolve() not in keep:
            shutil.rmtree(old, ignore_errors=True)


# rsync over SSH ------------------------------------------------------------------------


def to_rsync(target: RsyncTarget, site: Path, root: Path) -> tuple[str, str]:
    """Three passes: every file but the pages, then the pages, then deletion of what the
    site no longer has."""
    base = [_tool("rsync"), "-a", "--timeout=120", "-e", SSH, *target.options]
    source, dest = f"{site}/", target.destination
    _passes(
        "rsync",
        root,
        [
            [*base, "--exclude=*.html", source, dest],
            [*base, "--include=*/", "--include=*.html", "--exclude=*", source, dest],
            [*base, "--delete-after", source, dest],
        ],
    )
    return f"已上传到 {dest}，旧文件已删除", f"uploaded to {dest}; stale files removed"


# rclone: object storage and the many services it knows ---------------------------------


def to_rclone(target: RcloneTarget, site: Path, root: Path) -> tuple[str, str]:
    """The same three passes as rsync; the pages are sent with `Cache-Control: no-cache`
    so a reader's browser asks for a new version instead of showing yesterday's. rclone's
    own configuration (its remotes and keys) is the user's: RCLONE_CONFIG or its default."""
    base = [_tool("rclone"), "--ask-password=false"]
    source, remote = f"{site}/", target.remote
    _passes(
        "rclone",
        root,
        [
            [*base, "copy", source, remote, "--exclude", "*.html"],
            [
                *base,
                "copy",
                source,
                remote,
                "--include",
                "*.html",
                "--header-upload",
                "Cache-Control: no-cache",
            ],
            [*base, "sync", source, remote],
        ],
    )
    return f"已上传到 {remote}，旧文件已删除", f"uploaded to {remote}; stale files removed"


STEPS = (
    ("上传网页以外的文件", "uploading all but the pages"),
    ("上传网页", "uploading the pages"),
    ("删除旧文件", "removing stale files"),
)


def _passes(tool: str, root: Path, commands: list[list[str]]) -> None:
    """Run the passes in order, stopping at the first that fails. A relative local
    destination is relative to the project, as every path in site_config.yml is."""
    for (step_zh, step_en), command in zip(STEPS, commands, strict=True):
        run = subprocess.run(
            command, cwd=root, stdin=subprocess.DEVNULL, capture_output=True, text=True
        )
        if run.returncode:
            said = _cause(run.stderr or run.stdout)
            over_ssh = tool == "rsync" and (run.returncode == 255 or said.startswith("ssh"))
            hint_zh, hint_en = SSH_HINT if over_ssh else ("", "")
            raise Failed(
                f"{tool} 在“{step_zh}”这一步失败（退出码 {run.returncode}）：{said}{hint_zh}",
                f"{tool} failed while {step_en} (exit code {run.returncode}): {said}{hint_en}",
            )


# When rsync could not reach the server over SSH.
SSH_HINT = (
    "。请确认这台电脑不输密码就能用 ssh 登录那台服务器（SSH 密钥）",
    ". Check that this machine can log in to the server with ssh without a password (SSH key)",
)
# Closing lines that only repeat that something failed; the line before says what.
_SUMMARY = re.compile(r"^rsync error:|^rsync: connection unexpectedly closed")
_LOG_STAMP = re.compile(r"^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d\s+(?:[A-Z]+\s*:\s*)?")


def _cause(text: str) -> str:
    """The tool's last line that says what went wrong, without its log time stamp."""
    lines = [_LOG_STAMP.sub("", line).strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    telling = [line for line in lines if not _SUMMARY.match(line)]
    return (telling or lines or [""])[-1]


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        apt, site = INSTALL[name]
        raise Failed(
            f"需要安装 {name} 才能发布到这里（Debian/Ubuntu：{apt}；其他系统见 {site}）。",
            f"{name} is not installed: install it ({apt}; elsewhere see {site}).",
        )
    return found
