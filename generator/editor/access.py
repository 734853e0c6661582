"""Who may edit, and which files an edit may touch.

The editor is reachable from the office network once `edit.password` is set, so the
password is kept only as a scrypt hash, every change carries a token tied to the session,
and every path a browser sends is confined to `content/` before any file is opened.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import io
import re
import secrets
import time
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

from PIL import Image, UnidentifiedImageError

# scrypt's cost: about 16 MB and a few tens of milliseconds per try on an office PC.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES = 16
# A hash written by hand with huge costs must not stall the server on every login.
_MAX_N, _MAX_R, _MAX_P = 2**20, 32, 16
_MAXMEM = 256 * 1024 * 1024

# A session is forgotten after this long without a request.
IDLE_SECONDS = 12 * 60 * 60

UPLOAD_LIMIT = 10 * 1024 * 1024
# Pillow's own threshold: beyond it decoding is a memory attack (a decompression bomb).
MAX_PIXELS = Image.MAX_IMAGE_PIXELS or 89_478_485
IMAGE_SUFFIXES = {"JPEG": ".jpg", "MPO": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}


class Refused(Exception):
    """A request the editor will not carry out, with what to tell the person and the HTTP status."""

    def __init__(self, zh: str, en: str, status: int = 403):
        super().__init__(zh)
        self.zh, self.en, self.status = zh, en, status


# ---------------------------------------------------------------- passwords


def hash_password(password: str) -> str:
    """`scrypt$<n>$<r>$<p>$<salt>$<hash>`: safe to keep in site_config.yml, which may be
    copied around or put in version control."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return "$".join(
        ["scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(digest)]
    )


def password_matches(stored: str, password: str) -> bool:
    """Whether `password` is the one `stored` was made from; False (never an error) for
    anything that is not a well-formed hash, compared in constant time."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        n_, r_, p_ = int(n), int(r), int(p)
        salt_b, digest_b = (
            base64.b64decode(salt, validate=True),
            base64.b64decode(digest, validate=True),
        )
    except (AttributeError, ValueError, binascii.Error):
        return False
    if kind != "scrypt" or not salt_b or not digest_b:
        return False
    if not (1 < n_ <= _MAX_N and n_ & (n_ - 1) == 0 and 0 < r_ <= _MAX_R and 0 < p_ <= _MAX_P):
        return False
    try:
        tried = _scrypt(password, salt_b, n_, r_, p_, len(digest_b))
    except (ValueError, MemoryError, TypeError, AttributeError):
        return False
    return hmac.compare_digest(tried, digest_b)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int = 32) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=length
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# ---------------------------------------------------------------- sessions


class Sessions:
    """Signed-in browsers, in memory: restarting `board serve` signs everyone out."""

    def __init__(self, *, idle: float = IDLE_SECONDS, clock: Callable[[], float] = time.monotonic):
        self._secret = secrets.token_bytes(32)
        self._seen: dict[str, float] = {}
        self._idle, self._clock = idle, clock

    def open(self) -> str:
        """A new session id, after a correct password (or on the editor's own machine)."""
        self._forget_idle()
        session = secrets.token_urlsafe(32)
        self._seen[session] = self._clock()
        return session

    def valid(self, session: str | None) -> bool:
        """Whether the cookie names a live session; each use keeps it alive."""
        if not isinstance(session, str) or session not in self._seen:
            return False
        now = self._clock()
        if now - self._seen[session] > self._idle:
            del self._seen[session]
            return False
        self._seen[session] = now
        return True

    def close(self, session: str | None) -> None:
        """Sign out."""
        if isinstance(session, str):
            self._seen.pop(session, None)

    def csrf(self, session: str) -> str:
        """The token every form of this session carries; a page on another site cannot
        know it, so it cannot make the browser change anything."""
        mac = hmac.new(self._secret, session.encode("utf-8"), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).decode("ascii").rstrip("=")

    def csrf_ok(self, session: str | None, token: str | None) -> bool:
        """A change may go ahead: a live session and its own token."""
        if not isinstance(session, str) or not isinstance(token, str) or not token:
            return False
        if not self.valid(session):
            return False
        expected = self.csrf(session)
        return hmac.compare_digest(expected.encode("utf-8"), token.encode("utf-8"))

    def _forget_idle(self) -> None:
        now = self._clock()
        for session, last in list(self._seen.items()):
            if now - last > self._idle:
                del self._seen[session]


# ---------------------------------------------------------------- paths


def confined(root: Path, rel: str) -> Path:
    """The file under <root>/content that `rel` (e.g. `content/notices/a.md`) names, or
    Refused: the browser is not trusted to name site_config.yml, the history, or anything
    a symbolic link inside content/ points to elsewhere."""
    _plain_path(rel)
    _plain_path(unquote(rel))  # what a second decoding somewhere would make of it
    parts = rel.split("/")
    if parts[0] != "content" or len(parts) < 2:
        raise _outside(rel)
    root = Path(root)
    base = (root / "content").resolve()
    target = (root / rel).resolve()
    if target == base or not target.is_relative_to(base):
        raise _outside(rel)
    return root.joinpath(*parts)


def _plain_path(rel: object) -> None:
    """Refuse every spelling that could step out of a folder, before touching the disk."""
    if not isinstance(rel, str) or not rel.strip():
        raise Refused("没有给出文件路径。", "no file path was given.", 400)
    if re.search(r"[\x00-\x1f\x7f]", rel):
        raise Refused("文件路径里有控制字符。", "the path holds control characters.", 400)
    if "\\" in rel:
        raise Refused(
            "文件路径里不能有反斜杠“\\”，请用“/”分隔。",
            "the path must not contain backslashes; use '/'.",
            400,
        )
    if rel.startswith("/") or re.match(r"^[A-Za-z]:", rel):
        raise Refused(
            f"“{rel}”是绝对路径，只能打开 content/ 里的文件。",
            f"'{rel}' is an absolute path: only files in content/ can be opened.",
            400,
        )
    for part in rel.split("/"):
        if part in ("", ".", ".."):
            raise Refused(
                f"文件路径“{rel}”不规范（含有空段、“.”或“..”），只能打开 content/ 里的文件。",
                f"the path '{rel}' has an empty, '.' or '..' part: only files in content/ "
                "can be opened.",
                400,
            )
        if part.startswith("."):
            raise Refused(
                f"“{part}”是隐藏文件或文件夹，编辑台不打开它。",
                f"'{part}' is hidden: the editor does not open it.",
                403,
            )


def _outside(rel: str) -> Refused:
    return Refused(
        f"“{rel}”不在 content/ 里，编辑台只能打开 content/ 里的文件。",
        f"'{rel}' is outside content/: the editor only opens files in content/.",
        403,
    )


# ---------------------------------------------------------------- uploads


def check_upload(name: str, data: bytes, *, limit: int = UPLOAD_LIMIT) -> str:
    """The suffix to store an upload under, judged by what the bytes are — the name is
    whatever the sender chose. Refused if too big, disguised, or of a type residents'
    browsers should not be handed (web pages, programs, SVG with scripts)."""
    if len(data) > limit:
        raise Refused(
            f"“{name}”有 {_megabytes(len(data))}，超过 {_megabytes(limit)} 的上限。"
            "照片请先用手机或电脑缩小，文档请压缩图片后再上传。",
            f"'{name}' is {_megabytes(len(data))}, over the {_megabytes(limit)} limit.",
            413,
        )
    if not data:
        raise Refused(f"“{name}”是空文件。", f"'{name}' is empty.", 400)
    _refuse_dangerous(name, data)
    if data.startswith(b"%PDF-"):
        return ".pdf"
    if data.startswith(b"PK\x03\x04"):
        return _office_suffix(name, data)
    return _image_suffix(name, data)


def _refuse_dangerous(name: str, data: bytes) -> None:
    """Programs, web pages and SVG: named after what they really are."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head.startswith(b"<"):
        head = b""
    if data.startswith((b"\x7fELF", b"MZ", b"#!", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe")):
        raise Refused(
            f"“{name}”实际上是一个可执行程序，不是图片或文档，不能上传。",
            f"'{name}' is really an executable program, not a picture or document.",
            415,
        )
    if b"<svg" in head:
        raise Refused(
            f"“{name}”是 SVG 图。SVG 里可以藏脚本，在居民的浏览器里运行，所以不能上传。"
            "请另存为 PNG 或 JPG 再上传。",
            f"'{name}' is an SVG drawing, which can carry scripts that would run in residents' "
            "browsers. Save it as PNG or JPG and upload that.",
            415,
        )
    if head:
        raise Refused(
            f"“{name}”实际上是网页（HTML）一类的文字文件，不是图片或文档，不能上传。",
            f"'{name}' is really a web page (HTML) or similar markup, not a picture or document.",
            415,
        )


def _office_suffix(name: str, data: bytes) -> str:
    """.docx or .xlsx, by the parts inside the zip; macros are refused."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        parts = set()
    if "[Content_Types].xml" in parts and not any(p.endswith("vbaProject.bin") for p in parts):
        if "word/document.xml" in parts:
            return ".docx"
        if "xl/workbook.xml" in parts:
            return ".xlsx"
    if any(p.endswith("vbaProject.bin") for p in parts):
        raise Refused(
            f"“{name}”含有宏（可以运行的程序），不能上传。请在 Word/WPS 里另存为不含宏的 .docx 或 .xlsx。",
            f"'{name}' contains macros: save it as a plain .docx or .xlsx.",
            415,
        )
    raise Refused(
        f"“{name}”是压缩包，不是 Word 或 Excel 文件，不能上传。",
        f"'{name}' is a zip archive, not a Word or Excel file.",
        415,
    )


def _image_suffix(name: str, data: bytes) -> str:
    image = open_image(name, data)
    try:
        image.verify()
    except Exception:
        raise _not_allowed(name, data) from None
    return IMAGE_SUFFIXES[image.format or ""]


def open_image(name: str, data: bytes) -> Image.Image:
    """The picture, opened lazily (nothing decoded yet), or Refused: not a picture we keep,
    or so many pixels that decoding it would exhaust the server's memory."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise _bomb(name, None) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise _not_allowed(name, data) from None
    if image.width * image.height > MAX_PIXELS:
        raise _bomb(name, image.size)
    if image.format not in IMAGE_SUFFIXES:
        raise _not_allowed(name, data)
    return image


def _bomb(name: str, size: tuple[int, int] | None) -> Refused:
    pixels = f"（{size[0]}×{size[1]} 像素）" if size else ""
    return Refused(
        f"“{name}”这张图片的像素太多{pixels}，超过 {MAX_PIXELS // 10_000} 万像素，打开它会耗尽服务器内存，"
        "不能上传。请先缩小图片再上传。",
        f"'{name}' has too many pixels{' ' + str(size) if size else ''} (over {MAX_PIXELS}): "
        "decoding it would exhaust the server's memory. Shrink it first.",
        413,
    )


def _not_allowed(name: str, data: bytes) -> Refused:
    if data[:2] == b"\xd0\xcf" or data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        zh = (
            "这是旧版 Word/Excel（.doc/.xls）或苹果手机的 HEIC 照片。请另存为 .docx/.xlsx，"
            "或把照片转成 JPG（苹果手机：设置 › 相机 › 格式 › 兼容性最佳）再上传。"
        )
    else:
        zh = "只能上传 JPG、PNG、WebP、GIF 图片，PDF，以及 Word（.docx）和 Excel（.xlsx）文件。"
    return Refused(
        f"“{name}”的内容不是可以上传的文件类型。{zh}",
        f"'{name}' is not an allowed type: JPG, PNG, WebP, GIF, PDF, .docx and .xlsx only.",
        415,
    )


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB".replace(".0 MB", " MB")
