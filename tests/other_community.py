"""A second community, unlike the demo: a long address under a sub-path, long titles and
file names, a 40-row table, 24 applicants with long summaries, four years of archive,
notices that have ended, two phone numbers, no urgent notice, a column with no cover.

Features of the residents' website are tested here as well as on the demo, so that what
only works on the demo's content shows up."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

TODAY = "2026-11-21"
URL = "https://www.longhua-jiedao.example.gov.cn/communities/hexi-xincun-shequ/public-board/"
PHONES = ("0755-27881234", "13823456789")

CONFIG = f"""\
site:
  name: 河西新村社区居务公开栏
  url: {URL}
community:
  name: 深圳市龙华区龙华街道河西新村社区居民委员会
  address: 深圳市龙华区龙华街道河西新村东区三巷18号社区党群服务中心一楼
  phone: {PHONES[0]}（值班手机 {PHONES[1]}）
  hours: 周一至周六 9:00—18:00
categories: [通知, 公告, 物业, 安全, 停水停电]
boards:
  - id: gate
    name: 东区大门公开栏
    size: 1800x1200mm
print:
  enabled: false
"""

LONG_TITLE = (
    "关于河西新村东区三巷、四巷及西区1栋至12栋二次供水设施清洗消毒期间"
    "分时段暂停供水并做好储水准备的通知"
)


def _announcement(day: date, title: str, body: str, category: str = "通知", extra: str = "") -> str:
    return (
        f"---\ntitle: {title}\ndate: {day.isoformat()}\ncategory: {category}\n{extra}---\n{body}\n"
    )


def _table(rows: int) -> str:
    head = "| 序号 | 楼栋 | 房号 | 维修项目 | 完成情况说明 |\n|---|---|---|---|---|\n"
    lines = [
        f"| {n} | 东区{n % 9 + 1}栋 | {100 + n}室 | 楼道声控灯更换 | 已于11月完成更换并验收合格 |"
        for n in range(1, rows + 1)
    ]
    return (
        "各位居民：\n\n本月公共维修完成情况如下。\n\n" + head + "\n".join(lines) + "\n\n特此公告。"
    )


def _notice(title: str, kind: str, start: date, days: int, applicants: int) -> str:
    people = "\n".join(
        f"  - name: 河西新村东区{n}栋{n}0{n % 4 + 1}室陈{'伟芳秀英'[n % 4]}家庭\n"
        f"    unit: 河西新村东区{n}栋\n"
        f"    summary: 家庭成员长期参与社区志愿服务，累计服务时长{100 + n * 7}小时，"
        f"热心调解邻里纠纷，带头开展垃圾分类和楼道清洁，获评楼栋文明户。"
        for n in range(1, applicants + 1)
    )
    return (
        f"---\ntitle: {title}\nkind: {kind}\nissued: {start.isoformat()}\n"
        f"period: {{start: {start.isoformat()}, days: {days}}}\napplicants:\n{people}\n"
        f"contact:\n  person: 陈主任\n  phone: {PHONES[0]}\n---\n"
        "经居民推荐、社区初审，现将推荐对象予以公示。公示期间如有异议，请向社区居委会反映。\n"
    )


def write_other_community(root: Path) -> Path:
    """Write the project under `root` and return it."""
    content = root / "content"
    (root / "site_config.yml").parent.mkdir(parents=True, exist_ok=True)
    (root / "site_config.yml").write_text(CONFIG, encoding="utf-8")
    files: dict[str, str] = {}
    start = date(2023, 1, 10)
    for n in range(48):  # four years, one a month
        day = start + timedelta(days=30 * n)
        files[f"announcements/{day.isoformat()}-monthly-notice-{n:02d}.md"] = _announcement(
            day,
            f"{day.year}年{day.month}月物业服务情况通报",
            f"{day.year}年{day.month}月，物业服务中心共受理居民报修{40 + n}件，已全部办结。",
            category="物业",
        )
    files["announcements/2026-11-18-second-supply-cleaning-and-disinfection-water-stop.md"] = (
        _announcement(
            date(2026, 11, 18),
            LONG_TITLE,
            "各位居民：\n\n2026年11月25日至27日，对二次供水水箱进行清洗消毒，"
            "期间分时段停水。请提前储水。\n\n咨询电话：" + PHONES[0] + "。",
            category="停水停电",
            extra="expires: 2026-11-28\ntags: [供水, 二次供水设施]\n",
        )
    )
    files["announcements/2026-11-12-quarter-report.md"] = _announcement(
        date(2026, 11, 12),
        "第四季度居务公开",
        "2026年第四季度，社区共办理居民事项312件。\n\n3月5日开展的学雷锋活动参加居民86人。",
        category="公告",
    )
    files["announcements/2026-11-05-repairs.md"] = _announcement(
        date(2026, 11, 5), "11月公共维修完成情况公告", _table(40), category="物业"
    )
    today = date.fromisoformat(TODAY)
    notices = [
        (
            "2026年度河西新村社区“文明家庭”推荐对象公示",
            "文明家庭",
            today - timedelta(days=3),
            7,
            24,
        ),
        ("2026年度“最美楼道”评选结果公示", "最美楼道", today + timedelta(days=4), 5, 3),
        ("2026年第三季度低保复核结果公示", "低保复核", date(2026, 9, 1), 7, 5),
        ("2025年度“好人好事”推荐对象公示", "好人好事", date(2025, 12, 1), 7, 4),
        ("2024年度“文明家庭”推荐对象公示", "文明家庭", date(2024, 11, 20), 7, 6),
    ]
    for n, (title, kind, day, days, count) in enumerate(notices):
        files[f"notices/{day.isoformat()}-notice-{n}.md"] = _notice(title, kind, day, days, count)
    files["honors/2026-q4.yml"] = (
        "title: 2026年第四季度文明创建红黑榜\nperiod: 2026年第四季度\npublished: 2026-10-08\n"
        "red:\n  - name: 东区3栋陈伟芳家庭\n    kind: 文明家庭\n    reason: 热心公益。\n"
        "black:\n  - subject: 粤B·D12345\n    subject_type: vehicle\n    behavior: 占用消防通道\n"
        "    date: 2026-10-01\n    status: 待整改\n"
    )
    files["columns/safety/column.yml"] = (
        "title: 平安河西宣传栏\ncadence_days: 90\ndescription: 防诈骗、防火、防盗知识。\n"
    )
    files["columns/safety/2026-10-anti-fraud.md"] = (
        "---\nissue: 4\ndate: 2026-10-15\ntitle: 识破冒充客服退款骗局\n---\n"
        "## 骗局特点\n\n2026年以来，冒充电商客服以“退款”“理赔”为名实施诈骗的案件高发。\n"
    )
    files["pages/office.md"] = "---\ntitle: 办事指南\n---\n社区办理居住证明、低保申请等事项。\n"
    for rel, text in files.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
