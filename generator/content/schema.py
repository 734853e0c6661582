"""One schema per content type; every field has a default or is required, and its
description is what error messages call it."""

from __future__ import annotations

import functools
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, field_validator, model_validator

from .dates import period_from_text
from .fields import AssetPath, DateValue, Extra, Flag, SizeValue, Tags, Text, WhenValue, board_error


class Schema(BaseModel):
    model_config = ConfigDict(
        extra="forbid", coerce_numbers_to_str=True, frozen=True, arbitrary_types_allowed=True
    )


# Chinese aliases of the common keys, accepted at the top of every content file.
ALIASES = {
    "标题": "title",
    "日期": "date",
    "截止": "expires",
    "分类": "category",
    "发布单位": "publisher",
    "置顶": "pinned",
    "紧急": "urgent",
    "标签": "tags",
}


class Event(Schema):
    start: WhenValue = Field(
        description="活动开始时间 / event start", examples=["start: 2026-11-25 09:00"]
    )
    end: WhenValue | None = Field(None, description="活动结束时间 / event end")
    location: Text | None = Field(None, description="活动地点 / location")

    @model_validator(mode="after")
    def _ordered(self) -> Event:
        if self.end is not None and self.end.end < self.start.start:
            raise board_error(
                "活动结束时间早于开始时间，请检查 start 和 end。",
                "the event ends before it starts: check start and end.",
                "end",
            )
        return self


class Announcement(Schema):
    title: Text = Field(description="标题 / headline", examples=["title: 关于白沙路停水的通知"])
    date: WhenValue = Field(description="发布日期 / publish date", examples=["date: 2026-11-21"])
    expires: WhenValue | None = Field(None, description="截止日期 / expiry date")
    category: Text = Field(description="分类 / category", examples=["category: 通知"])
    publisher: Text | None = Field(None, description="发布单位 / publisher")
    pinned: Flag = Field(False, description="置顶 / pinned")
    urgent: Flag = Field(False, description="紧急 / urgent")
    tags: Tags = Field(default_factory=list, description="标签 / tags")
    event: Event | None = Field(None, description="活动 / event")
    attachments: list[AssetPath] = Field(default_factory=list, description="附件 / attachments")
    cover: AssetPath | None = Field(None, description="封面图片 / cover image")
    extra: Extra

    @model_validator(mode="after")
    def _expiry_after_date(self) -> Announcement:
        if self.expires is not None and self.expires.end < self.date.start:
            raise board_error(
                f"截止日期 {self.expires} 早于发布日期 {self.date}。请把 expires 改到发布日期之后。",
                f"expires {self.expires} is before date {self.date}: move expires after it.",
                "expires",
            )
        return self


class Column(Schema):
    title: Text = Field(description="栏目名称 / column title", examples=["title: 健康教育宣传栏"])
    cadence_days: PositiveInt = Field(
        description="更换周期（天） / replace every N days", examples=["cadence_days: 60"]
    )
    min_issues_per_year: PositiveInt | None = Field(
        None, description="每年至少期数 / issues a year"
    )
    board: Text | None = Field(None, description="展板编号 / board id")
    size: SizeValue | None = Field(None, description="打印尺寸 / print size")
    description: Text | None = Field(None, description="栏目介绍 / description")
    extra: Extra


class ColumnIssue(Schema):
    issue: PositiveInt = Field(description="期号 / issue number", examples=["issue: 1"])
    date: DateValue = Field(description="上栏日期 / date it goes up", examples=["date: 2026-11-21"])
    title: Text = Field(description="本期主题 / theme of the issue", examples=["title: 冬季防流感"])
    cover: AssetPath | None = Field(None, description="封面图片 / cover image")
    extra: Extra


class RedEntry(Schema):
    name: Text = Field(description="名称 / name", examples=["name: 李建国家庭"])
    kind: Text = Field(description="类别 / kind", examples=["kind: 文明家庭"])
    reason: Text | None = Field(None, description="事迹 / reason")
    photo: AssetPath | None = Field(None, description="照片 / photo")
    extra: Extra


class BlackEntry(Schema):
    subject: Text = Field(description="对象 / subject", examples=["subject: 3栋住户张某某"])
    subject_type: Literal["person", "shop", "unit", "vehicle"] = Field(
        "person", description="对象类型 / subject type"
    )
    behavior: Text = Field(description="不文明行为 / behaviour", examples=["behavior: 高空抛物"])
    location: Text | None = Field(None, description="地点 / location")
    date: DateValue = Field(description="发生日期 / date", examples=["date: 2026-11-03"])
    status: Literal["待整改", "已整改"] = Field("待整改", description="整改状态 / status")
    rectified: DateValue | None = Field(None, description="整改日期 / rectified on")
    photo: AssetPath | None = Field(None, description="照片 / photo")
    extra: Extra

    @model_validator(mode="after")
    def _rectified(self) -> BlackEntry:
        if self.status == "已整改" and self.rectified is None:
            raise board_error(
                "状态为“已整改”时必须填写整改日期 rectified，如 rectified: 2026-11-10。",
                "status 已整改 needs a rectified date, e.g. rectified: 2026-11-10.",
                "rectified",
            )
        if self.rectified is not None and self.rectified < self.date:
            raise board_error(
                f"整改日期 {self.rectified} 早于发生日期 {self.date}。",
                f"rectified {self.rectified} is before date {self.date}.",
                "rectified",
            )
        return self


class HonorsPeriod(Schema):
    title: Text = Field(description="标题 / title", examples=["title: 2026年度文明家庭推荐公示"])
    period: Text = Field(description="期间 / period label", examples=["period: 2026年11月"])
    published: DateValue = Field(
        description="发布日期 / publish date", examples=["published: 2026-11-15"]
    )
    red: list[RedEntry] = Field(default_factory=list, description="红榜 / red list")
    black: list[BlackEntry] = Field(default_factory=list, description="黑榜 / black list")
    extra: Extra


PERIOD_EXAMPLES = [
    "period: 2026年11月23日至11月29日",
    "period: 2026年11月23日起5个工作日",
    "period: {start: 2026-11-23, end: 2026-11-29}",
    "period: {start: 2026-11-23, workdays: 5}",
    "period: {start: 2026-11-23, days: 7}",
]


class Period(Schema):
    start: DateValue = Field(description="公示开始日期 / start", examples=["start: 2026-11-23"])
    end: DateValue | None = Field(None, description="公示截止日期 / end")
    workdays: PositiveInt | None = Field(None, description="工作日数 / working days")
    days: PositiveInt | None = Field(None, description="自然日数 / calendar days")

    @model_validator(mode="before")
    @classmethod
    def _one_line(cls, value: object) -> object:
        """`2026年11月23日至11月29日` and the like, as editors write a 公示期 in a notice."""
        if isinstance(value, str):
            parsed = period_from_text(value)
            if parsed is None:
                raise board_error(
                    f"看不懂公示期“{value}”。可以写成以下任一种：{'；'.join(PERIOD_EXAMPLES)}。",
                    f"cannot read the period '{value}'. Write one of: {'; '.join(PERIOD_EXAMPLES)}.",
                )
            return parsed
        return value

    @model_validator(mode="after")
    def _one_length(self) -> Period:
        given = [k for k in ("end", "workdays", "days") if getattr(self, k) is not None]
        if len(given) != 1:
            raise board_error(
                "公示期要写 start，再加 end、workdays、days 三者之一，"
                "如 {start: 2026-11-18, workdays: 5}。",
                "a period needs start plus exactly one of end, workdays or days, e.g. "
                "{start: 2026-11-18, workdays: 5}.",
            )
        if self.end is not None and self.end < self.start:
            raise board_error(
                f"公示截止日期 {self.end} 早于开始日期 {self.start}。",
                f"the period ends ({self.end}) before it starts ({self.start}).",
                "end",
            )
        return self


class Applicant(Schema):
    name: Text = Field(description="名称 / name", examples=["name: 李建国家庭"])
    unit: Text | None = Field(None, description="所在单位 / unit")
    summary: Text | None = Field(None, description="简要事迹 / summary")
    extra: Extra


class Contact(Schema):
    person: Text | None = Field(None, description="联系人 / contact person")
    phone: Text | None = Field(None, description="电话 / phone")
    email: Text | None = Field(None, description="邮箱 / email")
    address: Text | None = Field(None, description="地址 / address")

    @model_validator(mode="after")
    def _reachable(self) -> Contact:
        if not (self.phone or self.email or self.address):
            raise board_error(
                "异议联系方式至少要有 phone、email、address 之一。",
                "the contact needs at least one of phone, email or address.",
            )
        return self


class Revision(Schema):
    date: DateValue = Field(description="修改日期 / date changed", examples=["date: 2026-11-18"])
    note: Text | None = Field(
        None, description="修改说明 / what changed", examples=["note: 更正申报对象姓名"]
    )

    @model_validator(mode="before")
    @classmethod
    def _date_alone(cls, value: object) -> object:
        """`revisions: [2026-11-18]`: a date alone, without a note."""
        if isinstance(value, str | date):
            return {"date": value}
        return value

    @property
    def day_text(self) -> str:
        """11月18日: the day as a notice names it, its year being the 公示期's."""
        return f"{self.date.month}月{self.date.day}日"


class Notice(Schema):
    title: Text = Field(description="标题 / title", examples=["title: 2026年度文明家庭推荐公示"])
    kind: Text = Field(description="申报类别 / kind", examples=["kind: 文明家庭"])
    issued: DateValue = Field(
        description="落款日期 / date of the notice", examples=["issued: 2026-11-21"]
    )
    period: Period = Field(description="公示期 / publicity period", examples=PERIOD_EXAMPLES)
    applicants: list[Applicant] = Field(
        min_length=1,
        description="公示对象 / applicants",
        examples=["applicants: [{name: 李建国家庭, summary: 孝老爱亲}]"],
    )
    contact: Contact = Field(
        description="异议联系方式 / contact for objections",
        examples=["contact: {person: 王老师, phone: 0731-85550000}"],
    )
    issuer: Text | None = Field(None, description="落款单位 / issuer")
    seal: AssetPath | None = Field(None, description="公章图片 / seal image")
    revisions: list[Revision] = Field(
        default_factory=list,
        description="修改记录 / revisions",
        examples=["revisions: [{date: 2026-11-18, note: 更正申报对象姓名}]"],
    )
    extra: Extra

    @field_validator("revisions", mode="before")
    @classmethod
    def _one_revision(cls, value: object) -> object:
        """`revisions: 2026-11-18`: one day written without the list."""
        return [value] if isinstance(value, str | date | dict) else value


class Page(Schema):
    title: Text = Field(description="标题 / title", examples=["title: 2026年度文明家庭推荐公示"])
    order: int = Field(0, description="排序 / order")
    extra: Extra


@functools.cache
def known_keys() -> frozenset[str]:
    """Every key any content or configuration file may use, with the Chinese aliases."""
    names: set[str] = set(ALIASES)
    pending: list[type[Schema]] = [Schema]
    while pending:
        model = pending.pop()
        names.update(model.model_fields)
        pending += model.__subclasses__()
    return frozenset(names)
