"""Warnings `board check` reports: raw personal numbers, late and thin columns.

Warnings never stop a build (masking already protects the output); `--strict` makes them
fatal.
"""

from __future__ import annotations

from datetime import datetime

from ..errors import Problem, problem
from . import lifecycle as life
from .facts import FactsBook
from .model import Project


def check_project(project: Project, now: datetime, facts: FactsBook) -> list[Problem]:
    warnings = privacy_warnings(project, facts)
    for column in project.columns:
        warnings += column_cadence(column, now)
    return warnings


def privacy_warnings(project: Project, facts: FactsBook) -> list[Problem]:
    """Full mobile and ID numbers in any field or body of any item, on every build:
    each file's are found once per text (`sensitive_numbers`, kept in `facts`)."""
    warnings: list[Problem] = []
    for item in [
        *project.announcements,
        *project.notices,
        *project.honors,
        *project.pages,
        *[i for c in project.columns for i in c.issues],
        *project.columns,
    ]:
        warnings += facts.of(item).warnings
    return warnings


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
