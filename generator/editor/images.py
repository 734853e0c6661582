"""Pictures as residents' phones should receive them: upright, small, and without the
hidden EXIF data (GPS position, camera, time) a phone photo carries."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

from PIL import Image, ImageFile, ImageOps

from .access import UPLOAD_LIMIT, Refused, open_image

JPEG_QUALITY = 85
# A lossless picture (PNG, still GIF) larger than this once resized is a photograph saved
# as PNG: it goes out as JPEG, a fraction of the size on a resident's phone.
PNG_AT_MOST = 1024 * 1024


def fit_image(
    data: bytes, *, longest: int = 1600, limit: int = UPLOAD_LIMIT, name: str = "图片"
) -> tuple[bytes, str]:
    """(bytes, suffix): at most `longest` pixels on the long side (never enlarged), turned
    the way the camera was held, metadata dropped; transparent pictures and screenshots as
    PNG, photographs as progressive JPEG at quality 85. An animated GIF is kept exactly as
    uploaded (resizing would lose frames' timing) when it is within `limit`."""
    image = open_image(name, data)
    source = image.format
    if source == "GIF" and getattr(image, "is_animated", False):
        return _animation(name, data, limit), ".gif"
    if source in ("JPEG", "MPO"):
        image.draft("RGB", (longest, longest))  # decode big photos at a fraction of the size
    icc = image.info.get("icc_profile") if image.mode != "CMYK" else None
    try:
        with _whole_pictures_only():
            image.load()
        image = ImageOps.exif_transpose(image)
        image = _plain_mode(image)
    except (OSError, ValueError, SyntaxError):
        raise Refused(
            f"“{name}”这张图片已损坏或不完整，无法处理。请重新拍摄或导出后再上传。",
            f"'{name}' is damaged or incomplete and cannot be processed.",
            415,
        ) from None
    image.thumbnail((longest, longest), Image.Resampling.LANCZOS)
    image.info = {}  # EXIF, XMP, text chunks: none of the original's metadata may go out
    if image.mode == "RGBA" or source in ("PNG", "GIF"):
        png = _save(image, "PNG", icc, optimize=True)
        if image.mode == "RGBA" or len(png) <= PNG_AT_MOST:
            return png, ".png"
    jpeg = _save(image, "JPEG", icc, quality=JPEG_QUALITY, progressive=True, optimize=True)
    return jpeg, ".jpg"


@contextmanager
def _whole_pictures_only() -> Iterator[None]:
    """WeasyPrint, loaded in the same process for the print preview, tells Pillow to accept
    truncated pictures (for its own drawing): an upload cut short must still be refused."""
    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def _animation(name: str, data: bytes, limit: int) -> bytes:
    if len(data) > limit:
        raise Refused(
            f"“{name}”是动图，有 {len(data) / 1024 / 1024:.1f} MB，超过上限。动图不会自动缩小，"
            "请先用工具压缩，或换成一张静态图片。",
            f"'{name}' is an animated GIF over the size limit; animations are not resized.",
            413,
        )
    return data


def _plain_mode(image: Image.Image) -> Image.Image:
    """RGBA when the picture has transparency, L when grey, RGB otherwise: the modes every
    browser and the print engine show the same."""
    transparent = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        image.mode == "P" and "transparency" in image.info
    )
    if transparent:
        return image.convert("RGBA")
    if image.mode in ("L", "RGB"):
        return image
    return image.convert("L" if image.mode in ("1", "I", "I;16", "F") else "RGB")


def _save(image: Image.Image, form: str, icc: bytes | None, **options: object) -> bytes:
    out = io.BytesIO()
    if icc:
        options["icc_profile"] = icc
    image.save(out, form, **options)
    return out.getvalue()
