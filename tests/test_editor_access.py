"""Who may use the editor (编辑台) and what it lets through: the password kept only as a
hash, sessions and their CSRF tokens, paths confined to content/, uploads judged by what
they are, and photos made small and free of their hidden GPS position."""

from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib

import pytest
import yaml
from conftest import ROOT, site_from
from other_community import TODAY, write_other_community
from PIL import ExifTags, Image, PngImagePlugin

from generator.commands.check import check
from generator.commands.password import ask_password, config_lines
from generator.editor.access import (
    Refused,
    Sessions,
    check_upload,
    confined,
    hash_password,
    password_matches,
)
from generator.editor.images import fit_image
from generator.errors import BoardError

# ---------------------------------------------------------------- passwords


def test_a_password_is_kept_as_a_salted_scrypt_hash():
    stored = hash_password("文庙坪2026居委")
    assert stored.startswith("scrypt$16384$8$1$") and "文庙坪" not in stored
    assert password_matches(stored, "文庙坪2026居委")
    assert not password_matches(stored, "文庙坪2026居委 ")
    assert not password_matches(stored, "")
    assert hash_password("文庙坪2026居委") != stored  # a fresh salt each time


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "mima12345",
        "scrypt$",
        "scrypt$16384$8$1$c2FsdA==",
        "scrypt$abc$8$1$c2FsdA==$aGFzaA==",
        "scrypt$16384$8$1$!!!$aGFzaA==",
        "scrypt$1000$8$1$c2FsdA==$aGFzaA==",  # not a power of two
        "scrypt$1073741824$8$1$c2FsdA==$aGFzaA==",  # a cost that would stall the server
        "bcrypt$16384$8$1$c2FsdA==$aGFzaA==",
        None,
    ],
)
def test_a_malformed_hash_never_matches_and_never_raises(stored):
    assert password_matches(stored, "mima12345") is False


def test_site_config_takes_the_hash_and_refuses_a_plain_password(tmp_path):
    root = site_from(tmp_path / "ok")
    text = (root / "site_config.yml").read_text(encoding="utf-8")
    (root / "site_config.yml").write_text(text + config_lines("mima12345"), encoding="utf-8")
    assert [p for p in check(root, "2026-11-21") if p.level == "error"] == []

    root = site_from(tmp_path / "plain")
    (root / "site_config.yml").write_text(text + "edit:\n  password: mima12345\n", "utf-8")
    errors = [p.format() for p in check(root, "2026-11-21") if p.level == "error"]
    assert errors == [
        "错误 site_config.yml:13: 字段 edit.password：这里要填 board password 生成的一串 scrypt$…，"
        "不能直接写密码。请运行 board password，把它打印的两行复制到 site_config.yml。\n"
        "    error site_config.yml:13: field edit.password: this must be the scrypt$… hash that "
        "board password prints, never the password itself: run board password and paste the "
        "lines it prints."
    ]
    assert "mima12345" not in errors[0]  # the password is not repeated into logs


def _board(*args: str, stdin: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("community", ["demo", "other"])
def test_board_password_prints_lines_that_both_communities_accept(tmp_path, community):
    result = _board("password", stdin="东区 居委会 2026\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith('edit:\n  password: "scrypt$')
    assert "东区" not in result.stdout
    assert "把上面两行复制到 site_config.yml" in result.stderr
    stored = yaml.safe_load(result.stdout)["edit"]["password"]
    assert password_matches(stored, "东区 居委会 2026")  # spaces inside are kept

    root = tmp_path / community
    if community == "demo":
        root.mkdir()
        shutil.copy(ROOT / "site_config.yml", root)
        shutil.copytree(ROOT / "content", root / "content")
        today = "2026-11-21"
    else:
        write_other_community(root)
        today = TODAY
    with (root / "site_config.yml").open("a", encoding="utf-8") as config:
        config.write("\n" + result.stdout)
    assert [p.format() for p in check(root, today) if p.level == "error"] == []


def test_board_password_refuses_a_short_one():
    result = _board("password", stdin="1234\n")
    assert result.returncode == 1 and result.stdout == ""
    assert "密码太短：至少要 8 个字符" in result.stderr
    assert "Traceback" not in result.stderr


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_password_is_asked_twice_unseen(monkeypatch):
    answers = iter(["居委会的新密码啊", "居委会的新密玛啊"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    with pytest.raises(BoardError, match="两次输入的密码不一样"):
        ask_password(_Terminal())
    answers = iter(["居委会的新密码啊", "居委会的新密码啊"])
    assert ask_password(_Terminal()) == "居委会的新密码啊"


# ---------------------------------------------------------------- sessions


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_session_lives_while_used_and_ends_after_twelve_idle_hours():
    clock = _Clock()
    sessions = Sessions(clock=clock)
    session = sessions.open()
    assert len(session) >= 40 and sessions.valid(session)
    clock.now += 11 * 3600
    assert sessions.valid(session)  # used: the twelve hours start again
    clock.now += 11 * 3600
    assert sessions.valid(session)
    clock.now += 12 * 3600 + 1
    assert not sessions.valid(session)
    assert not sessions.valid(None) and not sessions.valid("") and not sessions.valid("猜的")


def test_signing_out_ends_the_session():
    sessions = Sessions()
    session = sessions.open()
    sessions.close(session)
    assert not sessions.valid(session)


def test_a_change_needs_the_sessions_own_token():
    sessions = Sessions()
    mine, theirs = sessions.open(), sessions.open()
    token = sessions.csrf(mine)
    assert sessions.csrf_ok(mine, token)
    assert not sessions.csrf_ok(mine, None)
    assert not sessions.csrf_ok(mine, "")
    assert not sessions.csrf_ok(mine, token[:-1] + ("A" if token[-1] != "A" else "B"))
    assert not sessions.csrf_ok(mine, sessions.csrf(theirs))
    assert not sessions.csrf_ok(None, token)
    assert not sessions.csrf_ok(mine, "令牌")  # not ASCII: refused, not an error
    assert not Sessions().csrf_ok(mine, token)  # another server, another secret
    sessions.close(mine)
    assert not sessions.csrf_ok(mine, token)


# ---------------------------------------------------------------- paths


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "project"
    (root / "content/assets").mkdir(parents=True)
    (root / "content/notices").mkdir()
    (root / "site_config.yml").write_text("site: {}\n", encoding="utf-8")
    (root / ".board-history").mkdir()
    return root


@pytest.mark.parametrize(
    ("rel", "status", "says"),
    [
        ("../site_config.yml", 400, "“..”"),
        ("content/../../etc/passwd", 400, "“..”"),
        ("content/../site_config.yml", 400, "“..”"),
        ("/etc/passwd", 400, "绝对路径"),
        ("C:/Windows/win.ini", 400, "绝对路径"),
        ("content/assets/%2e%2e/%2e%2e/site_config.yml", 400, "“..”"),
        ("content/assets/%2E%2E%2F..%2Fx", 400, "“..”"),
        ("content\\..\\x", 400, "反斜杠"),
        ("content/notices/a.md\x00.png", 400, "控制字符"),
        ("", 400, "没有给出文件路径"),
        ("content//notices/a.md", 400, "空段"),
        ("content/./notices/a.md", 400, "“.”"),
        ("site_config.yml", 403, "不在 content/ 里"),
        (".board-history/config", 403, "隐藏"),
        ("content/.git/config", 403, "隐藏"),
        ("content", 403, "不在 content/ 里"),
        ("content/", 400, "空段"),
        ("theme/main.html", 403, "不在 content/ 里"),
    ],
)
def test_paths_outside_content_are_refused(project, rel, status, says):
    with pytest.raises(Refused) as refused:
        confined(project, rel)
    assert refused.value.status == status
    assert says in refused.value.zh


def test_a_symlink_inside_content_leading_outside_is_refused(project):
    os.symlink(project / "site_config.yml", project / "content/assets/seal.png")
    os.symlink(project, project / "content/assets/up")
    for rel in ("content/assets/seal.png", "content/assets/up/site_config.yml"):
        with pytest.raises(Refused) as refused:
            confined(project, rel)
        assert refused.value.status == 403 and "不在 content/ 里" in refused.value.zh


def test_chinese_names_and_new_files_inside_content_are_allowed(project):
    os.symlink(project / "content/assets", project / "content/图片")
    for rel in (
        "content/notices/2026-文明家庭推荐公示.md",
        "content/assets/照片/社区 活动 合影.jpg",  # a folder not made yet
        "content/assets/50%折扣.png",
        "content/图片/公章.png",  # a link that stays inside content/
    ):
        assert confined(project, rel) == project.joinpath(*rel.split("/"))


# ---------------------------------------------------------------- uploads


def _picture(form: str, size=(120, 80), mode="RGB", **options) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "#3a7").save(out, form, **options)
    return out.getvalue()


def _zip(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


DOCX = {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}
XLSX = {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}


@pytest.mark.parametrize(
    ("name", "data", "suffix"),
    [
        ("合影.jpg", _picture("JPEG"), ".jpg"),
        ("截图.png", _picture("PNG"), ".png"),
        ("照片.webp", _picture("WEBP"), ".webp"),
        ("动图.gif", _picture("GIF"), ".gif"),
        ("改了名字.jpg", _picture("PNG"), ".png"),  # judged by content, not by name
        ("无扩展名", _picture("JPEG"), ".jpg"),
        ("通知.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n", ".pdf"),
        ("名单.docx", _zip(DOCX), ".docx"),
        ("名单.xlsx", _zip(XLSX), ".xlsx"),
        ("报名表.bin", _zip(XLSX), ".xlsx"),
    ],
)
def test_allowed_uploads_are_named_after_what_they_are(name, data, suffix):
    assert check_upload(name, data) == suffix


ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(200)
PE = b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200)
HTML = "\ufeff\n<!DOCTYPE html><html><body><script>fetch('/_edit/')</script></body></html>"
SVG = (
    '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    "<script>alert(document.cookie)</script></svg>"
)


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("照片.jpg", HTML.encode("utf-8"), "实际上是网页（HTML）"),
        ("照片.jpg", b"<script>alert(1)</script>", "实际上是网页（HTML）"),
        ("照片.jpg", ELF, "实际上是一个可执行程序"),
        ("通知.pdf", PE, "实际上是一个可执行程序"),
        ("图标.svg", SVG.encode("utf-8"), "SVG 里可以藏脚本"),
        ("图标.png", b"<svg onload='alert(1)'/>", "SVG 里可以藏脚本"),
        ("资料.docx", _zip({"a.txt": "x"}), "是压缩包，不是 Word 或 Excel 文件"),
        (
            "宏.xlsx",
            _zip({**XLSX, "xl/vbaProject.bin": "macro"}),
            "含有宏",
        ),
        ("旧表格.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "另存为 .docx/.xlsx"),
        ("照片.jpg", b"\xff\xd8\xff\xe0 not really a jpeg at all" + bytes(100), "只能上传 JPG"),
        ("说明.txt", "居民须知".encode(), "只能上传 JPG、PNG、WebP、GIF 图片，PDF"),
        ("照片.bmp", _picture("BMP"), "只能上传 JPG"),
    ],
)
def test_disguised_and_dangerous_uploads_are_refused(name, data, says):
    with pytest.raises(Refused) as refused:
        check_upload(name, data)
    assert refused.value.status == 415
    assert says in refused.value.zh and name in refused.value.zh


def test_an_upload_over_the_limit_is_refused_with_its_size():
    big = _picture("JPEG") + bytes(10 * 1024 * 1024)
    with pytest.raises(Refused) as refused:
        check_upload("大照片.jpg", big)
    assert refused.value.status == 413
    assert "“大照片.jpg”有 10 MB，超过 10 MB 的上限" in refused.value.zh
    assert check_upload("小照片.jpg", _picture("JPEG"), limit=5000) == ".jpg"
    with pytest.raises(Refused, match="超过 0.5 MB 的上限"):
        check_upload("照片.jpg", bytes(600_000), limit=512 * 1024)


def test_an_empty_upload_is_refused():
    with pytest.raises(Refused, match="是空文件") as refused:
        check_upload("空.jpg", b"")
    assert refused.value.status == 400


def _png_header(width: int, height: int) -> bytes:
    """A tiny PNG that claims to be width × height: decoding it would need gigabytes."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        body = kind + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(1000)))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("size", [(30000, 30000), (10000, 10000)])
def test_a_decompression_bomb_is_refused_before_it_is_decoded(size):
    bomb = _png_header(*size)
    assert len(bomb) < 2000
    for judge in (lambda: check_upload("炸弹.png", bomb), lambda: fit_image(bomb)):
        with pytest.raises(Refused) as refused:
            judge()
        assert refused.value.status == 413
        assert "像素太多" in refused.value.zh and "请先缩小图片再上传" in refused.value.zh


# ---------------------------------------------------------------- fitting pictures


def _photo_with_gps(size=(4000, 3000), orientation: int = 1) -> bytes:
    picture = Image.new("RGB", size, "#c84")
    picture.paste((30, 90, 200), (0, 0, size[0] // 2, size[1] // 3))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "居民的手机"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (28.0, 11.0, 42.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (112.0, 58.0, 17.0),
    }
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif, quality=95)
    return out.getvalue()


def test_a_phone_photo_loses_its_gps_position_and_shrinks():
    original = _photo_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # it had one
    data, suffix = fit_image(original)
    fitted = Image.open(io.BytesIO(data))
    assert suffix == ".jpg" and fitted.format == "JPEG" and fitted.size == (1600, 1200)
    assert not fitted.getexif() and "exif" not in fitted.info
    assert b"Exif" not in data and "居民的手机".encode() not in data
    assert fitted.info.get("progressive") and len(data) < len(original)


@pytest.mark.parametrize("form", ["JPEG", "PNG", "WEBP"])
def test_no_metadata_of_any_kind_goes_out(form):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PHONE-MAKE"
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitude: (28.0, 11.0, 42.0)}
    xmp = b"<x:xmpmeta><exif:GPSLatitude>28,11.7N</exif:GPSLatitude></x:xmpmeta>"
    options: dict = {"exif": exif}
    if form == "PNG":
        options["pnginfo"] = PngImagePlugin.PngInfo()
        options["pnginfo"].add_text("XML:com.adobe.xmp", xmp.decode())
        options["pnginfo"].add_text("Comment", "3栋502 王秀英")
    else:
        options["xmp"] = xmp
    original = _picture(form, (400, 300), **options)
    assert b"PHONE-MAKE" in original and b"GPSLatitude" in original
    data, _ = fit_image(original)
    assert b"PHONE-MAKE" not in data and b"GPSLatitude" not in data
    assert "王秀英".encode() not in data and not Image.open(io.BytesIO(data)).getexif()


def test_a_photo_taken_sideways_comes_out_upright():
    data, _ = fit_image(_photo_with_gps((2000, 1000), orientation=6))
    fitted = Image.open(io.BytesIO(data))
    assert fitted.size == (800, 1600)
    # The band painted along the sensor's top now runs down the right-hand side.
    red, green, blue = fitted.convert("RGB").getpixel((780, 100))
    assert blue > 150 and red < 100


def test_a_small_picture_is_never_enlarged():
    data, suffix = fit_image(_picture("JPEG", (300, 200)))
    assert suffix == ".jpg" and Image.open(io.BytesIO(data)).size == (300, 200)
    data, suffix = fit_image(_picture("PNG", (300, 200)), longest=100)
    assert suffix == ".png" and Image.open(io.BytesIO(data)).size == (100, 67)


def test_a_transparent_png_stays_a_transparent_png():
    data, suffix = fit_image(_picture("PNG", (2400, 600), mode="RGBA"))
    fitted = Image.open(io.BytesIO(data))
    assert suffix == ".png" and fitted.mode == "RGBA" and fitted.size == (1600, 400)
    palette = io.BytesIO()
    Image.new("P", (50, 50), 0).save(palette, "PNG", transparency=0)
    assert Image.open(io.BytesIO(fit_image(palette.getvalue())[0])).mode == "RGBA"


def test_a_photograph_saved_as_png_goes_out_as_jpeg():
    noisy = Image.frombytes("RGB", (1600, 1200), os.urandom(1600 * 1200 * 3))
    out = io.BytesIO()
    noisy.save(out, "PNG")
    data, suffix = fit_image(out.getvalue())
    assert suffix == ".jpg" and len(data) < len(out.getvalue()) // 2


def test_a_print_shop_cmyk_jpeg_comes_out_as_rgb():
    data, suffix = fit_image(_picture("JPEG", mode="CMYK"))
    assert suffix == ".jpg" and Image.open(io.BytesIO(data)).mode == "RGB"


def _animation() -> bytes:
    frames = [Image.new("RGB", (2000, 100), (n * 60, 0, 0)) for n in range(4)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0)
    return out.getvalue()


def test_an_animated_gif_is_kept_as_it_is_within_the_limit():
    animation = _animation()
    assert fit_image(animation) == (animation, ".gif")  # every frame, even at 2000 px wide
    with pytest.raises(Refused, match="动图不会自动缩小") as refused:
        fit_image(animation, limit=len(animation) - 1)
    assert refused.value.status == 413


@pytest.mark.parametrize("weasyprint_loaded", [False, True])
def test_a_damaged_picture_is_refused_not_a_crash(weasyprint_loaded, monkeypatch):
    """Also in the preview's process, where WeasyPrint tells Pillow to accept cut pictures."""
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", weasyprint_loaded)
    truncated = _photo_with_gps((800, 600))[:2000]
    with pytest.raises(Refused) as refused:
        fit_image(truncated, name="坏照片.jpg")
    assert refused.value.status == 415 and "坏照片.jpg" in refused.value.zh
