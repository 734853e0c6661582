"""The MkDocs configuration a site project gets, derived from site_config.yml.

Editors never write mkdocs.yml; what a site wants to change goes under `mkdocs:` in
site_config.yml and is merged over these defaults.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jieba
from markupsafe import escape

from ..content.config import SiteConfig
from ..content.kinds import SECTIONS
from ..paths import OVERRIDES_DIR
from ..render.markdown import markdown_extensions
from .plan import ARCHIVE_TITLE, section_source
from .search import SEARCH_SEPARATOR, search_fields

# Material segments Chinese with jieba; its progress chatter is not for editors.
jieba.setLogLevel(logging.WARNING)


def mkdocs_settings(
    config: SiteConfig,
    root: Path,
    site_dir: Path,
    pages: Sequence[tuple[str, str]] = (),
    inputs: object = None,
    docs_dir: Path | None = None,
) -> dict[str, Any]:
    """Everything MkDocs needs, with the site's own `mkdocs:` settings merged over it.
    MkDocs reads its files from `docs_dir` (content/ unless given)."""
    language = "zh" if config.site.language == "zh-CN" else "en"
    # A site's own custom_dir (under `mkdocs: theme:`) is layered over the board's
    # templates by the plugin; without one, the board's templates are the custom_dir.
    settings: dict[str, Any] = {
        "site_name": str(escape(config.site.name)),
        "site_url": config.site.url,
        "site_description": config.site.description or f"{config.community.name}公告栏",
        "docs_dir": str(docs_dir or root / "content"),
        "site_dir": str(site_dir),
        "use_directory_urls": True,
        "theme": {
            "name": "material",
            "custom_dir": str(OVERRIDES_DIR),
            "language": language,
            # No web fonts: the site must work offline and on closed networks.
            "font": False,
            "features": ["navigation.tabs", "navigation.top", "search.highlight"],
            "palette": {"scheme": "default", "primary": "red", "accent": "deep orange"},
        },
        "plugins": [
            {"search": {"separator": SEARCH_SEPARATOR, "fields": search_fields()}},
            {"board": {"inputs": inputs}},
        ],
        "markdown_extensions": markdown_extensions(web=True),
        "nav": _nav(pages),
        "validation": {
            "nav": {"omitted_files": "ignore", "not_found": "warn"},
            "links": {
                "not_found": "warn",
                "anchors": "ignore",
                "unrecognized_links": "ignore",
                "absolute_links": "ignore",
            },
        },
        "extra": {"generator": False},
    }
    return _merged(settings, config.mkdocs)


def _nav(pages: Sequence[tuple[str, str]]) -> list[dict[str, str]]:
    """Sections, the archive and the free pages (社区简介 …); items stay out of the nav."""
    nav = [{"首页": "_board/index.md"}]
    nav += [{kind.zh: section_source(kind)} for kind in SECTIONS]
    nav.append({ARCHIVE_TITLE: "_board/archive/index.md"})
    nav += [{str(escape(title)): src_uri} for title, src_uri in pages]
    return nav


def _merged(base: dict, extra: dict) -> dict:
    """Mappings merge key by key; lists (plugins, extra_css …) are extended."""
    result = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = _merged(result[key], value)
        elif isinstance(value, list) and isinstance(result.get(key), list):
            result[key] = result[key] + [v for v in value if v not in result[key]]
        else:
            result[key] = value
    return result
