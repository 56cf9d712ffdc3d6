"""Bytes → text with a fixed, explainable decoding cascade.

Order: BOM → UTF-16 (NUL-pattern heuristic) → strict UTF-8 → strict GB18030 → refuse. GB18030 is a
superset of GBK/GB2312, so we never use those codecs: they reject characters clerks really type.
A detector library is deliberately not used: its guesses are not reproducible across versions, and the
cascade is all the archives need.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from extract.errors import DecodeError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (b"\x84\x31\x95\x33", "gb18030"),  # GB18030's own BOM
)


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str  # the codec that read it, e.g. "utf-8", "utf-8-sig", "gb18030", "utf-16-le"
    bom: bool = False


def _utf16_guess(data: bytes) -> str | None:
    """UTF-16 without BOM: most CJK/ASCII text puts NULs on one side of each code unit."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > half * 0.2 and even < odd * 0.1:
        return "utf-16-le"
    if even > half * 0.2 and odd < even * 0.1:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> DecodedText:
    """Decode a text export; raise ``DecodeError`` saying where it failed when no codec fits.

    >>> decode_bytes("附件1".encode("gb18030")).encoding
    'gb18030'
    >>> decode_bytes(codecs.BOM_UTF8 + "表".encode()).text
    '表'
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            name = "utf-8-sig" if codec == "utf-8-sig" else codec
            try:
                text = body.decode("utf-8" if codec == "utf-8-sig" else codec)
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"{name} byte-order mark, but byte {exc.start + len(bom)} is not {name}"
                ) from None
            return DecodedText(_check_nul(text, name), name, bom=True)
    guess = _utf16_guess(data)
    if guess:
        try:
            return DecodedText(_check_nul(data.decode(guess), guess), guess)
        except UnicodeDecodeError:
            pass
    try:
        return DecodedText(_check_nul(data.decode("utf-8"), "utf-8"), "utf-8")
    except UnicodeDecodeError as utf8_exc:
        utf8_at = utf8_exc.start
    try:
        return DecodedText(_check_nul(data.decode("gb18030"), "gb18030"), "gb18030")
    except UnicodeDecodeError as gb_exc:
        raise DecodeError(
            f"not text in UTF-8 (invalid byte at offset {utf8_at}), GB18030 (offset {gb_exc.start}) "
            "or UTF-16; re-export the file as UTF-8 text"
        ) from None


def _check_nul(text: str, codec: str) -> str:
    at = text.find("\x00")
    if at >= 0:
        raise DecodeError(f"NUL character at character offset {at} in {codec} text: not a text export")
    return text
