"""URLs the site derives from content values rather than file names."""

from __future__ import annotations

from ..content.slugs import slugify


def category_url(name: str) -> str:
    return f"archive/category/{slugify(name)}/"


def tag_url(name: str) -> str:
    return f"archive/tags/{slugify(name)}/"
