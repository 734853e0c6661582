"""A deterministic corpus of N realistic items of all four types, for benchmarks.

The same items are written three ways: as a 公告栏 site project, as a Material blog (one
post per item, notices and 红黑榜 turned into Markdown tables) and as a minimal Hugo site.
The same N always gives the same files, byte for byte.

    .venv/bin/python bench/corpus.py 1000 /tmp/corpus-1k      # writes board/, blog/, hugo/
"""

from __future__ import annotations

import random
import re
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 11, 21)
FIRST_DAY = date(2017, 1, 1)
CATEGORIES = ["通知", "公告", "活动", "停水停电", "文明创建", "健康教育", "安全提示"]
TAGS = [
    "消防",
    "停水",
    "停电",
    "疫苗",
    "垃圾分类",
    "志愿服务",
    "老年人",
    "儿童",
    "防诈骗",
    "物业",
    "电梯",
    "停车",
    "养老",
    "医保",
    "就业",
    "文艺",
    "体育",
    "党建",
]
PLACES = [
    "文庙坪小区",
    "白沙路",
    "西文庙坪巷",
    "学院街",
    "天心阁",
    "太平街",
    "坡子街",
    "书院路",
    "黄兴南路",
    "东瓜山",
    "碧湘街",
    "城南路",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "建国秀英志华德胜美玲国强文斌小雨丽娟海燕春梅明辉晓东红霞玉兰家豪子轩雨涵"
KINDS = ["文明家庭", "文明单位", "道德模范", "最美志愿者", "五好家庭", "优秀党员"]
BEHAVIORS = ["楼道堆物", "高空抛物", "乱停乱放", "占道经营", "乱扔垃圾", "违规充电"]
TOPICS = [
    (
        "冬季消防安全",
        "天气寒冷，用火用电增多，火灾风险上升。请居民朋友做到人走断电、"
        "不在楼道和安全出口堆放杂物，电动自行车一律在集中充电点充电，严禁“飞线”充电。",
    ),
    (
        "停水通知",
        "因供水管网改造需要进行管道碰口施工，届时将暂停供水。请受影响的居民提前"
        "做好储水准备，停水期间关闭家中水龙头，恢复供水初期请放水片刻后再饮用。",
    ),
    (
        "健康讲座",
        "社区卫生服务中心的医生将来到党群服务中心，讲解慢性病的日常管理和用药"
        "常识，现场提供免费量血压、测血糖服务，欢迎居民朋友特别是老年朋友参加。",
    ),
    (
        "垃圾分类",
        "请按照可回收物、有害垃圾、厨余垃圾和其他垃圾四类分别投放，厨余垃圾请"
        "破袋投放，大件垃圾请预约上门清运，不要随意堆放在楼道和绿化带。",
    ),
    (
        "防范电信诈骗",
        "凡是要求转账到“安全账户”的都是诈骗；凡是自称公检法要求视频配合"
        "调查的都是诈骗。接到可疑电话请立即挂断，并拨打96110咨询。",
    ),
    (
        "志愿服务招募",
        "社区现面向辖区居民招募志愿者，参与楼道清洁、助老服务、文明劝导等"
        "活动，服务时长计入志愿服务记录，欢迎有意者到社区居委会报名。",
    ),
]


@dataclass
class Item:
    """One item of the corpus, independent of how a tool wants it written."""

    kind: str  # announcement | notice | honors | issue
    slug: str
    title: str
    day: date
    body: str
    category: str = "通知"
    tags: list[str] = field(default_factory=list)
    fields: dict = field(default_factory=dict)  # type-specific, see the writers


def make_items(count: int, seed: int = 2026) -> tuple[list[Item], int]:
    """`count` items: about 60 % 公告, 20 % 公示, 15 % column issues, 5 % 红黑榜; and the
    number of columns the issues belong to."""
    rng = random.Random(f"{seed}-{count}")
    columns = max(2, count // 200)
    span = (TODAY - FIRST_DAY).days
    items = []
    issue_numbers = [0] * columns
    for n in range(count):
        day = FIRST_DAY + timedelta(days=span * n // count)
        roll = (n * 37) % 100
        if roll < 60:
            items.append(_announcement(rng, n, day))
        elif roll < 80:
            items.append(_notice(rng, n, day))
        elif roll < 95:
            column = sum(issue_numbers) % columns
            issue_numbers[column] += 1
            items.append(_issue(rng, n, day, column, issue_numbers[column]))
        else:
            items.append(_honors(rng, n, day))
    return items, columns


def _paragraphs(rng: random.Random, topic: tuple[str, str], count: int) -> list[str]:
    place = rng.choice(PLACES)
    return [
        f"{place}的居民朋友们：{topic[1]}"
        if i == 0
        else f"{topic[1]}联系电话：0731-8512{rng.randint(1000, 9999)}。"
        for i in range(count)
    ]


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)


def _announcement(rng: random.Random, n: int, day: date) -> Item:
    topic = rng.choice(TOPICS)
    paragraphs = _paragraphs(rng, topic, rng.randint(2, 5))
    steps = "\n".join(
        f"- {rng.choice(PLACES)}{rng.randint(1, 30)}栋：{rng.randint(8, 18)}:00 起"
        for _ in range(rng.randint(0, 4))
    )
    body = "\n\n".join(
        paragraphs[:1] + ([f"**具体安排如下：**\n\n{steps}"] if steps else []) + paragraphs[1:]
    )
    fields = {
        "urgent": rng.random() < 0.02,
        "pinned": rng.random() < 0.01,
        "expires": day + timedelta(days=rng.randint(3, 60)) if rng.random() < 0.5 else None,
        "mobile": rng.random() < 0.1,
    }
    if fields["mobile"]:
        body += f"\n\n联系人：{_person(rng)}，电话13{rng.randint(100000000, 999999999)}。"
    return Item(
        "announcement",
        f"{day:%Y-%m-%d}-a{n:05d}",
        f"关于{rng.choice(PLACES)}{topic[0]}的通知（第{n}号）",
        day,
        body,
        category=rng.choice(CATEGORIES),
        tags=rng.sample(TAGS, rng.randint(0, 3)),
        fields=fields,
    )


def _notice(rng: random.Random, n: int, day: date) -> Item:
    kind = rng.choice(KINDS)
    applicants = [
        {
            "name": f"{_person(rng)}" + ("家庭" if kind.endswith("家庭") else ""),
            "unit": f"{rng.choice(PLACES)}{rng.randint(1, 30)}栋",
            "summary": "热心公益，邻里和睦，多次参与社区志愿服务活动，群众评价好。",
        }
        for _ in range(rng.randint(2, 6))
    ]
    body = (
        f"经居民自荐、楼栋推荐、社区“两委”会议审核，拟推荐以下{len(applicants)}名对象为"
        f"{day.year}年度“{kind}”候选对象，现予以公示。\n\n公示期间，如有异议，请以书面或"
        "电话形式向社区居委会反映。"
    )
    period = (
        {"start": day + timedelta(days=1), "workdays": 5}
        if n % 2
        else {"start": day + timedelta(days=1), "days": 7}
    )
    return Item(
        "notice",
        f"{day:%Y-%m-%d}-n{n:05d}",
        f"{day.year}年度“{kind}”推荐对象公示（第{n}号）",
        day,
        body,
        fields={"kind": kind, "applicants": applicants, "period": period},
    )


def _issue(rng: random.Random, n: int, day: date, column: int, number: int) -> Item:
    topic = rng.choice(TOPICS)
    panels = "\n\n".join(
        f"## {topic[0]}之{i + 1}\n\n" + "\n\n".join(_paragraphs(rng, topic, 2))
        for i in range(rng.randint(2, 4))
    )
    return Item(
        "issue",
        f"{day:%Y-%m-%d}-i{n:05d}",
        f"{topic[0]}（第{number}期）",
        day,
        panels,
        category="宣传栏",
        fields={"column": column, "issue": number},
    )


def _honors(rng: random.Random, n: int, day: date) -> Item:
    red = [
        {
            "name": f"{_person(rng)}家庭",
            "kind": rng.choice(KINDS),
            "reason": "常年照顾独居老人，主动调解邻里纠纷，邻里称赞。",
        }
        for _ in range(rng.randint(3, 6))
    ]
    black = [
        {
            "subject": f"{rng.randint(1, 30)}栋住户{_person(rng)}",
            "behavior": rng.choice(BEHAVIORS),
            "location": f"{rng.choice(PLACES)}{rng.randint(1, 30)}栋",
            "date": day - timedelta(days=rng.randint(1, 20)),
        }
        for _ in range(rng.randint(1, 4))
    ]
    return Item(
        "honors",
        f"{day:%Y-%m-%d}-h{n:05d}",
        f"{day.year}年{day.month}月文明创建红黑榜（第{n}号）",
        day,
        "",
        fields={"red": red, "black": black},
    )


# --- 公告栏 site project ----------------------------------------------------------------

SITE_CONFIG = """site:
  name: 学院街街道公告栏
  url: https://example.org/board/
community:
  name: 学院街街道办事处
  phone: 0731-85123456
categories: [{categories}]
print: {{enabled: false}}
"""


def write_board(items: list[Item], columns: int, out: Path) -> None:
    content = out / "content"
    (out / "site_config.yml").parent.mkdir(parents=True, exist_ok=True)
    (out / "site_config.yml").write_text(
        SITE_CONFIG.format(categories=", ".join(CATEGORIES)), encoding="utf-8"
    )
    for column in range(columns):
        folder = content / "columns" / f"c{column:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "column.yml").write_text(
            f"title: 第{column + 1}宣传栏\ncadence_days: 3650\nsize: A1 landscape\n",
            encoding="utf-8",
        )
    for item in items:
        path, text = _board_file(item)
        target = content / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def _board_file(item: Item) -> tuple[str, str]:
    f = item.fields
    if item.kind == "announcement":
        head = [f"title: {item.title}", f"date: {item.day}", f"category: {item.category}"]
        head += [f"expires: {f['expires']}"] if f["expires"] else []
        head += ["urgent: true"] if f["urgent"] else []
        head += ["pinned: true"] if f["pinned"] else []
        head += [f"tags: [{', '.join(item.tags)}]"] if item.tags else []
        return f"announcements/{item.slug}.md", _front(head, item.body)
    if item.kind == "notice":
        period = f["period"]
        length = (
            f"workdays: {period['workdays']}"
            if "workdays" in period
            else (f"days: {period['days']}")
        )
        head = [
            f"title: {item.title}",
            f"kind: {f['kind']}",
            f"issued: {item.day}",
            f"period: {{start: {period['start']}, {length}}}",
            "applicants:",
        ]
        head += [
            f"  - {{name: {a['name']}, unit: {a['unit']}, summary: {a['summary']}}}"
            for a in f["applicants"]
        ]
        head += ["contact: {person: 刘芳, phone: 0731-85123461}"]
        return f"notices/{item.slug}.md", _front(head, item.body)
    if item.kind == "issue":
        head = [f"issue: {f['issue']}", f"date: {item.day}", f"title: {item.title}"]
        return f"columns/c{f['column']:03d}/{item.slug}.md", _front(head, item.body)
    lines = [
        f"title: {item.title}",
        f"period: {item.day:%Y年%m月}",
        f"published: {item.day}",
        "red:",
    ]
    lines += [
        f"  - {{name: {r['name']}, kind: {r['kind']}, reason: {r['reason']}}}" for r in f["red"]
    ]
    lines += ["black:"]
    lines += [
        f"  - {{subject: {b['subject']}, behavior: {b['behavior']}, "
        f"location: {b['location']}, date: {b['date']}, status: 待整改}}"
        for b in f["black"]
    ]
    return f"honors/{item.slug}.yml", "\n".join(lines) + "\n"


def _front(head: list[str], body: str) -> str:
    return "---\n" + "\n".join(head) + "\n---\n" + body + "\n"


# --- the same items as Markdown posts (Material blog, Hugo) ------------------------------


def post_body(item: Item) -> str:
    """The item as plain Markdown: what a blog engine needs to show the same content."""
    f = item.fields
    if item.kind == "notice":
        rows = "\n".join(f"| {a['name']} | {a['unit']} | {a['summary']} |" for a in f["applicants"])
        return f"{item.body}\n\n| 姓名 | 单位 | 事迹 |\n|---|---|---|\n{rows}\n"
    if item.kind == "honors":
        red = "\n".join(f"| {r['name']} | {r['kind']} | {r['reason']} |" for r in f["red"])
        black = "\n".join(
            f"| {b['subject'][:-2]}** | {b['behavior']} | {b['location']} |" for b in f["black"]
        )
        return (
            f"## 红榜\n\n| 名称 | 类别 | 事迹 |\n|---|---|---|\n{red}\n\n"
            f"## 黑榜\n\n| 对象 | 行为 | 地点 |\n|---|---|---|\n{black}\n"
        )
    return item.body


BLOG_CONFIG = """site_name: 学院街街道公告栏
site_url: https://example.org/board/
theme:
  name: material
  language: zh
  font: false
plugins:
  - search
  - blog:
      blog_dir: .
      post_url_format: "{slug}"
markdown_extensions: [tables, attr_list, md_in_html, admonition]
"""


def write_blog(items: list[Item], out: Path) -> None:
    posts = out / "docs" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    (out / "mkdocs.yml").write_text(BLOG_CONFIG, encoding="utf-8")
    (out / "docs" / "index.md").write_text("# 公告栏\n", encoding="utf-8")
    for item in items:
        front = (
            f"---\ndate: {item.day}\nslug: {item.slug}\ncategories:\n"
            f"  - {item.category}\n---\n\n# {item.title}\n\n"
        )
        (posts / f"{item.slug}.md").write_text(front + post_body(item) + "\n", encoding="utf-8")


HUGO_CONFIG = """baseURL = "https://example.org/board/"
languageCode = "zh-cn"
title = "学院街街道公告栏"
hasCJKLanguage = true
[pagination]
  pagerSize = 20
"""
HUGO_LAYOUTS = {
    "baseof.html": '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
    '<title>{{ .Title }}</title></head><body><header><a href="{{ site.Home.RelPermalink }}">'
    '{{ site.Title }}</a></header><main>{{ block "main" . }}{{ end }}</main></body></html>\n',
    "single.html": '{{ define "main" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format '
    '"2006-01-02" }}</time>{{ .Content }}</article>{{ end }}\n',
    "list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li>'
    '<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul>'
    '{{ with .Paginator.Next }}<a href="{{ .URL }}">下一页</a>{{ end }}{{ end }}\n',
}


def write_hugo(items: list[Item], out: Path) -> None:
    posts = out / "content" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    layouts = out / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (out / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (layouts / name).write_text(text, encoding="utf-8")
    for item in items:
        tags = ", ".join(f'"{t}"' for t in item.tags)
        front = (
            f'---\ntitle: "{item.title}"\ndate: {item.day}\n'
            f'categories: ["{item.category}"]\ntags: [{tags}]\n---\n\n'
        )
        (posts / f"{item.slug}.md").write_text(front + post_body(item) + "\n", encoding="utf-8")


def write_board_corpus(count: int, out: Path) -> Path:
    """Only the 公告栏 project of the N-item corpus; returns its folder."""
    items, columns = make_items(count)
    write_board(items, columns, out)
    return out


def edit_one_item(project: Path, mark: str) -> Path:
    """Change the newest announcement's title and body, as an editor would."""
    newest = sorted((project / "content" / "announcements").glob("*.md"))[-1]
    text = newest.read_text(encoding="utf-8")
    text = re.sub(r"^title: (.*)$", rf"title: \1（{mark}）", text, count=1, flags=re.M)
    newest.write_text(text + f"\n补充说明：{mark}。\n", encoding="utf-8")
    return newest


def write_corpus(count: int, out: Path) -> Path:
    """All three layouts of the N-item corpus under `out`."""
    items, columns = make_items(count)
    write_board(items, columns, out / "board")
    write_blog(items, out / "blog")
    write_hugo(items, out / "hugo")
    return out


if __name__ == "__main__":
    write_corpus(int(sys.argv[1]), Path(sys.argv[2]))
