"""The editor's web application (WSGI), mounted by `board serve` at /_edit/: each handler
reads a request and answers with a page, a redirect or JSON. What a handler does with the
content lives in the modules beside it (forms, documents, live checks, history)."""

from __future__ import annotations

import functools
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any, Protocol
from urllib.parse import quote, unquote

import jinja2

from ..content import lifecycle as life
from ..content.cache import ContentCache
from ..content.kinds import KINDS, NOTICE, Kind, kind_named, kind_of_file
from ..content.loader import CONFIG_FILE, build_moment, read_config, read_project
from ..content.model import NoticeItem
from ..content.revisions import with_revision
from ..errors import BoardError, Problem
from ..paths import THEME_DIR
from . import access, history, images, live
from .documents import (
    Conflict,
    Document,
    delete_document,
    new_rel,
    read_document,
    read_raw,
    save_document,
    store_asset,
)
from .forms import CHOICE_LABELS, data_from_form, form_fields, form_values, new_values
from .guide import help_for
from .http import Request, Response, TooLarge, as_json, html, item_link, read_request, redirect
from .roundtrip import render_document
from .states import matching, rows_of

PREFIX = "/_edit"
EDITOR_DIR = THEME_DIR / "editor"
SESSION_COOKIE = "board_edit"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
HOME_ROWS = 30  # rows per kind on the home page before "all N"
# Guessing the password from the office network: after this many wrong tries, a pause.
LOGIN_TRIES, LOGIN_PAUSE = 5, 60.0
TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(EDITOR_DIR), autoescape=True, trim_blocks=True
)
TEMPLATES.globals.update(
    prefix=PREFIX, quote=quote, kinds=KINDS, labels=CHOICE_LABELS, help_for=help_for
)
# Form inputs that are not fields of the file.
CONTROLS = ("_csrf", "_rel", "_base", "_kind", "_column", "_note", "_body")


@dataclass(frozen=True)
class Draft:
    """A draft drawn as the site and the print would show it."""

    problems: list[Problem]
    page: str | None  # the draft's page under /_edit/draft/
    print_page: str | None  # its print preview under /_edit/draft/
    note: str = ""  # why there is no page (scheduled, not public yet …)


class Drafts(Protocol):
    """Draws a draft of one file into a site of its own (`board serve` provides it)."""

    folder: Path

    def draft(self, rel: str, text: str) -> Draft: ...

    def warm(self) -> None: ...


class EditorApp:
    """One editor for the project at `root`."""

    def __init__(
        self,
        root: Path,
        *,
        today: str | None = None,
        drafts: Drafts | None = None,
        publish: Callable[[], Any] | None = None,
        host: str = "127.0.0.1",
        port: int = 8000,
    ) -> None:
        self.root = Path(root).resolve()
        self.today = today
        self.drafts = drafts
        self.publish = publish
        self.host, self.port = host, port
        self.sessions = access.Sessions()
        self.clock = time.monotonic
        self._failures: list[float] = []  # when wrong passwords were tried, lately
        self.lock = threading.Lock()  # one reader of the content at a time
        # Started by the first request, so a preview nobody edits in costs nothing.
        self._caught_up = threading.Thread(target=self._catch_up, daemon=True)
        self._opening = threading.Lock()

    @functools.cached_property
    def contents(self) -> ContentCache:
        """The content as the editor reads it: in memory, never written."""
        return ContentCache.of_project(self.root)

    def _opened(self) -> None:
        """On the first request: what was edited by hand before the editor opened goes
        into the history first, in the background (a big project's first time takes
        seconds)."""
        with self._opening:
            if self._caught_up.ident is None:
                self._caught_up.start()

    def _catch_up(self) -> None:
        try:
            history.catch_up(self.root)
        except BoardError as exc:  # git missing: said again on the first save
            print(exc.problems[0].zh, flush=True)

    def _record(self, rels: list[str], message: str) -> None:
        """Into the history, after the first catching up: a file saved while that ran
        would otherwise be taken for an edit made outside the editor."""
        self._caught_up.join()
        history.record(self.root, rels, message)

    # --- who may edit -------------------------------------------------------------
    @property
    def local(self) -> bool:
        return self.host in LOCAL_HOSTS

    def password(self) -> str | None:
        """The hash in site_config.yml, read on each request: a changed password applies
        at once."""
        config = read_config(self.root)
        return config.edit.password if config is not None and config.edit else None

    def __call__(self, environ: dict, start_response) -> list[bytes]:
        try:
            request = read_request(environ, PREFIX)
        except TooLarge:
            return _refused("上传的内容太大。图片和附件请小于 10 MB。", 413).start(start_response)
        return self.answer(request).start(start_response)

    def answer(self, request: Request) -> Response:
        if not self._host_ok(request):
            return _refused("编辑台只接受本机地址的访问。", 403)
        self._opened()
        if request.path.startswith("/static/"):
            return self._static(request.path.removeprefix("/static/"))
        password = self.password()
        if not self.local and not password:
            return _refused(
                "在局域网上使用编辑台需要先设置密码：运行 board password，"
                "把它给出的两行加到 site_config.yml。",
                403,
            )
        session = request.cookies.get(SESSION_COOKIE)
        if password and not self.sessions.valid(session):
            return self._login(request, password)
        opened = None
        if not self.sessions.valid(session):
            session = opened = self.sessions.open()
        assert session is not None
        if request.method == "POST" and not self._csrf_ok(request, session):
            return _refused("页面已过期或来源不明（缺少校验码）。请刷新编辑页后再保存。", 403)
        response = self._route(request, session)
        if opened:
            response.headers.append(("Set-Cookie", _cookie(opened)))
        return response

    def _host_ok(self, request: Request) -> bool:
        """A page elsewhere on the web must not reach the local editor through a name
        that points here (DNS rebinding): on this computer only its own names."""
        if not self.local:
            return True
        host = request.headers.get("host", "")
        name = (
            host.rsplit(":", 1)[0].strip("[]") if not host.startswith("[") or "]" in host else host
        )
        return name in LOCAL_HOSTS

    def _csrf_ok(self, request: Request, session: str) -> bool:
        token = request.form.get("_csrf") or request.headers.get("x-csrf-token")
        return self.sessions.csrf_ok(session, token)

    def _login(self, request: Request, password: str) -> Response:
        wrong = False
        if request.method == "POST" and request.path == "/login":
            now = self.clock()
            self._failures = [t for t in self._failures if now - t < LOGIN_PAUSE]
            if len(self._failures) >= LOGIN_TRIES:
                return _refused("密码错误次数太多，请一分钟后再试。", 429)
            if access.password_matches(password, request.form.get("password", "")):
                session = self.sessions.open()
                response = redirect(f"{PREFIX}/")
                response.headers.append(("Set-Cookie", _cookie(session)))
                return response
            self._failures.append(now)
            wrong = True
        page = TEMPLATES.get_template("login.html").render(wrong=wrong, csrf="", title="登录")
        return html(page, 401 if wrong else 200)

    # --- pages --------------------------------------------------------------------
    def _route(self, request: Request, session: str) -> Response:
        get = request.method == "GET"
        routes: dict[tuple[bool, str], Callable[[Request, str], Response]] = {
            (True, "/"): self._home,
            (True, "/item"): self._item,
            (True, "/history"): self._history,
            (True, "/version"): self._version,
            (True, "/raw"): self._raw,
            (False, "/save-raw"): self._save_raw,
            (False, "/save"): self._save,
            (False, "/delete"): self._delete,
            (False, "/check"): self._check,
            (False, "/restore"): self._restore,
            (False, "/upload"): self._upload,
            (False, "/publish"): self._publish,
            (False, "/logout"): self._logout,
        }
        if get and self.drafts is not None:
            self.drafts.warm()  # once: the site the drafts are drawn over
        handler = routes.get((get, request.path))
        if get and request.path.startswith("/new/"):
            handler = self._new
        elif get and request.path.startswith("/draft/"):
            handler = self._draft_file
        if handler is None:
            return _refused("编辑台里没有这个页面。", 404)
        try:
            return handler(request, session)
        except access.Refused as refused:
            return _refused(refused.zh, refused.status)
        except BoardError as exc:  # a file that cannot be opened, a name already taken …
            return _refused("；".join(f"{p.where()}：{p.zh}" for p in exc.problems), 422)

    def _page(self, name: str, session: str, status: int = 200, **context) -> Response:
        context.setdefault("title", "编辑台")
        text = TEMPLATES.get_template(name).render(
            csrf=self.sessions.csrf(session), password=bool(self.password()), **context
        )
        return html(text, status)

    def _project(self):
        with self.lock:
            return read_project(self.root, self.contents)

    def _now(self) -> datetime:
        config = read_config(self.root)
        return build_moment(self.today, config.site.timezone if config else "Asia/Shanghai")

    def _home(self, request: Request, session: str) -> Response:
        project, errors, warnings = self._project()
        now = build_moment(self.today, project.config.site.timezone)
        query, shown = request.query.get("q", "").strip(), request.query.get("kind", "")
        rows = rows_of(project, now, errors + warnings)
        found = {name: matching(group, query) for name, group in rows.items()}
        # A street office keeps thousands: the newest few per kind, all of one kind on asking.
        limit = None if (query or shown) else HOME_ROWS
        config_problems = [p for p in errors + warnings if p.file == CONFIG_FILE]
        return self._page(
            "home.html",
            session,
            rows=found,
            limit=limit,
            query=query,
            shown=shown,
            message=request.query.get("done", ""),
            config_problems=config_problems,
            columns=project.columns,
            today=now.date(),
            can_publish=self.publish is not None,
        )

    def _new(self, request: Request, session: str) -> Response:
        kind = _kind(request.path.removeprefix("/new/"))
        column = request.query.get("column")
        project, _, _ = self._project()
        issues = next((c.issues for c in project.columns if c.slug == column), ())
        number = max((i.meta.issue for i in issues), default=0) + 1 if column else None
        values = new_values(kind, project.config, self._now().date(), number)
        return self._form(session, kind, None, values, column=column)

    def _item(self, request: Request, session: str) -> Response:
        rel = self._rel(request.query.get("f", ""))
        self._caught_up.join()
        history.catch_up(self.root)  # a hand edit since is kept apart from the next save
        kind = _kind_of(rel)
        try:
            document = read_document(self.root, rel)
        except BoardError as exc:  # broken by hand: fixed as text, then the form opens
            return self._raw_page(session, rel, exc.problems)
        values = form_values(document.data, kind)
        saved = request.query.get("saved") == "1"
        return self._form(session, kind, document, values, saved=saved, body=document.body)

    def _form(
        self,
        session: str,
        kind: Kind,
        document: Document | None,
        values: dict[str, str],
        *,
        status: int = 200,
        problems: list[Problem] | None = None,
        column: str | None = None,
        body: str | None = None,
        conflict: Conflict | None = None,
        saved: bool = False,
    ) -> Response:
        project, _, _ = self._project()
        rel = document.rel if document else None
        active = self._active_notice(project, rel) if kind is NOTICE and rel else None
        return self._page(
            "form.html",
            session,
            status,
            title=("修改" if document else "新建") + kind.label_zh,
            kind=kind,
            fields=form_fields(kind, project.config),
            values=values,
            document=document,
            rel=rel,
            body=body if body is not None else "",
            markdown=kind.suffix == "md",
            problems=problems or [],
            column=column,
            columns=project.columns,
            conflict=conflict,
            saved=saved,
            active_notice=active,
            history=history.timeline(self.root, rel)[:5] if rel else [],
            when_text=history.when_text,
        )

    def _active_notice(self, project, rel: str | None) -> NoticeItem | None:
        """The notice at `rel` while it is 公示中: a save then marks it 公示期间有修改."""
        today = build_moment(self.today, project.config.site.timezone).date()
        for item in project.notices:
            if item.source.shown == rel:
                return item if life.notice_status(item, today).label == life.ACTIVE else None
        return None

    # --- saving -------------------------------------------------------------------
    def _posted(self, form: dict[str, str], project) -> tuple:
        """What a posted form says, for a save and for a live check alike: the kind, the
        file (a new item's name as its save will choose it), the file as it was, the
        form's own values, the data the file should hold and the body."""
        kind = _kind(form.get("_kind", ""))
        rel = self._rel(form["_rel"]) if form.get("_rel") else None
        before = read_document(self.root, rel) if rel else None
        posted = {k: v for k, v in form.items() if k not in CONTROLS}
        fields = form_fields(kind, project.config)
        data = data_from_form(fields, posted, before.data if before else None)
        body = form.get("_body", "").replace("\r\n", "\n") if kind.suffix == "md" else None
        if rel is None:
            title = str(data.get("title") or data.get("period") or kind.label_zh)
            rel = new_rel(self.root, kind, title, self._now().date(), form.get("_column") or None)
        return kind, rel, before, posted, data, body

    def _save(self, request: Request, session: str) -> Response:
        form = request.form
        project, _, _ = self._project()
        kind, rel, before, posted, data, body = self._posted(form, project)
        changed = before is None or before.data != data or (before.body or "") != (body or "")
        if before is not None and changed and self._active_notice(project, rel):
            data = with_revision(data, self._now().date(), form.get("_note") or None)
        text = render_document(kind, data, body, before)
        problems = live.candidate_problems(self.root, rel, text, self.today)
        if any(p.level == "error" for p in problems):
            return self._form(
                session, kind, before, posted, status=422, problems=problems, body=body,
                column=form.get("_column"),
            )  # fmt: skip
        try:
            save_document(self.root, rel, text, form.get("_base") or None if before else None)
        except Conflict as conflict:
            return self._form(
                session, kind, before, posted, status=409, body=body, conflict=conflict
            )
        message = form.get("_note") or history.describe_change(
            kind, before.data if before else None, data, (before.body if before else None) != body
        )
        self._record([rel], message)
        return redirect(item_link(PREFIX, rel) + "&saved=1")

    def _raw(self, request: Request, session: str) -> Response:
        rel = self._rel(request.query.get("f", ""))
        problems = live.candidate_problems(self.root, rel, read_raw(self.root, rel)[0], self.today)
        return self._raw_page(session, rel, [p for p in problems if p.file == rel])

    def _raw_page(
        self,
        session: str,
        rel: str,
        problems: list[Problem],
        typed: tuple[str, str] | None = None,
        status: int = 200,
        conflict: Conflict | None = None,
    ) -> Response:
        """The file as text: for a file the form cannot open, or for anyone who prefers."""
        text, base = typed or read_raw(self.root, rel)
        return self._page(
            "raw.html", session, status, title="以文本方式修改", rel=rel, text=text, base=base,
            problems=problems, conflict=conflict,
        )  # fmt: skip

    def _save_raw(self, request: Request, session: str) -> Response:
        rel = self._rel(request.form.get("_rel", ""))
        text = request.form.get("_text", "").replace("\r\n", "\n")
        try:
            save_document(self.root, rel, text, request.form.get("_base", ""))
        except Conflict as conflict:
            return self._raw_page(session, rel, [], (text, conflict.digest), 409, conflict)
        self._record([rel], "以文本方式修改了文件")
        problems = live.candidate_problems(self.root, rel, text, self.today)
        problems = [p for p in problems if p.file == rel]
        if any(p.level == "error" for p in problems):
            return self._raw_page(session, rel, problems, status=422)
        return redirect(item_link(PREFIX, rel) + "&saved=1")

    def _delete(self, request: Request, session: str) -> Response:
        rel = self._rel(request.form.get("_rel", ""))
        kind = _kind_of(rel)
        before = read_document(self.root, rel)
        try:
            delete_document(self.root, rel, request.form.get("_base", ""))
        except Conflict as conflict:
            values = form_values(before.data, kind)
            return self._form(session, kind, before, values, status=409, conflict=conflict)
        except BoardError as exc:
            return _refused(exc.problems[0].zh, 409)
        self._record([rel], history.describe_change(kind, before.data, None, True))
        return redirect(f"{PREFIX}/?done=" + quote(f"已删除 {rel}（可在档案中恢复）"))

    def _check(self, request: Request, session: str) -> Response:
        """Live checks while typing: problems, privacy, the 公示期, and a fresh preview."""
        project, _, _ = self._project()
        kind, rel, before, _, data, body = self._posted(request.form, project)
        text = render_document(kind, data, body, before)
        answer: dict[str, Any] = {"period": None, "preview": None}
        answer["marks"] = [
            {"field": _field_path(m.field), "found": m.found, "masked": m.masked, "why": m.why}
            for m in live.privacy_marks(kind, data, body)
        ]
        if kind is NOTICE and isinstance(data.get("period"), dict):
            try:
                info = live.period_info(data["period"], project.config.supplement)
                answer["period"] = {
                    "summary": info.summary,
                    "notes": info.notes,
                    "end": str(info.end),
                }
            except BoardError as exc:
                answer["period"] = {"error": exc.problems[0].zh}
        if self.drafts is not None:
            draft = self.drafts.draft(rel, text)
            problems = draft.problems
            answer["preview"] = {"page": draft.page, "print": draft.print_page, "note": draft.note}
        else:
            problems = live.candidate_problems(self.root, rel, text, self.today)
        answer["problems"] = [
            {
                "field": p.field,
                "level": p.level,
                "zh": p.zh,
                "where": p.where(),
                "label": p.field_zh or p.field,
            }
            for p in problems
            if p.file == rel
        ]
        return as_json(answer)

    # --- history, uploads, publishing -----------------------------------------------
    def _history(self, request: Request, session: str) -> Response:
        rel = self._rel(request.query.get("f", ""), must_exist=False)
        changes = history.timeline(self.root, rel)
        return self._page(
            "history.html", session, title="档案", rel=rel, changes=changes,
            when_text=history.when_text, exists=(self.root / rel).is_file(),
        )  # fmt: skip

    def _version(self, request: Request, session: str) -> Response:
        rel = self._rel(request.query.get("f", ""), must_exist=False)
        commit = request.query.get("c", "")
        if not re.fullmatch(r"[0-9a-f]{7,40}", commit):
            return _refused("没有这个版本。", 404)
        text = history.text_at(self.root, rel, commit)
        if text is None:
            return _refused("这个版本里没有这个文件。", 404)
        return self._page(
            "version.html", session, title="历史版本", rel=rel, commit=commit, text=text
        )

    def _restore(self, request: Request, session: str) -> Response:
        rel = self._rel(request.form.get("_rel", ""), must_exist=False)
        commit = request.form.get("_commit", "")
        if not re.fullmatch(r"[0-9a-f]{7,40}", commit):
            return _refused("没有这个版本。", 404)
        self._caught_up.join()
        history.restore(self.root, rel, commit)
        return redirect(item_link(PREFIX, rel) + "&saved=1")

    def _upload(self, request: Request, session: str) -> Response:
        """An image or attachment from the form, checked by what it is, pictures resized;
        stored under content/assets/<section>/ with a short name."""
        name = unquote(request.headers.get("x-file-name", ""))
        try:
            suffix = access.check_upload(name, request.body)
            data = request.body
            if suffix in (".jpg", ".png", ".webp", ".gif"):
                data, suffix = images.fit_image(data)
        except access.Refused as refused:
            return as_json({"error": refused.zh}, refused.status)
        kind = _kind(request.query.get("kind", "announcement"))
        rel = store_asset(self.root, kind, name, suffix, data)
        self._record([rel], f"上传了{PurePosixPath(rel).name}")
        return as_json({"path": rel.removeprefix("content/")})

    def _publish(self, request: Request, session: str) -> Response:
        if self.publish is None:
            return _refused("这个预览没有发布功能。", 404)
        try:
            report = self.publish()
        except BoardError as exc:
            return self._page(
                "publish.html", session, title="发布", failed=exc.problems, report=None
            )
        return self._page("publish.html", session, title="发布", failed=[], report=report)

    def _logout(self, request: Request, session: str) -> Response:
        self.sessions.close(session) if hasattr(self.sessions, "close") else None
        response = redirect(f"{PREFIX}/")
        response.headers.append(("Set-Cookie", f"{SESSION_COOKIE}=; Path={PREFIX}/; Max-Age=0"))
        return response

    # --- files ----------------------------------------------------------------------
    def _rel(self, rel: str, must_exist: bool = True) -> str:
        path = access.confined(self.root, rel)
        if must_exist and not path.is_file():
            raise access.Refused("找不到这个文件，可能已被删除或改名。", "no such file", 404)
        return path.relative_to(self.root.resolve()).as_posix()

    def _static(self, name: str) -> Response:
        if name not in ("editor.js", "editor.css"):
            return _refused("没有这个文件。", 404)
        kind = "text/css" if name.endswith(".css") else "text/javascript"
        return Response(200, (EDITOR_DIR / name).read_bytes(), f"{kind}; charset=utf-8")

    def _draft_file(self, request: Request, session: str) -> Response:
        """The draft site, drawn by the last live check."""
        path = request.path.removeprefix("/draft/")
        if self.drafts is None:
            return _refused("没有草稿预览。", 404)
        base = self.drafts.folder.resolve()
        target = (base / path).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_relative_to(base) or not target.is_file():
            return _refused("草稿预览里没有这个页面。", 404)
        return Response(200, target.read_bytes(), _content_type(target))


def _kind(name: str) -> Kind:
    try:
        return kind_named(name)
    except KeyError:
        raise access.Refused("没有这种内容类型。", "no such kind", 404) from None


def _kind_of(rel: str) -> Kind:
    kind = kind_of_file(rel)
    if kind is None:
        raise access.Refused("这个文件不是可编辑的内容。", "not a content file", 404)
    return kind


def _field_path(dotted: str) -> str:
    """black.1.subject → black[1].subject, the form's and the checker's spelling."""
    return re.sub(r"\.(\d+)(?=\.|$)", r"[\1]", dotted)


def _cookie(session: str) -> str:
    return f"{SESSION_COOKIE}={session}; Path={PREFIX}/; HttpOnly; SameSite=Strict"


def _refused(message: str, status: int) -> Response:
    """A page that says why the editor did not do what was asked."""
    page = TEMPLATES.get_template("message.html").render(message=message, csrf="", title="编辑台")
    return html(page, status)


TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
    ".pdf": "application/pdf",
    ".woff2": "font/woff2",
}


def _content_type(path: Path) -> str:
    return TYPES.get(path.suffix.lower(), "application/octet-stream")
