"""`board audit`: scan every file a build wrote for personal data that must not be public.

It reads the output, not the model, so it also catches what a theme override or a plugin
might leak: raw mobile and ID numbers, the unmasked names and plates on the black list,
and black-list entries past their retention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..content import lifecycle as life
from ..content.loader import load_snapshot
from ..content.privacy import ID_NUMBER, MOBILE, mask_subject, split_resident
from ..errors import Problem, problem

TEXT_SUFFIXES = {".html", ".xml", ".json", ".txt", ".js", ".css", ".ics", ".csv", ".md", ".svg"}


@dataclass
class AuditResult:
    files: int
    problems: list[Problem]


def audit(root: Path, site_dir: Path, today: str | None = None) -> AuditResult:
    snapshot, _, project = load_snapshot(Path(root), today)
    secrets: dict[str, str] = {}  # raw text → what it is
    gone: list[str] = []  # "masked-subject behavior" of entries past retention
    for honors in project.honors:
        for entry in honors.meta.black:
            if entry.subject_type == "person":
                secrets[split_resident(entry.subject)[1]] = f"black list {honors.source.shown}"
            elif entry.subject_type == "vehicle":
                secrets[entry.subject.strip()] = f"black list {honors.source.shown}"
            if not life.black_visible(entry, snapshot.today, project.config.privacy):
                gone.append(f"{mask_subject(entry.subject, entry.subject_type)} {entry.behavior}")
    own = _own_numbers(project.config.community.phone)
    found, count = [], 0
    for path in sorted(Path(site_dir).rglob("*")):
        if not path.is_file():
            continue
        text = read_output(path)
        if text is None:
            continue
        count += 1
        shown = path.relative_to(site_dir).as_posix()
        found += _scan(shown, text, secrets, gone, own)
    return AuditResult(count, found)


def _own_numbers(phone: str | None) -> frozenset[str]:
    """The community's own mobiles (a duty phone in site_config.yml's community.phone),
    shown on every page on purpose so residents can call them."""
    return frozenset("".join(m.group(1, 3, 4)) for m in MOBILE.finditer(phone or ""))


def read_output(path: Path) -> str | None:
    """The text of an output file, or None for images and other binary files."""
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    if path.suffix not in TEXT_SUFFIXES:
        return None
    return path.read_text(encoding="utf-8", errors="ignore").replace("\u200b", "")


def _scan(
    shown: str, text: str, secrets: dict[str, str], gone: list[str], own: frozenset[str]
) -> list[Problem]:
    found = []
    for match in MOBILE.finditer(text):
        if "".join(match.group(1, 3, 4)) in own:
            continue
        found.append(
            problem(
                shown,
                f"含未遮蔽的手机号 {match[0][:3]}…",
                "an unmasked mobile number",
                line=text.count("\n", 0, match.start()) + 1,
            )
        )
    for match in ID_NUMBER.finditer(text):
        found.append(
            problem(
                shown,
                "含未遮蔽的身份证号",
                "an unmasked ID number",
                line=text.count("\n", 0, match.start()) + 1,
            )
        )
    for secret, where in secrets.items():
        if len(secret) > 1 and secret in text:
            found.append(
                problem(
                    shown,
                    f"含黑榜上的完整姓名或车牌（{where}）",
                    f"a full black-list name or plate ({where})",
                )
            )
    plain = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))
    for signature in gone:
        if signature in plain:
            found.append(
                problem(
                    shown,
                    f"含已过保留期的黑榜条目：{signature}",
                    f"a black-list entry past retention: {signature}",
                )
            )
    return found
