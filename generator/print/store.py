"""Prints kept between builds, by what they show: the next `board build` (or `board print`)
reuses a PDF whose document has not changed instead of laying it out again.

A print's key (print/keys.py) is a hash of everything it is drawn from; the files under
content/ it embeds are checked against the digests recorded when it was printed. The
store is a folder of files named by key: `<key>.json` (what is not bytes), `<key>.pdf`,
`<key>.html` and `<key>-tiles.pdf`. JSON only: reading the store can never run code; a
damaged entry is simply printed again."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..content.snapshot import Entry
from ..errors import Problem
from ..paths import CACHE_DIR
from .documents import PrintDoc

FORMAT = 2
FOLDER = "prints"  # under the project's cache folder


@dataclass
class Printed:
    """A document as printed: what the site writes and the store keeps."""

    doc: PrintDoc
    html: str
    pdf: bytes
    font_pt: float
    pages: int
    dropped: tuple[Entry, ...] = ()
    tiled: bytes | None = None
    warnings: list[Problem] = field(default_factory=list)
    # The files under content/ the print embeds (pictures, seals), by path under content/,
    # with the digest of their bytes when printed (None: not there, so not shown).
    files: dict[str, str | None] = field(default_factory=dict)
    # The store's copy of its files (their path without the suffix), which the site's
    # print folder links to instead of writing the same bytes again.
    stored: Path | None = field(default=None, compare=False, repr=False)

    def stored_file(self, suffix: str) -> Path | None:
        """The store's copy of its PDF (".pdf"), tiles ("-tiles.pdf") or HTML (".html")."""
        return None if self.stored is None else self.stored.with_name(self.stored.name + suffix)


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
        printed.stored = self._write(key, printed)

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
            if meta["format"] != FORMAT:
                return None
            pdf = base.with_suffix(".pdf").read_bytes()
            html = base.with_suffix(".html").read_text(encoding="utf-8")
            tiled_path = self.folder / f"{key}-tiles.pdf"
            tiled = tiled_path.read_bytes() if meta["tiled"] else None
            dropped = tuple(e for e in doc.entries if e.url in set(meta["dropped"]))
            warnings = [Problem(**w) for w in meta["warnings"]]
            files = meta["files"]
            if not all(isinstance(v, str | None) for v in files.values()):
                raise TypeError("not a table of file digests")
            return Printed(
                doc,
                html,
                pdf,
                float(meta["font_pt"]),
                int(meta["page_count"]),
                dropped,
                tiled,
                warnings,
                {str(path): digest for path, digest in files.items()},
                base,
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def _write(self, key: str, printed: Printed) -> Path | None:
        """Where the print's files now are (their path without the suffix), if stored."""
        if self.folder is None:
            return None
        meta = {
            "format": FORMAT,
            "font_pt": printed.font_pt,
            "page_count": printed.pages,
            "dropped": [e.url for e in printed.dropped],
            "tiled": printed.tiled is not None,
            "warnings": [asdict(w) for w in printed.warnings],
            "files": printed.files,
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
            return None  # a read-only project prints again next time
        return base


def _replace(path: Path, data: bytes) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
