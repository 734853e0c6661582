"""One small exception hierarchy; every problem names file, line, field, cause and fix."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, in Chinese for the editor and in English."""

    file: str
    line: int | None
    field: str | None
    zh: str
    en: str
    level: Level = "error"
    column: int | None = None
    # How the field reads in each language where its path has a list position:
    # applicants[0].summary → 第1位申报对象的简要事迹 / applicant 1 › summary.
    field_zh: str | None = None
    field_en: str | None = None

    def sort_key(self) -> tuple:
        """File, then line and column (unknown first), then field: the order editors fix in."""
        return (self.file, self.line or 0, self.column or 0, self.field or "", self.zh)

    def __lt__(self, other: Problem) -> bool:
        return self.sort_key() < other.sort_key()

    def where(self) -> str:
        place = self.file
        if self.line:
            place += f":{self.line}"
            if self.column:
                place += f":{self.column}"
        return place

    def format(self, lang: str = "zh") -> str:
        """The message as the editor reads it: location, field, cause and fix."""
        label = {"error": "错误", "warning": "警告"}[self.level]
        zh_field = f"字段 {self.field_zh or self.field}：" if self.field else ""
        en_field = f"field {self.field_en or self.field}: " if self.field else ""
        zh = f"{label} {self.where()}: {zh_field}{self.zh}"
        en = f"{self.level} {self.where()}: {en_field}{self.en}"
        if lang == "en":
            return en
        return f"{zh}\n    {en}"

    def as_dict(self) -> dict:
        return {
            "level": self.level,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "field_zh": self.field_zh,
            "field_en": self.field_en,
            "zh": self.zh,
            "en": self.en,
        }


class BoardError(Exception):
    """Content or configuration cannot be built; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


def problem(
    file: str,
    zh: str,
    en: str,
    *,
    line: int | None = None,
    field: str | None = None,
    level: Level = "error",
    column: int | None = None,
    labels: tuple[str | None, str | None] = (None, None),
) -> Problem:
    """Shorthand used by loaders and checks; `labels` are the field's readable names."""
    return Problem(file, line, field, zh, en, level, column, *labels)
