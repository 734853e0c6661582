"""The little of HTTP the editor needs, over WSGI: a request read once, a response."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from http import HTTPStatus
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, quote

MAX_FORM = 4 * 1024 * 1024  # a notice with a long table is far below this
MAX_UPLOAD = 12 * 1024 * 1024  # the upload check refuses above its own limit with a message


@dataclass
class Request:
    method: str
    path: str  # after /_edit
    query: dict[str, str]
    headers: dict[str, str]  # lower-case names
    cookies: dict[str, str]
    body: bytes = b""
    form: dict[str, str] = field(default_factory=dict)


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)

    def start(self, start_response) -> list[bytes]:
        phrase = HTTPStatus(self.status).phrase
        headers = [
            ("Content-Type", self.content_type),
            ("Content-Length", str(len(self.body))),
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "same-origin"),
            *self.headers,
        ]
        start_response(f"{self.status} {phrase}", headers)
        return [self.body]


class TooLarge(Exception):
    pass


def read_request(environ: dict, prefix: str) -> Request:
    """The request below `prefix`; a form body is parsed, anything else kept as bytes."""
    path = environ.get("PATH_INFO", "")
    # WSGI hands the path as latin-1 decoded bytes; Chinese file names need UTF-8.
    path = path.encode("latin-1").decode("utf-8", "replace")
    headers = {
        key[5:].replace("_", "-").lower(): value
        for key, value in environ.items()
        if key.startswith("HTTP_")
    }
    headers["content-type"] = environ.get("CONTENT_TYPE", "")
    cookies = {k: m.value for k, m in SimpleCookie(headers.get("cookie", "")).items()}
    length = int(environ.get("CONTENT_LENGTH") or 0)
    limit = MAX_UPLOAD if headers["content-type"].startswith("application/octet") else MAX_FORM
    if length > limit:
        raise TooLarge
    body = environ["wsgi.input"].read(length) if length else b""
    request = Request(
        method=environ.get("REQUEST_METHOD", "GET"),
        path=path.removeprefix(prefix) or "/",
        query=dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)),
        headers=headers,
        cookies=cookies,
        body=body,
    )
    if headers["content-type"].startswith("application/x-www-form-urlencoded"):
        request.form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    return request


def html(text: str, status: int = 200) -> Response:
    return Response(status, text.encode("utf-8"))


def as_json(data: object, status: int = 200) -> Response:
    body = json.dumps(data, ensure_ascii=False, default=str).encode("utf-8")
    return Response(status, body, "application/json; charset=utf-8")


def redirect(location: str) -> Response:
    return Response(303, b"", headers=[("Location", location)])


def item_link(prefix: str, rel: str) -> str:
    return f"{prefix}/item?f={quote(rel)}"
