"""The `board` command: parses arguments and calls one function per command."""

from __future__ import annotations

import argparse
import atexit
import os
import shlex
import sys
import traceback
from pathlib import Path

from .content.kinds import KINDS
from .errors import BoardError, Problem


def run() -> None:
    """The `board` program: `main`, and an exit that leaves freeing memory to the system."""
    outcome: list[int] = []
    atexit.register(_exit_at_once, outcome)  # registered first, so it runs last
    outcome.append(main())
    sys.exit(outcome[0])


def _exit_at_once(outcome: list[int]) -> None:
    """Python frees a loaded project object by object when it exits (0.7 s at 10,000
    items); the system frees it all at once. By now threads are joined and every other
    exit handler has run: only the output is left to flush."""
    if not outcome:
        return  # `main` did not return (argparse's --help, a bad option): the usual exit
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader gone, a stream closed: nothing to save
            pass
    os._exit(outcome[0])


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return args.run(args) or 0
    except BoardError as exc:
        _report(exc.problems, args)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the editor never sees a traceback unless asked
        if args.debug:
            traceback.print_exc()
        _say(
            args,
            f"错误：意外故障（{type(exc).__name__}: {exc}）。请加 --debug 重试并把输出发给维护人员。",
            f"error: unexpected failure ({type(exc).__name__}: {exc}). Run again with "
            "--debug and send the output to the maintainers.",
            err=True,
        )
        return 1


def _say(args, zh: str, en: str, err: bool = False) -> None:
    """A line for the editor: Chinese with English below, or English alone (--lang en)."""
    text = en if getattr(args, "lang", "zh") == "en" else f"{zh}\n{en}"
    print(text, file=sys.stderr if err else sys.stdout)


def _report(problems: list[Problem], args) -> None:
    """Errors first, then warnings, then the count."""
    lang = getattr(args, "lang", "zh")
    for item in sorted(problems, key=lambda p: (p.level != "error", p)):
        print(item.format(lang), file=sys.stderr)
    errors = sum(p.level == "error" for p in problems)
    warnings = len(problems) - errors
    _say(
        args,
        f"共 {errors} 个错误，{warnings} 个警告。",
        f"{_count(errors, 'error')}, {_count(warnings, 'warning')}.",
        err=True,
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _build(args) -> int:
    from .commands.build import build
    from .commands.terminal import terminal_progress

    result = build(
        Path(args.project),
        today=args.today,
        strict=args.strict,
        site_dir=Path(args.site_dir) if args.site_dir else None,
        progress=terminal_progress(args.lang),
    )
    if result.warnings:
        _report(result.warnings, args)
    snapshot = result.snapshot
    _say(
        args,
        f"已生成网站 {result.site_dir}（{snapshot.today}）：公告 {len(snapshot.announcements)}，"
        f"公示 {len(snapshot.notices)}，红黑榜 {len(snapshot.honors)}，宣传栏 {len(snapshot.columns)}。",
        f"Built {result.site_dir} ({snapshot.today}): "
        f"{_count(len(snapshot.announcements), 'announcement')}, "
        f"{_count(len(snapshot.notices), 'notice')}, "
        f"{_count(len(snapshot.honors), 'red/black list')}, "
        f"{_count(len(snapshot.columns), 'column')}.",
    )
    return 0


def _check(args) -> int:
    from .commands.check import as_json, check

    problems = check(Path(args.project), args.today)
    errors = [p for p in problems if p.level == "error"]
    if args.format == "json":
        print(as_json(problems))
    elif problems:
        _report(problems, args)
    else:
        _say(args, "检查通过，没有发现问题。", "No problems found.")
    return 1 if errors or (args.strict and problems) else 0


def _audit(args) -> int:
    from .commands.audit import audit

    site_dir = Path(args.site_dir) if args.site_dir else Path(args.project) / "site"
    result = audit(Path(args.project), site_dir, args.today)
    if result.problems:
        _report(result.problems, args)
        return 1
    _say(
        args,
        f"已检查 {result.files} 个文件：没有未遮蔽的手机号、身份证号、黑榜姓名或车牌，"
        "没有过期的黑榜条目。",
        f"Audited {result.files} files: no personal data found.",
    )
    return 0


def _publish(args) -> int:
    from .commands.publish import publish
    from .commands.terminal import terminal_progress

    try:
        report = publish(
            Path(args.project),
            today=args.today,
            lang=args.lang,
            progress=terminal_progress(args.lang),
        )
    except BoardError as exc:
        _report(exc.problems, args)
        _say(
            args,
            "没有发布：上面的问题改好之前，任何地方的网站都不会改动。",
            "Nothing was published: no target changes until the problems above are fixed.",
            err=True,
        )
        return 1
    if report.warnings:
        _report(report.warnings, args)
    for target in report.targets:
        mark = "✓" if target.ok else "✗"
        colon = ": " if args.lang == "en" else "："
        print(
            f"{mark} {target.name}{colon}{target.message}",
            file=sys.stdout if target.ok else sys.stderr,
        )
    failed = sum(not target.ok for target in report.targets)
    if failed:
        _say(
            args,
            f"{failed} 个目标发布失败（见上面），其余 {len(report.targets) - failed} 个已发布。",
            f"{_count(failed, 'target')} failed (see above); the other "
            f"{len(report.targets) - failed} got the new site.",
            err=True,
        )
        return 1
    _say(
        args,
        f"已发布到全部 {len(report.targets)} 个目标。",
        f"Published to {_count(len(report.targets), 'target')}.",
    )
    return 0


def _print(args) -> int:
    from .commands.print import print_documents

    result = print_documents(
        Path(args.project),
        args.items,
        board_id=args.board,
        everything=args.all,
        tile=args.tile,
        out=args.out,
        today=args.today,
    )
    for path in result.files:
        print(path)
    if result.problems:
        _report(result.problems, args)
    _say(
        args,
        f"已生成 {len(result.files)} 个 PDF。",
        f"Wrote {_count(len(result.files), 'PDF file')}.",
    )
    return 1 if any(p.level == "error" for p in result.problems) else 0


def _sheet(value: str):
    from .content.sizes import parse_size

    if value.upper() not in ("A4", "A3"):
        raise argparse.ArgumentTypeError("请写 A4 或 A3 / use A4 or A3")
    return parse_size(value.upper())


def _serve(args) -> int:
    from .commands.serve import serve

    serve(Path(args.project), host=args.host, port=args.port, today=args.today, lang=args.lang)
    return 0


def _new(args) -> int:
    from .commands.new import new_item

    path = new_item(
        Path(args.project),
        args.kind,
        args.title,
        column=args.column,
        today=args.today,
        name=args.name,
    )
    _say(
        args,
        f"已新建 {path}，请打开编辑，把（括号里的提示）换成实际内容。",
        f"Created {path}: open it and replace the (bracketed hints).",
    )
    return 0


def _init(args) -> int:
    from .commands.init import init_site

    path = init_site(Path(args.directory), name=args.name)
    step = f"cd {shlex.quote(str(path.resolve()))} && {shlex.quote(_board_command())} serve"
    _say(
        args,
        f"已新建网站 {path}。下一步（复制这一行到终端运行，再用浏览器打开 http://127.0.0.1:8000/）：\n"
        f"    {step}",
        f"Created a site in {path}. Next, run this line and open http://127.0.0.1:8000/:\n"
        f"    {step}",
    )
    return 0


def _password(args) -> int:
    from .commands.password import ask_password, config_lines

    print(config_lines(ask_password()), end="")
    _say(
        args,
        "把上面两行复制到 site_config.yml（已有 edit: 就只换 password 那一行），"
        "再运行 board serve --host 0.0.0.0，办公室里的电脑就能用这个密码进入编辑台。",
        "Paste the lines above into site_config.yml (replace the password line if edit: "
        "exists), then run board serve --host 0.0.0.0 to open the editor to the office network.",
        err=True,
    )
    return 0


def _board_command() -> str:
    """How to run `board` from any shell: its full path, since the virtual environment
    that holds it is usually not on PATH."""
    script = Path(sys.argv[0])
    if script.name == "board" and script.exists():
        return str(script.resolve())
    launcher = Path(sys.executable).parent / "board"
    return str(launcher) if launcher.exists() else f"{sys.executable} -m generator.cli"


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--project", "-p", default=".", help="网站目录 / site project folder")
    common.add_argument(
        "--lang", choices=["zh", "en"], default="zh", help="消息语言 / message language"
    )
    common.add_argument("--debug", action="store_true", help="出错时显示详细信息 / tracebacks")
    dated = argparse.ArgumentParser(add_help=False)
    dated.add_argument("--today", help="按此日期生成，如 2026-11-21 / build date")

    parser = argparse.ArgumentParser(prog="board", description="公告栏：社区公告网站与打印版生成器")
    parser.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command")

    cmd = sub.add_parser("build", parents=[common, dated], help="生成网站 / build the site")
    cmd.add_argument("--strict", action="store_true", help="警告也算错误 / warnings fail")
    cmd.add_argument("--site-dir", help="输出目录（默认 site/）/ output folder")
    cmd.set_defaults(run=_build)

    cmd = sub.add_parser("check", parents=[common, dated], help="检查内容 / check content")
    cmd.add_argument("--format", choices=["text", "json"], default="text")
    cmd.add_argument("--strict", action="store_true", help="警告也算失败 / warnings fail")
    cmd.set_defaults(run=_check)

    cmd = sub.add_parser(
        "audit",
        parents=[common, dated],
        help="扫描已生成的网站有无个人信息 / scan the output for personal data",
    )
    cmd.add_argument("--site-dir", help="要扫描的目录（默认 site/）/ folder to scan")
    cmd.set_defaults(run=_audit)

    cmd = sub.add_parser(
        "publish",
        parents=[common, dated],
        help="生成、检查并发布到 site_config.yml 的 publish 目标 / build, audit and publish",
    )
    cmd.set_defaults(run=_publish)

    cmd = sub.add_parser("print", parents=[common, dated], help="生成打印版 PDF / print PDFs")
    cmd.add_argument("items", nargs="*", help="内容文件或网址路径 / content files or URL paths")
    cmd.add_argument("--board", help="打印 site_config.yml 中的展板 / print a board")
    cmd.add_argument("--all", action="store_true", help="全部当前内容和展板 / everything current")
    cmd.add_argument("--tile", type=_sheet, help="拼贴到 A4 或 A3 纸上 / tile onto A4 or A3")
    cmd.add_argument("--out", help="输出目录（默认 print/）/ output folder")
    cmd.set_defaults(run=_print)

    cmd = sub.add_parser("serve", parents=[common, dated], help="实时预览 / live preview")
    cmd.add_argument("--host", default="127.0.0.1")
    cmd.add_argument("--port", type=int, default=8000)
    cmd.set_defaults(run=_serve)

    cmd = sub.add_parser("new", parents=[common, dated], help="新建内容 / new item")
    cmd.add_argument("kind", choices=[kind.name for kind in KINDS if kind.new])
    cmd.add_argument("title")
    cmd.add_argument("--column", help="期所属栏目（issue 必填）/ column of the issue")
    cmd.add_argument(
        "--name", help="文件名（不含扩展名，默认由日期和标题生成）/ file name without extension"
    )
    cmd.set_defaults(run=_new)

    cmd = sub.add_parser("init", parents=[common], help="新建网站 / new site project")
    cmd.add_argument("directory")
    cmd.add_argument(
        "--name", help="社区名称（默认用目录名）/ community name (default: the folder's)"
    )
    cmd.set_defaults(run=_init)

    cmd = sub.add_parser(
        "password",
        parents=[common],
        help="生成编辑台密码，供办公室网络使用 / make the editor password for the office network",
    )
    cmd.set_defaults(run=_password)
    return parser


if __name__ == "__main__":
    run()
