"""A print's key: a hash of everything it is drawn from, so that a print is reused only
while nothing it shows has changed, and deciding so lays nothing out.

The key holds the code, templates and libraries that draw prints (`engine_salt`); the
site's configuration (community name, address and telephone, the site's address the QR
codes point to, privacy and print settings) and the fonts it resolves to; the document
(its entries with their statuses and badges at the build moment, its size, board and
sheet); and whatever of the snapshot its templates read (a board's 更新 date). The files
a print embeds (pictures, seals) are known only once it is laid out: the engine records
each one it fetched with the digest of its bytes, and a stored print is reused only while
they are all unchanged (`ContentFiles.unchanged`)."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import jinja2
from jinja2 import meta, nodes

from ..content.config import Fonts
from ..content.sizes import PaperSize
from ..content.snapshot import Snapshot
from ..fingerprint import Digests, code_fingerprint
from ..paths import PRINT_DIR
from .documents import PrintDoc
from .store import FORMAT

_PACKAGE = Path(__file__).resolve().parents[1]
# The code that draws a print: this package, the shared Markdown, sanitising, filters and
# QR codes, and the content model's dates and labels; with the print templates and CSS.
_CODE = (_PACKAGE / "print", _PACKAGE / "render", _PACKAGE / "content", PRINT_DIR)
# What writes the HTML, turns it into PDF bytes (WeasyPrint and what it parses, lays out,
# draws and writes with) and cuts tiles.
_LIBRARIES = (
    "jinja2",
    "markupsafe",
    "markdown",
    "pymdown-extensions",
    "nh3",
    "segno",
    "weasyprint",
    "pydyf",
    "fonttools",
    "pillow",
    "tinycss2",
    "cssselect2",
    "tinyhtml5",
    "pyphen",
    "pypdf",
)
TILES = "tiles.html"  # the marks laid over a board's tiles


def engine_salt() -> str:
    """What every print depends on besides its inputs: the code, templates and libraries
    that draw it."""
    return code_fingerprint(str(FORMAT), _CODE, _LIBRARIES)


class PrintKeys:
    """The keys of the documents of one snapshot."""

    def __init__(self, snapshot: Snapshot, fonts: Fonts) -> None:
        self.snapshot = snapshot
        self.digests = Digests()
        shared = f"{engine_salt()}|{snapshot.config!r}|{fonts!r}"
        self.shared = hashlib.sha256(shared.encode()).digest()
        self.env = template_env()
        self._snapshot_parts: dict[str, bytes] = {}

    def key(self, doc: PrintDoc, sheet: PaperSize | None) -> str:
        """`doc`'s key when printed, tiled onto `sheet` if given."""
        digest = hashlib.sha256(self.shared)
        digest.update(self.digests.of((doc, sheet)))
        digest.update(self._snapshot_part(doc.layout))
        return digest.hexdigest()

    def _snapshot_part(self, layout: str) -> bytes:
        """What the templates of `layout` (and the tile marks) read of the snapshot
        besides the configuration: all of it when they read it other than by name."""
        if layout not in self._snapshot_parts:
            read = snapshot_reads(self.env, (layout, TILES))
            shown = (
                self.snapshot
                if read is None
                else [(name, getattr(self.snapshot, name)) for name in sorted(read)]
            )
            self._snapshot_parts[layout] = self.digests.of(shown)
        return self._snapshot_parts[layout]


def template_env() -> jinja2.Environment:
    """The print templates, as the engine renders them and the keys read them."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(PRINT_DIR),
        autoescape=True,
        extensions=["jinja2.ext.do"],
        trim_blocks=True,
        lstrip_blocks=True,
    )


def snapshot_reads(env: jinja2.Environment, names: tuple[str, ...]) -> set[str] | None:
    """The attributes of `snapshot` that the templates `names`, and those they extend,
    import or include, read (`snapshot.today` → "today"); None when one of them uses the
    snapshot other than by attribute, or names a template only known when rendering."""
    read: set[str] = set()
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if env.loader is None:
            return None
        found, referenced = _reads_of(env, env.loader.get_source(env, name)[0])
        if found is None or None in referenced:
            return None
        read |= found
        todo += [n for n in referenced if n is not None]
    return read


@functools.lru_cache(maxsize=64)
def _reads_of(
    env: jinja2.Environment, source: str
) -> tuple[frozenset[str] | None, tuple[str | None, ...]]:
    """What one template's `source` reads of the snapshot (see `snapshot_reads`), and
    the templates it names; parsed once per build, whichever layouts share it."""
    tree = env.parse(source)
    referenced = tuple(meta.find_referenced_templates(tree))
    by_attribute = [
        n.attr
        for n in tree.find_all(nodes.Getattr)
        if isinstance(n.node, nodes.Name) and n.node.name == "snapshot"
    ]
    uses = sum(1 for n in tree.find_all(nodes.Name) if n.name == "snapshot")
    return (None if uses > len(by_attribute) else frozenset(by_attribute)), referenced


class ContentFiles:
    """The files under content/ that prints embed, and digests of their bytes, each
    taken once per build."""

    def __init__(self, content_dir: Path) -> None:
        self.content_dir = Path(content_dir).resolve()
        self._digests: dict[str, str | None] = {}

    def path(self, relative: str) -> Path | None:
        """The file at `relative` under content/, if there is one and it stays inside."""
        file = (self.content_dir / relative).resolve()
        if file.is_relative_to(self.content_dir) and file.is_file():
            return file
        return None

    def digest(self, relative: str) -> str | None:
        """The digest of the bytes of the file at `relative`; None when there is none."""
        if relative not in self._digests:
            file = self.path(relative)
            self._digests[relative] = None if file is None else _file_digest(file)
        return self._digests[relative]

    def unchanged(self, files: dict[str, str | None]) -> bool:
        """Whether every file a print embedded (`Printed.files`) is as it was."""
        return all(self.digest(path) == digest for path, digest in files.items())


def _file_digest(file: Path) -> str | None:
    try:
        with file.open("rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError:
        return None
