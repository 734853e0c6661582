"""Warnings `board check` reports: raw personal numbers, late and thin columns.

Warnings never stop a build (masking already protects the output); `--strict` makes them
fatal.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from ..errors import Problem, problem
from . import lifecycle as life
from .fields import PATH_FIELDS, field_of, leaves
from .model import Project, Source
from .privacy import find_sensitive
from .validation import field_labels, field_name

KIND_ZH = {"mobile": "手机号", "id": "身份证号"}
KIND_EN = {"mobile": "mobile number", "id": "ID number"}
FIX_ZH = {"mobile": "如不需公开，请删去或改用座机。", "id": "身份证号不应公开，请删去。"}
FIX_EN = {
    "mobile": "Remove it or use a landline if it need not be public.",
    "id": "ID numbers should not be published: remove it.",
}


def check_project(project: Project, now: datetime) -> list[Problem]:
    warnings = privacy_warnings(project)
    for column in project.columns:
        warnings += column_cadence(column, now)
    return warnings


def privacy_warnings(project: Project) -> list[Problem]:
    """Full mobile and ID numbers in any field or body of any item."""
    warnings = []
    for item in [
        *project.announcements,
        *project.notices,
        *project.honors,
        *project.pages,
        *[i for c in project.columns for i in c.issues],
        *project.columns,
    ]:
        warnings += sensitive_numbers(item.meta, item.source)
    return warnings


def sensitive_numbers(meta: BaseModel, source: Source) -> list[Problem]:
    found = []
    for loc, text in _texts(meta):
        for finding in find_sensitive(text):
            found.append(
                _privacy_warning(
                    source,
                    finding,
                    field_name(loc),
                    source.lines.get(loc) or source.line_of(loc[0]),
                    field_labels(type(meta), loc),
                )
            )
    for number, line in enumerate(source.body.split("\n")):
        for finding in find_sensitive(line):
            found.append(_privacy_warning(source, finding, "正文/body", source.body_line + number))
    return found


def _privacy_warning(
    source: Source,
    finding,
    field: str,
    line: int | None,
    labels: tuple[str | None, str | None] = (None, None),
) -> Problem:
    zh_kind, en_kind = KIND_ZH[finding.kind], KIND_EN[finding.kind]
    return problem(
        source.shown,
        f"含有完整的{zh_kind}，公开时显示为 {finding.masked}。{FIX_ZH[finding.kind]}",
        f"contains a full {en_kind}; it is published as {finding.masked}. {FIX_EN[finding.kind]}",
        line=line,
        field=field,
        level="warning",
        labels=labels,
    )


def _texts(model: BaseModel) -> list[tuple[tuple, str]]:
    return [
        (loc, value)
        for loc, value in leaves(model)
        if isinstance(value, str) and field_of(loc) not in PATH_FIELDS
    ]


def column_cadence(column, now: datetime) -> list[Problem]:
    today = now.date()
    meta, shown = column.meta, column.source.shown
    current = life.current_issue(column, today)
    if current is None:
        return [
            problem(
                shown,
                "这个栏目还没有已上栏的一期。请添加一期（日期不晚于今天）。",
                "the column has no issue up yet: add one dated today or earlier.",
                level="warning",
            )
        ]
    found = []
    late = life.days_overdue(column, today)
    if late:
        age = (today - current.meta.date).days
        found.append(
            problem(
                shown,
                f"已超期：本期（第{current.meta.issue}期，{current.meta.date}）已上栏 {age} 天，"
                f"超过更换周期（{meta.cadence_days} 天）{late} 天。请尽快更换新一期。",
                f"overdue: the current issue (no. {current.meta.issue}, {current.meta.date}) has "
                f"been up {age} days, {late} past the {meta.cadence_days}-day cadence. Put up a "
                "new issue.",
                field="cadence_days",
                level="warning",
                line=column.source.line_of("cadence_days"),
            )
        )
    expected = life.issues_expected_by(column, today)
    done = life.issues_this_year(column, today)
    if expected and done < expected:
        found.append(
            problem(
                shown,
                f"{today.year}年已有 {done} 期，按每年至少 {meta.min_issues_per_year} 期，"
                f"到今天应有 {expected} 期。",
                f"{done} issues in {today.year} so far; "
                f"{meta.min_issues_per_year} a year means {expected} by today.",
                field="min_issues_per_year",
                level="warning",
                line=column.source.line_of("min_issues_per_year"),
            )
        )
    return found
