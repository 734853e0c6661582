"""`board check`: every error and warning of the project, as text or JSON."""

from __future__ import annotations

import json
from pathlib import Path

from ..content.loader import load_snapshot
from ..errors import BoardError, Problem


def check(root: Path, today: str | None = None) -> list[Problem]:
    """All problems, errors first; never raises for content faults."""
    try:
        _, warnings, _ = load_snapshot(Path(root), today)
    except BoardError as exc:
        return exc.problems
    return sorted(warnings)


def as_json(problems: list[Problem]) -> str:
    errors = [p for p in problems if p.level == "error"]
    return json.dumps(
        {
            "ok": not errors,
            "errors": len(errors),
            "warnings": len(problems) - len(errors),
            "problems": [p.as_dict() for p in problems],
        },
        ensure_ascii=False,
        indent=2,
    )
