"""What the editor's home page says about each item at a given day: 公示中 剩3天, 未开始,
已过期, 黑榜 待整改 …. Pure: the rules themselves live in content/lifecycle.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ..content import lifecycle as life
from ..content.kinds import KINDS, Kind, kind_of_file
from ..content.model import Project
from ..errors import Problem


@dataclass(frozen=True)
class Row:
    """One file on the editor's home page."""

    rel: str  # content/…
    kind: Kind
    title: str
    day: str  # the date that orders it, as written
    states: tuple[str, ...]  # short Chinese labels
    tone: str = ""  # "urgent" | "late" | "" : how loudly the state is shown
    problems: tuple[Problem, ...] = ()


def rows_of(project: Project, now: datetime, problems: list[Problem]) -> dict[str, list[Row]]:
    """Every item by kind name, newest first; files that do not load are listed with their
    errors so they can be opened and fixed."""
    today = now.date()
    by_file: dict[str, list[Problem]] = {}
    for p in problems:
        by_file.setdefault(p.file, []).append(p)
    rows: dict[str, list[Row]] = {kind.name: [] for kind in KINDS}

    def add(kind: Kind, item, title: str, day: object, states: tuple[str, ...], tone=""):
        rel = item.source.shown
        found = tuple(by_file.pop(rel, ()))
        rows[kind.name].append(Row(rel, kind, title, str(day), states, tone, found))

    for a in project.announcements:
        state = life.announcement_state(a.meta, now)
        label = {life.SCHEDULED: "定时发布", life.CURRENT: "发布中", life.EXPIRED: "已过期"}[state]
        flags = ("置顶",) * a.meta.pinned + ("紧急",) * a.meta.urgent
        add(a.kind, a, a.meta.title, a.meta.date, (label, *flags), "urgent" * a.meta.urgent)
    for n in project.notices:
        status = life.notice_status(n, today)
        if status.label == life.ACTIVE:
            label = f"公示中 剩{status.days_left}天"
        elif status.label == life.NOT_STARTED:
            label = f"未开始（{status.days_to_start}天后）"
        else:
            label = status.label
        add(n.kind, n, n.meta.title, n.meta.issued, (label, f"截止 {n.end:%m月%d日}"))
    for h in project.honors:
        add(h.kind, h, h.meta.title, h.meta.published, _honors_states(h, today, project))
    for c in project.columns:
        late = life.days_overdue(c, today)
        states = (f"超期{late}天未更换",) if late else ("按期",)
        add(c.kind, c, c.meta.title, "", states, "late" if late else "")
        for i in c.issues:
            when = "已上栏" if i.meta.date <= today else "未上栏"
            add(
                i.kind, i, f"{c.meta.title} 第{i.meta.issue}期 {i.meta.title}", i.meta.date, (when,)
            )
    for page in project.pages:
        add(page.kind, page, page.meta.title, "", ())
    for group in rows.values():
        group.sort(key=lambda r: r.day, reverse=True)
    for rel, found in by_file.items():
        kind = kind_of_file(rel)
        if kind is not None:  # a file that did not load: listed first, to be fixed
            rows[kind.name].insert(0, Row(rel, kind, rel, "", ("有错误",), "late", tuple(found)))
    return rows


def _honors_states(item, today: date, project: Project) -> tuple[str, ...]:
    privacy = project.config.privacy
    pending = [
        e for e in item.meta.black if e.status == "待整改" and life.black_visible(e, today, privacy)
    ]
    states = [f"红榜{len(item.meta.red)}条", f"黑榜{len(item.meta.black)}条"]
    if pending:
        leaves = min(life.black_leaves_on(e, privacy) for e in pending)
        states.append(f"黑榜 待整改{len(pending)}条，{leaves:%m月%d日}起不再公开")
    return tuple(states)


def matching(rows: list[Row], query: str) -> list[Row]:
    """The rows whose title or file name holds `query` (any case)."""
    wanted = query.lower()
    return [r for r in rows if wanted in r.title.lower() or wanted in r.rel.lower()]
