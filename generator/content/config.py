"""The schema of `site_config.yml`."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Discriminator, Field, PositiveInt, Tag, field_validator, model_validator

from .fields import DateValue, Extra, Flag, SizeValue, Text, board_error
from .kinds import SECTION_FOLDERS
from .schema import Schema
from .workdays import Supplement

# A board's `shows:` names sections by their folder; the registry says which exist.
SectionName = Literal.__getitem__(SECTION_FOLDERS)


class SiteInfo(Schema):
    name: Text = Field(description="网站名称 / site name")
    url: Text = Field("http://localhost:8000/", description="网站地址 / public URL")
    language: Literal["zh-CN", "en"] = Field("zh-CN", description="界面语言 / language")
    timezone: Text = Field("Asia/Shanghai", description="时区 / time zone")
    description: Text | None = Field(None, description="网站简介 / description")

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/]+", value):
            raise board_error(
                f"网站地址“{value}”应以 http:// 或 https:// 开头。",
                f"the URL '{value}' must start with http:// or https://.",
            )
        return value if value.endswith("/") else value + "/"

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise board_error(
                f"不认识的时区“{value}”，请写 Asia/Shanghai 这样的时区名。",
                f"unknown time zone '{value}': use a name like Asia/Shanghai.",
            ) from None
        return value


class Community(Schema):
    name: Text = Field(description="社区名称 / community name")
    address: Text | None = Field(None, description="地址 / address")
    phone: Text | None = Field(None, description="电话 / phone")
    hours: Text | None = Field(None, description="办公时间 / office hours")


class Board(Schema):
    id: Text = Field(description="展板编号 / board id")
    name: Text = Field(description="展板名称 / board name")
    title: Text | None = Field(
        None, description="展板上的标题 / the headline on the board (default: 公告栏)"
    )
    size: SizeValue = Field(description="展板尺寸 / board size")
    tile: SizeValue | None = Field(None, description="拼贴纸张 / tile sheets")
    shows: list[SectionName] | None = Field(  # type: ignore[valid-type]
        None, description="展示内容 / what it shows"
    )

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not re.match(r"^[A-Za-z0-9][A-Za-z0-9_-]*$", value):
            raise board_error(
                f"展板编号“{value}”只能用英文字母、数字、- 和 _，如 east-window。",
                f"the board id '{value}' may use only letters, digits, - and _.",
            )
        return value


class Privacy(Schema):
    black_retention_days: PositiveInt = Field(90, description="黑榜保留天数 / black list days")
    rectified_retention_days: PositiveInt = Field(
        30, description="整改后保留天数 / days kept after rectification"
    )


class Fonts(Schema):
    heading: Text = Field("Noto Serif CJK SC", description="标题字体 / heading font")
    body: Text | None = Field(
        None,
        description="正文字体（默认：已安装的仿宋，否则 Noto Serif CJK SC）/ body font "
        "(default: an installed FangSong, else Noto Serif CJK SC)",
    )


class PrintSettings(Schema):
    enabled: Flag = Field(True, description="构建时生成打印版 / write site/print/")
    recent_days: PositiveInt = Field(
        60, description="打印最近多少天发布的公告 / print announcements of the last N days"
    )
    fonts: Fonts = Field(default_factory=Fonts, description="打印字体 / print fonts")


class CalendarSupplement(Schema):
    holidays: list[DateValue] = Field(default_factory=list, description="放假日期 / holidays")
    workdays: list[DateValue] = Field(
        default_factory=list, description="调休上班日期 / make-up working days"
    )


class FolderTarget(Schema):
    type: Literal["folder"] = Field(description="发布方式 / target type")
    name: Text | None = Field(None, description="名称 / name in the report")
    path: Text = Field(
        description="网站服务器读取的文件夹 / folder the web server serves",
        examples=["path: /srv/www/board"],
    )


class RsyncTarget(Schema):
    type: Literal["rsync"] = Field(description="发布方式 / target type")
    name: Text | None = Field(None, description="名称 / name in the report")
    destination: Text = Field(
        description="上传到 / destination",
        examples=['destination: "user@host:/srv/www/board"'],
    )
    options: list[Text] = Field(
        default_factory=list, description="rsync 的其他参数 / extra rsync options"
    )


class RcloneTarget(Schema):
    type: Literal["rclone"] = Field(description="发布方式 / target type")
    name: Text | None = Field(None, description="名称 / name in the report")
    remote: Text = Field(
        description="rclone 远端 / rclone remote",
        examples=['remote: "oss:bucket/board"'],
    )


def _target_type(value: Any) -> str | None:
    return value.get("type") if isinstance(value, dict) else getattr(value, "type", None)


# Each target of `publish:` is read by the schema its `type` names.
PublishTarget = Annotated[
    Annotated[FolderTarget, Tag("folder")]
    | Annotated[RsyncTarget, Tag("rsync")]
    | Annotated[RcloneTarget, Tag("rclone")],
    Discriminator(
        _target_type,
        custom_error_type="board",
        custom_error_message="{en}",
        custom_error_context={
            "zh": "发布方式 type 只能是 folder（本机文件夹）、rsync（经 SSH 上传到服务器）"
            "或 rclone（对象存储等），如 type: folder。",
            "en": "a publish target's type must be folder, rsync or rclone, e.g. type: folder.",
            "field": "type",
        },
    ),
]


class Edit(Schema):
    password: Text | None = Field(
        None,
        description="编辑台密码的散列（board password 生成）/ editor password hash "
        "(made by board password)",
        examples=['password: "scrypt$16384$8$1$…"'],
    )

    @field_validator("password")
    @classmethod
    def _hashed(cls, value: str | None) -> str | None:
        # The value is never repeated in the message: it may be someone's real password.
        if value is not None and not _SCRYPT_HASH.match(value):
            raise board_error(
                "这里要填 board password 生成的一串 scrypt$…，不能直接写密码。"
                "请运行 board password，把它打印的两行复制到 site_config.yml。",
                "this must be the scrypt$… hash that board password prints, never the "
                "password itself: run board password and paste the lines it prints.",
            )
        return value


# What `board password` writes: scrypt$<n>$<r>$<p>$<salt>$<hash>, base64 parts.
_SCRYPT_HASH = re.compile(r"^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$")


class SiteConfig(Schema):
    site: SiteInfo = Field(description="网站 / site")
    community: Community = Field(description="社区 / community")
    categories: list[Text] = Field(min_length=1, description="分类 / categories")
    boards: list[Board] = Field(default_factory=list, description="展板 / boards")
    privacy: Privacy = Field(default_factory=Privacy, description="隐私 / privacy")
    print: PrintSettings = Field(default_factory=PrintSettings, description="打印 / print")
    calendar: CalendarSupplement = Field(
        default_factory=CalendarSupplement, description="补充节假日 / extra holiday schedule"
    )
    edit: Edit = Field(default_factory=Edit, description="编辑台 / browser editor")
    mkdocs: dict[str, Any] = Field(
        default_factory=dict, description="传给 MkDocs 的设置 / MkDocs settings"
    )
    publish: list[PublishTarget] = Field(
        default_factory=list, description="发布目标 / where board publish copies the site"
    )
    extra: Extra

    @model_validator(mode="after")
    def _unique(self) -> SiteConfig:
        for label, values in (
            ("categories", self.categories),
            ("boards.id", [b.id for b in self.boards]),
        ):
            seen = {v for v in values if values.count(v) > 1}
            if seen:
                twice = "、".join(sorted(seen))
                raise board_error(
                    f"{label} 里有重复：{twice}。每项只能出现一次。",
                    f"{label} has duplicates: {twice}. Each must be unique.",
                )
        return self

    @property
    def supplement(self) -> Supplement:
        return Supplement(frozenset(self.calendar.holidays), frozenset(self.calendar.workdays))

    def board(self, board_id: str) -> Board | None:
        return next((b for b in self.boards if b.id == board_id), None)
