"""JSON files that people read as well as programs (the API's `current.json`, JSON Feed)."""

from __future__ import annotations

from pydantic_core import to_json


def readable_json(document: object) -> bytes:
    """`document` indented by two spaces, UTF-8, with a final newline: the bytes
    `json.dumps(document, ensure_ascii=False, indent=2)` gives, written by pydantic's
    encoder, which is several times faster (the API lists thousands of items and is
    written again after every edit of a current item)."""
    return to_json(document, indent=2) + b"\n"
