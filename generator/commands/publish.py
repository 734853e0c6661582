"""`board publish`: build the site, audit it, and copy it to every `publish:` target.

Nothing is copied anywhere unless the build and the audit both pass: a site with an
unmasked phone number never leaves the machine."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from ..content.loader import CONFIG_FILE, read_config
from ..errors import BoardError, Problem, problem
from ..publish.targets import send, target_name
from ..render.progress import SILENT, Progress
from .audit import audit
from .build import build

EXAMPLE = """\
publish:
  - type: folder                  # {folder}
    path: /srv/www/board
  - type: rsync                   # {rsync}
    destination: "user@host:/srv/www/board"
  - type: rclone                  # {rclone}
    remote: "oss:bucket/board"
"""
EXAMPLE_ZH = EXAMPLE.format(
    folder="复制到本机网站服务器的文件夹", rsync="经 SSH 上传到服务器", rclone="对象存储等"
)
EXAMPLE_EN = EXAMPLE.format(
    folder="a folder on this machine", rsync="a server, over SSH", rclone="object storage"
)


@dataclass
class TargetResult:
    name: str
    ok: bool
    message: str  # one line, in the language asked for


@dataclass
class PublishReport:
    targets: list[TargetResult]
    warnings: list[Problem]

    @property
    def ok(self) -> bool:
        return all(target.ok for target in self.targets)


def publish(
    root: Path, *, today: str | None = None, lang: str = "zh", progress: Progress = SILENT
) -> PublishReport:
    """Build (today's date unless `today`), audit, then copy `site/` to each target in
    turn; a target that fails is reported and the others still run. Raises BoardError,
    having copied nothing, when there is no target or the build or the audit fails."""
    root = Path(root).resolve()
    _require_targets(root)  # before a build that would be for nothing
    built = build(root, today=today, progress=progress)
    targets = built.snapshot.config.publish
    if not targets:
        raise BoardError([_no_targets()])
    progress.phase("检查网站里有无个人信息", "auditing the site for personal data")
    found = audit(root, built.site_dir, built.snapshot.today.isoformat()).problems
    if found:
        raise BoardError([_in_site(p, built.site_dir, root) for p in found])
    results = []
    for target in targets:
        name = target_name(target)
        progress.phase(f"发布到 {name}", f"publishing to {name}")
        sent = send(target, built.site_dir, root)
        results.append(TargetResult(name, sent.ok, sent.en if lang == "en" else sent.zh))
    return PublishReport(results, built.warnings)


def _in_site(found: Problem, site: Path, root: Path) -> Problem:
    """An audit finding named as the project sees it: site/index.html."""
    where = site.relative_to(root).as_posix() if site.is_relative_to(root) else str(site)
    return dataclasses.replace(found, file=f"{where}/{found.file}")


def _require_targets(root: Path) -> None:
    """Refuse at once when site_config.yml names no target. A configuration that cannot
    be read is left to the build, which says what is wrong with it."""
    config = read_config(root)
    if config is not None and not config.publish:
        raise BoardError([_no_targets()])


def _no_targets() -> Problem:
    return problem(
        CONFIG_FILE,
        f"{CONFIG_FILE} 里没有 publish:，不知道把网站发布到哪里。请在 {CONFIG_FILE} 最后加上"
        f"发布目标（用得上的几项），例如：\n{EXAMPLE_ZH}详见 docs/operations.md。",
        f"{CONFIG_FILE} has no publish: list, so there is nowhere to publish to. Add the "
        f"targets at the end of {CONFIG_FILE}, for example:\n{EXAMPLE_EN}"
        "See docs/operations.md.",
    )
