"""Material's page chrome drawn once per page shape, then filled in per page.

Rendering Material's `base.html` costs about 2 ms a page, most of a big site's build. For
pages outside the navigation, the chrome differs only in the title, the description, the
last part of the URL and the content; everything else depends on the page's shape (its
template, folder and which optional parts it has). So the chrome is rendered once per
shape with marker values and the markers are replaced per page. A value that a template
filter could change (markup characters, runs of spaces) gets a full render instead;
`tests/test_speed.py` checks that both ways give the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from markupsafe import Markup, escape

from .plan import PagePlan

TITLE, DESCRIPTION, SLUG, CONTENT = (f"boardslot{n}x" for n in ("title", "desc", "slug", "body"))
_MARKERS = re.compile(f"({TITLE}|{DESCRIPTION}|{SLUG}|{CONTENT})")
_PLAIN_SLUG = re.compile(r"[A-Za-z0-9_.~-]+")


@dataclass(frozen=True)
class Shape:
    """What the chrome of a page depends on besides the four filled-in values."""

    template: str
    partial: str
    folder: str  # the URL without its last part, e.g. "announcements/"
    is_item: bool
    described: bool
    searchable: bool
    first_anchor: str  # Material's skip link goes to the body's first heading


def shape_of(plan: PagePlan, toc) -> Shape | None:
    """The page's shape, or None when it needs a full render."""
    folder, _, slug = plan.url.rstrip("/").rpartition("/")
    if (
        not slug
        or not _PLAIN_SLUG.fullmatch(slug)
        or plan.standalone
        or not _fill_safe(plan.title)
        or not _fill_safe(plan.description)
        or _cover(plan)
    ):
        return None
    first = next(iter(toc), None)
    return Shape(
        plan.template,
        plan.partial,
        f"{folder}/" if folder else "",
        plan.entry is not None,
        bool(plan.description),
        plan.searchable,
        first.url if first else "",
    )


def _fill_safe(value: str) -> bool:
    """True when escaping, tag stripping and whitespace folding leave `value` as it is."""
    return str(escape(value)) == value and Markup(value).striptags() == value


def _cover(plan: PagePlan) -> bool:
    item = getattr(plan.entry, "item", None)
    return bool(getattr(getattr(item, "meta", None), "cover", None))


class Shell:
    """One rendered chrome, split at its markers."""

    def __init__(self, html: str) -> None:
        if CONTENT not in html:
            raise ValueError("the page template does not show page.content")
        self.parts = _MARKERS.split(html)

    def fill(self, plan: PagePlan, content: str) -> str:
        values = {
            TITLE: plan.title,
            DESCRIPTION: plan.description,
            SLUG: plan.url.rstrip("/").rpartition("/")[2],
            CONTENT: content,
        }
        return "".join(
            values.get(part, part) if n % 2 else part for n, part in enumerate(self.parts)
        )


class Shells:
    """Shells by shape, drawn on first use by `draw(stand_in_plan, toc) -> html`."""

    def __init__(self, draw: Callable[[PagePlan, object], str]) -> None:
        self.draw = draw
        self.shells: dict[Shape, Shell] = {}

    def render(self, plan: PagePlan, shape: Shape, content: str, toc) -> str:
        shell = self.shells.get(shape)
        if shell is None:
            shell = self.shells[shape] = Shell(self.draw(stand_in(plan, shape), toc))
        return shell.fill(plan, content)


def stand_in(plan: PagePlan, shape: Shape) -> PagePlan:
    """The plan with marker values, to draw its shape's chrome."""
    return replace(
        plan,
        url=f"{shape.folder}{SLUG}/",
        title=TITLE,
        description=DESCRIPTION if shape.described else "",
    )
