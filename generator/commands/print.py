"""`board print`: PDFs of chosen items, boards, or everything current."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..content.loader import load_snapshot
from ..content.sizes import PaperSize
from ..errors import BoardError, Problem, problem
from ..print.documents import board_document, current_documents, find_entry, item_document
from ..print.output import PrintJob, write_pdfs
from ..print.store import PrintStore


@dataclass
class PrintResult:
    files: list[Path]
    problems: list[Problem]


def print_documents(
    root: Path,
    items: list[str],
    *,
    board_id: str | None = None,
    everything: bool = False,
    tile: PaperSize | None = None,
    out: Path | None = None,
    today: str | None = None,
) -> PrintResult:
    root = Path(root).resolve()
    snapshot, _, _ = load_snapshot(root, today)
    docs = current_documents(snapshot) if everything else []
    missing = []
    for ref in items:
        entry = find_entry(snapshot, ref)
        if entry is None:
            missing.append(
                problem(
                    ref,
                    f"找不到要打印的内容“{ref}”（或它尚未公开）。请写内容文件的路径，"
                    "如 content/notices/2026-wenming.md，或网址路径，如 notices/2026-wenming/。",
                    f"nothing to print is called '{ref}' (or it is not public yet): "
                    "give a content file such as content/notices/2026-wenming.md "
                    "or a URL path such as notices/2026-wenming/.",
                )
            )
        else:
            docs.append(item_document(entry, snapshot))
    if board_id is not None:
        spec = snapshot.config.board(board_id)
        if spec is None:
            known = "、".join(b.id for b in snapshot.config.boards) or "（没有）"
            missing.append(
                problem(
                    "site_config.yml",
                    f"没有编号为“{board_id}”的展板。已有：{known}。",
                    f"there is no board '{board_id}'. Boards: "
                    f"{', '.join(b.id for b in snapshot.config.boards) or '(none)'}.",
                    field="boards",
                )
            )
        else:
            docs.append(board_document(spec, snapshot))
    if missing:
        raise BoardError(missing)
    if not docs:
        raise BoardError(
            [
                problem(
                    "board print",
                    "请指定要打印的内容：内容文件、--board 展板编号，或 --all。",
                    "say what to print: content files, --board ID, or --all.",
                )
            ]
        )
    unique = list({d.key: d for d in docs}.values())
    store = PrintStore.of_project(root)
    printed, problems = PrintJob(snapshot, root / "content", unique, tile, store).finish()
    files = write_pdfs(printed, Path(out) if out else root / "print", tile)
    return PrintResult(files, problems)
