"""`board new`: a ready-to-edit content file from a template."""

from __future__ import annotations

from pathlib import Path

import jinja2

from ..content.kinds import HONORS, kind_named
from ..content.loader import CONFIG_FILE, build_moment, read_project
from ..content.slugs import short_slug
from ..errors import BoardError, problem
from ..paths import SCAFFOLD_DIR


def new_item(
    root: Path,
    kind: str,
    title: str,
    *,
    column: str | None = None,
    today: str | None = None,
    name: str | None = None,
) -> Path:
    """The new file, named `name` or after the date and a short form of the title."""
    project = _project(Path(root))
    day = build_moment(today, project.config.site.timezone).date()
    values: dict[str, object] = {
        "title": title,
        "today": day.isoformat(),
        "month": day.strftime("%Y-%m"),
        "category": project.config.categories[0],
        "phone": project.config.community.phone or "0731-00000000",
    }
    folder = project.content_dir / kind_named(kind).folder
    if kind == "issue":
        folder, values["number"] = _column_folder(project, column)
    if name is not None:
        _check_name(name)
    elif kind == HONORS.name:
        name = day.strftime("%Y-%m")
    else:
        name = f"{day.isoformat()}-{short_slug(title)}"
    suffix = "." + kind_named(kind).suffix
    target = folder / f"{name}{suffix}"
    if target.exists():
        raise BoardError(
            [
                problem(
                    str(target.relative_to(root)),
                    "文件已存在，没有覆盖。请用 --name 另起一个文件名，如 --name 停水通知-2。",
                    "the file exists and was not overwritten: choose another file name with "
                    "--name, e.g. --name notice-2.",
                )
            ]
        )
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(SCAFFOLD_DIR / "new"), keep_trailing_newline=True
    )
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(env.get_template(f"{kind}{suffix}").render(values), encoding="utf-8")
    return target


def _project(root: Path):
    """The project as far as it reads: an unfinished item elsewhere (one just made with
    `board new`) must not stop the next one. The configuration must be sound."""
    project, errors, _ = read_project(root)
    broken_config = [p for p in errors if p.file == CONFIG_FILE]
    if broken_config:
        raise BoardError(broken_config)
    return project


def _check_name(name: str) -> None:
    if not name.strip() or name.startswith(".") or any(c in name for c in '/\\:*?"<>|'):
        raise BoardError(
            [
                problem(
                    "--name",
                    f'文件名“{name}”不能为空，不能以 . 开头，也不能含 / \\ : * ? " < > |。',
                    f"the file name '{name}' must not be empty, start with '.', or contain "
                    '/ \\ : * ? " < > |.',
                )
            ]
        )


def _column_folder(project, column: str | None) -> tuple[Path, int]:
    slugs = [c.slug for c in project.columns]
    match = next((c for c in project.columns if column in (c.slug, c.meta.title)), None)
    if match is None:
        raise BoardError(
            [
                problem(
                    "--column",
                    f"请用 --column 指定栏目，可选：{'、'.join(slugs)}。",
                    f"name the column with --column: one of {', '.join(slugs)}.",
                )
            ]
        )
    number = max((i.meta.issue for i in match.issues), default=0) + 1
    return project.content_dir / Path(match.source.src_uri).parent, number
