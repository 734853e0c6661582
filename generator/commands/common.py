"""What every command needs: the build moment and the loaded, published board."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from ..content.checks import check_project
from ..content.dates import DateFault, parse_when
from ..content.loader import load_project
from ..content.model import Project
from ..content.publish import Board, publish
from ..errors import BoardError, Problem, problem


def build_moment(today: str | None, timezone: str = "Asia/Shanghai") -> datetime:
    """`--today 2026-11-21` means 00:00 that day; without it, now in the site's zone."""
    if today is None:
        return datetime.now(ZoneInfo(timezone)).replace(tzinfo=None, second=0, microsecond=0)
    try:
        return parse_when(today).start
    except DateFault as fault:
        raise BoardError([problem("--today", fault.zh, fault.en)]) from None


def load_board(root: Path, today: str | None) -> tuple[Board, list[Problem], Project]:
    """Load and validate the project, then publish it at the build moment."""
    loaded = load_project(Path(root))
    project = loaded.project
    moment = build_moment(today, project.config.site.timezone)
    warnings = loaded.warnings + check_project(project, moment)
    return publish(project, moment), warnings, project
