"""Where the product's own files live (theme, scaffolding) next to the package."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
THEME_DIR = PACKAGE_DIR.parent / "theme"
OVERRIDES_DIR = THEME_DIR / "overrides"
PRINT_DIR = THEME_DIR / "print"
SCAFFOLD_DIR = PACKAGE_DIR / "scaffold"
