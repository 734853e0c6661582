"""Where the product's own files live: the theme and the scaffolding for new sites.

Installed from a wheel, the theme is package data (`generator/theme/`); in the source tree
it is the repository's `theme/` folder, beside the package."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
THEME_DIR = next(d for d in (PACKAGE_DIR / "theme", PACKAGE_DIR.parent / "theme") if d.is_dir())
OVERRIDES_DIR = THEME_DIR / "overrides"
PRINT_DIR = THEME_DIR / "print"
SCAFFOLD_DIR = PACKAGE_DIR / "scaffold"
# The editors' guide, whose field tables the editor shows as help (installed as package data).
GUIDE_FILE = next(
    (
        f
        for f in (PACKAGE_DIR / "docs" / "guide.md", PACKAGE_DIR.parent / "docs" / "guide.md")
        if f.is_file()
    ),
    PACKAGE_DIR / "docs" / "guide.md",
)
# Beside a project's content/: what one build keeps for the next (pages, prints). Safe to
# delete; the next build is then a cold one.
CACHE_DIR = ".board-cache"


def cache_folder(root: Path) -> Path:
    """The project's cache folder, made on first use with a .gitignore: nothing in it is
    ever committed (it can always be made again). Raises OSError where it cannot be made."""
    folder = root / CACHE_DIR
    if not folder.is_dir():
        folder.mkdir(parents=True)
        (folder / ".gitignore").write_text("*\n", encoding="utf-8")
    return folder
