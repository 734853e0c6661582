"""Loading a site project: every file read, validated and cross-checked before anything
renders. All problems of a run are collected; the first one never hides the rest."""

from __future__ import annotations

import dataclasses
import fnmatch
import gc
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple, TypeVar
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from ..errors import BoardError, Problem, problem
from .cache import ContentCache, LoadedFile, Parsed
from .checks import check_project, privacy_warnings
from .config import SiteConfig
from .dates import DateFault, parse_when
from .facts import FactsBook, facts_of
from .fields import path_values
from .kinds import ANNOUNCEMENT, COLUMN, CONTENT_FOLDERS, HONORS, ISSUE, NOTICE, PAGE, Kind
from .model import (
    AnnouncementItem,
    ColumnItem,
    HonorsItem,
    IssueItem,
    NoticeItem,
    PageItem,
    Project,
    Source,
)
from .placeholders import placeholders, placeholders_in
from .reader import decode_text, parse_markdown_file, parse_yaml_file, read_text
from .schema import ALIASES, Column, Notice, Schema
from .slugs import slugify
from .snapshot import Snapshot, publish
from .validation import field_labels, field_name, problems_from
from .workdays import (
    NO_SUPPLEMENT,
    Supplement,
    WorkdayEnd,
    end_after_days,
    unknown_years_message,
    workday_end,
)
from .yamlio import YamlDoc

CONFIG_FILE = "site_config.yml"
M = TypeVar("M", bound=Schema)
# Files as the editor holds them, by their path under the project (content/notices/x.md).
Overlay = Mapping[str, str]


@dataclass
class Loaded:
    project: Project
    warnings: list[Problem]
    facts: FactsBook = field(default_factory=FactsBook)  # what each file decides alone


def load_project(
    root: Path, contents: ContentCache | None = None, overlay: Overlay | None = None
) -> Loaded:
    """Read and validate everything; raise BoardError listing every error found.
    `overlay` (rel → text) replaces or adds files for this load only: the editor's draft,
    checked and previewed before it is saved."""
    project, errors, warnings, facts = _read_all(root, contents, overlay)
    if errors:
        # The warnings of what did load are shown with the errors: fixing the errors
        # should not bring new surprises.
        raise BoardError(errors + warnings + privacy_warnings(project, facts))
    return Loaded(project, warnings, facts)


def read_project(
    root: Path, contents: ContentCache | None = None, overlay: Overlay | None = None
) -> tuple[Project, list[Problem], list[Problem]]:
    """Everything that reads, with the errors and warnings of the rest; raises only when
    there is no content/ folder to read. Files unchanged since the last read come from
    `contents` (by default the project's own record, written back at the end unless an
    `overlay` is read: a draft leaves the project as it was)."""
    project, errors, warnings, _ = _read_all(root, contents, overlay)
    return project, errors, warnings


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Loading makes a million small objects (the record, the models) that all live on:
    Python's cycle collector would walk them over and over while they are made and find
    nothing to free. It runs again afterwards. When the caller has set what came before
    aside from its walks (`gc.freeze`, render/memory.py), what was made here joins it:
    the collector's next run would otherwise walk it all once more (a tenth of a second
    at 10,000 items)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count():
            gc.freeze()
        if enabled:
            gc.enable()


@_no_cycle_collection()
def _read_all(
    root: Path, contents: ContentCache | None, overlay: Overlay | None = None
) -> tuple[Project, list[Problem], list[Problem], FactsBook]:
    """`read_project`, and the facts of each file read."""
    root = Path(root)
    errors: list[Problem] = []
    warnings: list[Problem] = []
    overlay = overlay or {}
    config = _load_config(root, errors, overlay)
    content = root / "content"
    if not content.is_dir():
        errors.append(
            problem(
                "content/",
                "找不到 content/ 文件夹。请在网站目录里建立 content/，"
                "或用 board init 新建一个网站。",
                "there is no content/ folder. Create it, or start a new site with 'board init'.",
            )
        )
        raise BoardError(errors)
    cache = contents or ContentCache.of_project(root)
    reader = _Reader(root, config, errors, warnings, cache, overlay)
    project = Project(root=root, config=config or _placeholder_config())
    project.announcements = reader.announcements()
    project.columns = reader.columns()
    project.honors = reader.many(HONORS, HonorsItem)
    project.notices = reader.notices()
    project.pages = reader.many(PAGE, PageItem)
    reader.stray_files()
    cache.advance()
    if contents is None and not overlay:
        cache.save()
    return project, errors, warnings, reader.facts


class Published(NamedTuple):
    """A loaded project and its public snapshot at the build moment."""

    snapshot: Snapshot
    warnings: list[Problem]
    project: Project


@_no_cycle_collection()
def load_snapshot(
    root: Path,
    today: str | None,
    contents: ContentCache | None = None,
    overlay: Overlay | None = None,
) -> Published:
    """Load and validate the project, then publish it at the build moment: what every
    command and the MkDocs plugin start from (the editor's draft preview with `overlay`)."""
    loaded = load_project(Path(root), contents, overlay)
    project = loaded.project
    moment = build_moment(today, project.config.site.timezone)
    warnings = loaded.warnings + check_project(project, moment, loaded.facts)
    return Published(publish(project, moment, loaded.facts), warnings, project)


def build_moment(today: str | None, timezone: str = "Asia/Shanghai") -> datetime:
    """`--today 2026-11-21` means 00:00 that day; without it, now in the site's zone."""
    if today is None:
        return datetime.now(ZoneInfo(timezone)).replace(tzinfo=None, second=0, microsecond=0)
    try:
        return parse_when(today).start
    except DateFault as fault:
        raise BoardError([problem("--today", fault.zh, fault.en)]) from None


def _placeholder_config() -> SiteConfig:
    return SiteConfig.model_validate(
        {"site": {"name": "-"}, "community": {"name": "-"}, "categories": ["-"]}
    )


def read_config(root: Path) -> SiteConfig | None:
    """The site's configuration alone, or None when it does not load (a full load says
    why): for what needs a setting and not the content."""
    return _load_config(root, [])


def _load_config(
    root: Path, errors: list[Problem], overlay: Overlay | None = None
) -> SiteConfig | None:
    path = root / CONFIG_FILE
    drafted = (overlay or {}).get(CONFIG_FILE)
    if drafted is None and not path.is_file():
        errors.append(
            problem(
                CONFIG_FILE,
                f"找不到 {CONFIG_FILE}。它是网站的配置文件，请从 board init 新建的网站复制一份。",
                f"{CONFIG_FILE} is missing: copy one from a site made with 'board init'.",
            )
        )
        return None
    try:
        text = (
            read_text(path, CONFIG_FILE) if drafted is None else _draft_text(drafted, CONFIG_FILE)
        )
        doc = parse_yaml_file(text, CONFIG_FILE)
        return _validate(SiteConfig, doc, CONFIG_FILE, {}, aliases=False)
    except BoardError as exc:
        errors.extend(exc.problems)
        return None


def _validate(model: type[M], doc: YamlDoc, shown: str, context: dict, aliases: bool = True) -> M:
    if not isinstance(doc.data, dict):
        kind = "空的" if doc.data is None else "不是“键: 值”的形式"
        raise BoardError(
            [
                problem(
                    shown,
                    f"字段区{kind}。请写成每行一个“键: 值”，如 title: 停水通知。",
                    "the fields are not a mapping: write one 'key: value' a line, e.g. "
                    "'title: 停水通知'.",
                    line=doc.line_of(()),
                )
            ]
        )
    data, renamed = rename_aliases(doc, shown) if aliases else (doc.data, {})
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        raise BoardError(problems_from(exc, model, shown, doc, renamed)) from None


def rename_aliases(doc: YamlDoc, shown: str) -> tuple[dict, dict[str, str]]:
    """The top-level keys under their English names (标题 → title), and which alias each
    renamed key was written as; a key given twice (标题 and title) is an error."""
    data: dict = {}
    renamed: dict[str, str] = {}
    fields = doc.data if isinstance(doc.data, dict) else {}
    for key, value in fields.items():
        name = ALIASES.get(key, key) if isinstance(key, str) else str(key)
        if name in data:
            raise BoardError(
                [
                    problem(
                        shown,
                        f"字段 {name} 写了两次（中文别名“{key}”与英文同义）。请只保留一个。",
                        f"the field {name} is given twice (the alias '{key}' means the same). Keep "
                        "one.",
                        line=doc.line_of((key,)),
                        field=name,
                    )
                ]
            )
        data[name] = value
        if name != key:
            renamed[name] = key
    return data, renamed


def _fields_of(
    shown: str, parsed: Parsed, model: type[M], text_digest: str = ""
) -> tuple[M, Source, YamlDoc]:
    """A parsed file's fields, validated, and where they came from; BoardError if wrong."""
    doc = YamlDoc(parsed.data, parsed.lines)
    meta = _validate(model, doc, shown, {})
    rel = shown.removeprefix("content/")
    source = Source(shown, rel, parsed.body, parsed.body_line, doc.lines, text_digest)
    return meta, source, doc


def _draft_text(text: str, shown: str) -> str:
    """A draft's text as the saved file would read: the same size limit and line ends (a
    browser sends CRLF)."""
    return decode_text(text.encode("utf-8", "surrogatepass"), shown)


def _parsed(text: str, shown: str, markdown: bool) -> Parsed:
    """What a content file's text reads as: front matter and body, or one YAML document."""
    if markdown:
        source = parse_markdown_file(text, shown)
        return Parsed(source.doc.data, source.doc.lines, source.body, source.body_line)
    doc = parse_yaml_file(text, shown)
    return Parsed(doc.data, doc.lines)


class _Reader:
    """Reads one section at a time, keeping going past broken files."""

    def __init__(
        self,
        root: Path,
        config: SiteConfig | None,
        errors: list,
        warnings: list,
        cache: ContentCache,
        overlay: Overlay | None = None,
    ):
        self.root, self.config, self.errors, self.warnings = root, config, errors, warnings
        self.content = root / "content"
        self.content_real = self.content.resolve()  # where asset paths must stay
        self.cache = cache
        self.facts = FactsBook()
        self._listed: dict[Path, list[str]] = {}
        self._root_prefix = "" if str(root) == "." else os.path.join(str(root), "")
        self.overlay = overlay or {}
        self._drafted = _drafted_names(root, self.overlay)

    def _shown(self, path: Path) -> str:
        """content/…: the path under the project, as messages and the record name it."""
        text = str(path)
        if text.startswith(self._root_prefix):
            return text[len(self._root_prefix) :]
        return path.relative_to(self.root).as_posix()

    def _files(self, folder: Path, pattern: str) -> list[Path]:
        """The entries of `folder` whose names match `pattern`, by name; hidden ones left out."""
        return [folder / name for name in self._names(folder) if fnmatch.fnmatchcase(name, pattern)]

    def _names(self, folder: Path) -> list[str]:
        """The names in `folder`, sorted, listed once per load (stray_files reads them too)."""
        names = self._listed.get(folder)
        if names is None:
            names = _listing(folder)
            if drafted := self._drafted.get(folder):
                names = sorted({*names, *drafted})
            self._listed[folder] = names
        return names

    def _read(self, path: Path, model: type[M], markdown: bool) -> tuple[M, Source] | None:
        """The file's fields, validated, and where they came from; None after an error.
        A file unchanged since the last build is not read again (content/cache.py)."""
        shown = self._shown(path)  # content/…, also the file's name in the cache
        if shown in self.overlay:
            return self._read_draft(shown, model, markdown)
        stat = path.stat()
        before = self.cache.loaded_before(shown, stat)
        if before is not None and type(before.meta) is model:
            self._check_assets(before.meta, before.source, YamlDoc(None, before.source.lines))
            self.facts.add(before.meta, before.source, before.facts)
            return before.meta, before.source
        errors_before = len(self.errors)
        text = None
        try:
            parsed = self.cache.unchanged(shown, stat)
            if parsed is None:
                text = read_text(path, shown)
                parsed = self.cache.same_text(shown, stat, text) or _parsed(text, shown, markdown)
            meta, source, doc = _fields_of(shown, parsed, model, self.cache.text_digest(shown))
        except BoardError as exc:
            self.errors.extend(exc.problems)
            return None
        self._check_assets(meta, source, doc)
        if text is not None:  # read now: a file kept from before had no hints left
            if any(hint in text for hint in placeholders()):
                self._check_placeholders(meta, source, doc)
            if len(self.errors) == errors_before:
                self.cache.remember(shown, stat, text, parsed)
        if not source.text_digest and (digest := self.cache.text_digest(shown)):
            source = dataclasses.replace(source, text_digest=digest)  # recorded just now
        facts = self.cache.facts(shown, meta, source)
        self.facts.add(meta, source, facts)
        self.cache.keep(shown, LoadedFile(meta, source, facts))
        return meta, source

    def _read_draft(self, shown: str, model: type[M], markdown: bool) -> tuple[M, Source] | None:
        """A file as the overlay gives it: checked as `_read` checks a file, never taken
        from the cache nor kept in it (the record of the file on disk stays as it was)."""
        _keep_record(self.cache, shown)
        try:
            text = _draft_text(self.overlay[shown], shown)
            meta, source, doc = _fields_of(shown, _parsed(text, shown, markdown), model)
        except BoardError as exc:
            self.errors.extend(exc.problems)
            return None
        self._check_assets(meta, source, doc)
        if any(hint in text for hint in placeholders()):
            self._check_placeholders(meta, source, doc)
        self.facts.add(meta, source, facts_of(meta, source))
        return meta, source

    def _is_folder(self, path: Path) -> bool:
        return path.is_dir() or path in self._drafted

    def _is_file(self, path: Path) -> bool:
        return path.is_file() or self._shown(path) in self.overlay

    def many(self, kind: Kind[Any], make: Callable) -> list:
        items = []
        for path in self._files(self.content / kind.folder, kind.pattern):
            read = self._read(path, kind.schema, markdown=path.suffix == ".md")
            if read:
                items.append(self.cache.item(make, slugify(path.stem), read[1], read[0]))
        self._unique_urls(items)
        return items

    def announcements(self) -> list[AnnouncementItem]:
        items = self.many(ANNOUNCEMENT, AnnouncementItem)
        if self.config:
            allowed = self.config.categories
            for item in items:
                if item.meta.category not in allowed:
                    self.errors.append(
                        problem(
                            item.source.shown,
                            f"分类“{item.meta.category}”不在 site_config.yml 的 categories 里。"
                            f"可选：{'、'.join(allowed)}；或先把它加进 categories。",
                            f"the category '{item.meta.category}' is not in categories of "
                            f"site_config.yml ({', '.join(allowed)}); add it there first.",
                            line=self._line(item.source, "category"),
                            field="category",
                        )
                    )
        return items

    def notices(self) -> list[NoticeItem]:
        items = []
        for path in self._files(self.content / NOTICE.folder, NOTICE.pattern):
            read = self._read(path, NOTICE.schema, markdown=True)
            if not read:
                continue
            meta, source = read
            end = _period_end(meta, self.config.supplement if self.config else NO_SUPPLEMENT)
            if end.guessed_years:
                self.warnings.append(self._guessed_calendar(source, end.guessed_years))
            items.append(NoticeItem(slugify(path.stem), source, meta, end.day, end.guessed_years))
        self._unique_urls(items)
        return items

    def _guessed_calendar(self, source: Source, years: tuple[int, ...]) -> Problem:
        zh, en = unknown_years_message(years)
        return problem(
            source.shown,
            zh,
            en,
            field="period.workdays",
            line=self._line(source, "period"),
            level="warning",
        )

    def columns(self) -> list[ColumnItem]:
        columns = []
        definition_name = COLUMN.pattern.rpartition("/")[2]
        issue_files = ISSUE.pattern.rpartition("/")[2]
        for folder in self._files(self.content / COLUMN.folder, "*"):
            if not self._is_folder(folder):
                continue
            definition = folder / definition_name
            if not self._is_file(definition):
                self.errors.append(
                    problem(
                        self._shown(folder) + "/",
                        "栏目文件夹里缺少 column.yml（栏目名称、更换周期等）。",
                        "the column folder has no column.yml (title, cadence_days …).",
                    )
                )
                continue
            read = self._read(definition, COLUMN.schema, markdown=False)
            slug = slugify(folder.name)
            issues = [
                self.cache.item(IssueItem, slugify(p.stem), slug, r[1], r[0])
                for p in self._files(folder, issue_files)
                if (r := self._read(p, ISSUE.schema, markdown=True))
            ]
            self._unique_urls(issues)
            self._unique_issue_numbers(issues)
            if read:
                meta, source = read
                self._board_known(meta, source)
                issues.sort(key=lambda i: i.meta.issue)
                columns.append(self.cache.item(ColumnItem, slug, source, meta, tuple(issues)))
        self._unique_urls(columns)
        return columns

    def _board_known(self, meta: Column, source: Source) -> None:
        if self.config and meta.board and not self.config.board(meta.board):
            ids = "、".join(b.id for b in self.config.boards) or "（尚未定义展板）"
            self.errors.append(
                problem(
                    source.shown,
                    f"展板“{meta.board}”没有在 site_config.yml 的 boards 里定义。已有：{ids}。",
                    f"the board '{meta.board}' is not defined under boards in site_config.yml.",
                    line=self._line(source, "board"),
                    field="board",
                )
            )

    def _unique_issue_numbers(self, issues: list[IssueItem]) -> None:
        seen: dict[int, IssueItem] = {}
        for item in issues:
            first = seen.setdefault(item.meta.issue, item)
            if first is not item:
                self.errors.append(
                    problem(
                        item.source.shown,
                        f"期号 {item.meta.issue} 与 {first.source.shown} 重复。每期的 issue 必须不同。",
                        f"issue number {item.meta.issue} is also used by {first.source.shown}; "
                        "each issue needs its own number.",
                        line=self._line(item.source, "issue"),
                        field="issue",
                    )
                )

    def _unique_urls(self, items: list) -> None:
        seen: dict[str, Any] = {}
        for item in items:
            first = seen.setdefault(item.url, item)
            if first is not item:
                self.errors.append(
                    problem(
                        item.source.shown,
                        f"与 {first.source.shown} 生成相同的网址 {item.url}。请给其中一个文件改名。",
                        f"makes the same URL {item.url} as {first.source.shown}: rename one "
                        "of the files.",
                    )
                )

    def _check_placeholders(self, meta: Schema, source: Source, doc: YamlDoc) -> None:
        """A hint left by `board new` is an error: the item is not written yet."""
        for loc, body_line, hint in placeholders_in(meta, source.body):
            where = "正文/body" if loc is None else field_name(loc)
            self.errors.append(
                problem(
                    source.shown,
                    f"还留着 board new 写的提示文字“{hint}”。请换成实际内容（不需要就删去）。",
                    f"the hint '{hint}' written by 'board new' is still there: replace it "
                    "with the real text (or delete it).",
                    line=doc.line_of(loc) if loc else source.body_line + (body_line or 0),
                    field=where,
                    labels=field_labels(type(meta), loc) if loc else (None, None),
                )
            )

    def _check_assets(self, meta: Schema, source: Source, doc: YamlDoc) -> None:
        base = self.content_real
        for loc, value in path_values(meta):
            target = (self.content / value).resolve()
            line = doc.line_of(loc)
            name = field_name(loc)
            if not target.is_relative_to(base):
                self.errors.append(
                    problem(
                        source.shown,
                        f"路径“{value}”指到了 content/ 之外。文件必须放在 content/ 里，"
                        "如 assets/seal.png。",
                        f"the path '{value}' leads outside content/. Keep "
                        "files inside content/, e.g. assets/seal.png.",
                        line=line,
                        field=name,
                        labels=field_labels(type(meta), loc),
                    )
                )
            elif not target.is_file():
                self.errors.append(
                    problem(
                        source.shown,
                        f"找不到文件 content/{value}。请检查文件名和文件夹"
                        "（路径相对于 content/，区分大小写）。",
                        f"the file content/{value} does "
                        "not exist. Check the name and folder (relative to content/, case "
                        "matters).",
                        line=line,
                        field=name,
                        labels=field_labels(type(meta), loc),
                    )
                )

    def _line(self, source: Source, key: str) -> int | None:
        return source.line_of(key, *[k for k, v in ALIASES.items() if v == key])

    def stray_files(self) -> None:
        """Files the contract does not know are reported, never silently dropped."""
        known = CONTENT_FOLDERS
        for path in self._files(self.content, "*"):
            if path.name not in CONTENT_FOLDERS:
                self.warnings.append(
                    problem(
                        self._shown(path),
                        "content/ 里不认识的文件或文件夹，已忽略。可用的文件夹："
                        + "、".join(known)
                        + "。",
                        "not a known file or folder of content/; "
                        "ignored. Known folders: " + ", ".join(known) + ".",
                        level="warning",
                    )
                )
        for kind in (ANNOUNCEMENT, NOTICE, PAGE, HONORS):
            section, suffix = kind.folder, "." + kind.suffix
            for path in self._files(self.content / section, "*"):
                if path.suffix != suffix:
                    self.warnings.append(
                        problem(
                            self._shown(path),
                            f"{section}/ 里只读取 {suffix} 文件，这个文件已忽略。",
                            f"only {suffix} files are read in {section}/; this one is ignored.",
                            level="warning",
                        )
                    )


def _listing(folder: Path) -> list[str]:
    """What `folder.glob("*")` finds, by name, without dotted names; nothing when it is
    not a readable folder."""
    if not folder.is_dir():
        return []
    try:
        with os.scandir(folder) as entries:
            return sorted(e.name for e in entries if not e.name.startswith("."))
    except PermissionError:
        return []


def _drafted_names(root: Path, overlay: Overlay) -> dict[Path, set[str]]:
    """The names each folder gains from the overlay: a new file, and the folders on its
    way (a new column's folder)."""
    names: dict[Path, set[str]] = {}
    for rel in overlay:
        parts = PurePosixPath(rel).parts
        for depth in range(1, len(parts)):
            if not parts[depth].startswith("."):
                names.setdefault(root.joinpath(*parts[:depth]), set()).add(parts[depth])
    return names


def _keep_record(cache: ContentCache, shown: str) -> None:
    """The cache goes on knowing the file on disk as it knew it, so that the next load
    of the saved project still finds it there."""
    entry = cache.known.get(shown)
    if entry is not None:
        cache.seen[shown] = entry


def _period_end(meta: Notice, supplement: Supplement) -> WorkdayEnd:
    """The last day of the 公示期; the schema has made sure one of the three is given."""
    period = meta.period
    if period.workdays is not None:
        return workday_end(period.start, period.workdays, supplement)
    if period.days is not None:
        return WorkdayEnd(end_after_days(period.start, period.days))
    assert period.end is not None
    return WorkdayEnd(period.end)
