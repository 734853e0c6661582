"""Talking to the editor's web application in the test process, as a browser would over
HTTP: requests with cookies, forms with their CSRF token, answers with status and text."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from generator.editor.app import EditorApp


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    text: str

    def json(self):
        import json

        return json.loads(self.text)


@dataclass
class Client:
    app: EditorApp
    host: str = "127.0.0.1:8000"
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self, method: str, url: str, body: bytes = b"", content_type: str = "", headers=None
    ) -> Answer:
        parts = urlsplit(url)
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": parts.path.encode("utf-8").decode("latin-1"),
            "QUERY_STRING": parts.query,
            "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": content_type,
            "HTTP_HOST": self.host,
            "wsgi.input": io.BytesIO(body),
        }
        if self.cookies:
            environ["HTTP_COOKIE"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for name, value in (headers or {}).items():
            environ["HTTP_" + name.upper().replace("-", "_")] = value
        seen: dict = {}

        def start_response(status, response_headers):
            seen["status"] = int(status.split()[0])
            seen["headers"] = response_headers

        chunks = self.app(environ, start_response)
        headers_out: dict[str, str] = {}
        for name, value in seen["headers"]:
            headers_out[name.lower()] = value
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";")[0]
        return Answer(seen["status"], headers_out, b"".join(chunks).decode("utf-8"))

    def get(self, url: str) -> Answer:
        return self.request("GET", url)

    def post(self, url: str, form: dict, csrf: bool = True) -> Answer:
        data = dict(form)
        if csrf:
            data.setdefault("_csrf", self.csrf())
        body = urlencode(data).encode("utf-8")
        return self.request("POST", url, body, "application/x-www-form-urlencoded")

    def csrf(self) -> str:
        page = self.get("/_edit/").text
        match = re.search(r'data-csrf="([^"]+)"', page)
        assert match, page[:500]
        return match[1]


def form_inputs(page: str) -> dict[str, str]:
    """The named values a form on `page` would post (text inputs, selected options,
    checked boxes, textareas), as a browser fills them; row templates left out."""
    page = re.sub(r"<template.*?</template>", "", page, flags=re.S)
    values: dict[str, str] = {}
    for tag in re.findall(r"<input\b[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        if not name:
            continue
        kind = re.search(r'type="([^"]+)"', tag)
        kind_name = kind[1] if kind else "text"
        value = re.search(r'value="([^"]*)"', tag)
        if kind_name in ("checkbox", "radio") and "checked" not in tag:
            continue
        values[unescape(name[1])] = unescape(value[1]) if value else ""
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        values[unescape(name)] = unescape(text)
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', options)
        values[unescape(name)] = unescape(chosen[1]) if chosen else ""
    return values


def editor_for(root: Path, **options) -> Client:
    return Client(EditorApp(root, today="2026-11-21", **options))
