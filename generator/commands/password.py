"""`board password`: the `edit:` lines that let the editor be used from the office network."""

from __future__ import annotations

import getpass
import sys
from typing import TextIO

from ..editor.access import hash_password
from ..errors import BoardError, problem

# Short enough to remember, long enough that trying passwords on the office network is
# hopeless at scrypt's pace.
SHORTEST = 8


def config_lines(password: str) -> str:
    """What to paste into site_config.yml: only the hash is ever written down."""
    return f'edit:\n  password: "{hash_password(password)}"\n'


def ask_password(stdin: TextIO | None = None) -> str:
    """The new password: typed twice, unseen, on a terminal; one line from a pipe."""
    stdin = sys.stdin if stdin is None else stdin
    if stdin.isatty():
        first = getpass.getpass("新的编辑台密码 / new editor password: ")
        again = getpass.getpass("再输入一次 / once more: ")
        if first != again:
            raise _refused(
                "两次输入的密码不一样，没有生成。请重新运行 board password。",
                "the two passwords differ; nothing was made. Run board password again.",
            )
    else:
        first = stdin.readline().rstrip("\r\n")
    if len(first) < SHORTEST:
        raise _refused(
            f"密码太短：至少要 {SHORTEST} 个字符（汉字、字母、数字都可以）。",
            f"the password is too short: use at least {SHORTEST} characters.",
        )
    return first


def _refused(zh: str, en: str) -> BoardError:
    return BoardError([problem("board password", zh, en)])
