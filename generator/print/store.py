"""Prints kept between builds, by what they show: the next `board build` (or `board print`)
reuses a PDF whose document has not changed instead of laying it out again.

A print's key is a hash of its HTML at the starting size (which holds the content, the
date-dependent statuses, the templates and the CSS), its size and tiling, and the print
engine's code and WeasyPrint's version. The store is a folder of files named by key:
`<key>.json` (what is not bytes), `<key>.pdf`, `<key>.html` and `<key>-tiles.pdf`. JSON
only: reading the store can never run code; a damaged entry is simply printed again."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from ..errors import Problem
from ..fingerprint import code_fingerprint
from ..paths import CACHE_DIR, PRINT_DIR
from .documents import PrintDoc
from .engine import Printed

FORMAT = 1
FOLDER = "prints"  # under the project's cache folder
_ENGINE = Path(__file__).resolve().parent


def engine_salt() -> str:
    """What every print depends on besides its HTML: this package's code and the
    libraries that lay out and assemble the PDF."""
    return code_fingerprint(str(FORMAT), (_ENGINE, PRINT_DIR), ("weasyprint", "pypdf"))


class PrintStore:
    """Prints by key, in memory and (when given a folder) on disk."""

    LIMIT = 500  # in memory; a long-running preview keeps at most this many

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self.memory: dict[str, Printed] = {}
        self.used: set[str] = set()

    @classmethod
    def of_project(cls, root: Path) -> PrintStore:
        """The store kept beside the project's content/ between builds."""
        return cls(root / CACHE_DIR / FOLDER)

    def get(self, key: str, doc: PrintDoc) -> Printed | None:
        """The print of `doc` made before under `key`, if any."""
        found = self.memory.get(key) or self._read(key, doc)
        if found is not None:
            self.used.add(key)
            self.memory[key] = found
        return found

    def put(self, key: str, printed: Printed) -> None:
        if len(self.memory) >= self.LIMIT:
            self.memory.clear()
        self.memory[key] = printed
        self.used.add(key)
        self._write(key, printed)

    def prune(self) -> None:
        """Forget every stored print this run did not use: the store holds what the
        site shows now, not every version ever printed."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.name.split(".")[0].removesuffix("-tiles") not in self.used:
                path.unlink(missing_ok=True)

    def _read(self, key: str, doc: PrintDoc) -> Printed | None:
        if self.folder is None:
            return None
        base = self.folder / key
        try:
            meta = json.loads((base.with_suffix(".json")).read_text(encoding="utf-8"))
            pdf = base.with_suffix(".pdf").read_bytes()
            html = base.with_suffix(".html").read_text(encoding="utf-8")
            tiled_path = self.folder / f"{key}-tiles.pdf"
            tiled = tiled_path.read_bytes() if meta["tiled"] else None
            dropped = tuple(e for e in doc.entries if e.url in set(meta["dropped"]))
            warnings = [Problem(**w) for w in meta["warnings"]]
            return Printed(
                doc,
                html,
                pdf,
                float(meta["font_pt"]),
                int(meta["page_count"]),
                dropped,
                tiled,
                warnings,
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _write(self, key: str, printed: Printed) -> None:
        if self.folder is None:
            return
        meta = {
            "format": FORMAT,
            "font_pt": printed.font_pt,
            "page_count": printed.pages,
            "dropped": [e.url for e in printed.dropped],
            "tiled": printed.tiled is not None,
            "warnings": [asdict(w) for w in printed.warnings],
        }
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            base = self.folder / key
            _replace(base.with_suffix(".pdf"), printed.pdf)
            _replace(base.with_suffix(".html"), printed.html.encode("utf-8"))
            if printed.tiled is not None:
                _replace(self.folder / f"{key}-tiles.pdf", printed.tiled)
            # The metadata last: an entry without it is never read.
            _replace(base.with_suffix(".json"), json.dumps(meta, ensure_ascii=False).encode())
        except OSError:
            pass  # a read-only project prints again next time


def _replace(path: Path, data: bytes) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
