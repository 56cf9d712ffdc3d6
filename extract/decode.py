"""Bytes → text with a fixed, explainable decoding cascade.

Order: BOM → strict UTF-8 → strict GB18030 → UTF-16 without BOM (NUL-pattern heuristic) → a lossy
repair when only a few bytes are bad → refuse. GB18030 is a superset of GBK/GB2312, so we never use
those codecs: they reject characters clerks really type. A detector library is deliberately not used:
its guesses are not reproducible across versions, and the cascade is all the archives need.

"Strict" also means *no NUL*: UTF-16 text full of ASCII decodes as valid UTF-8 with a NUL in every
other place, so a NUL sends the cascade on to the UTF-16 step instead of being accepted.

Every leading byte-order mark is stripped (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE, GB18030), and so is any
U+FEFF left inside the text (files concatenated after saving): it is a zero-width marker, not content.

Characters that XML 1.0 forbids (C0 controls, U+FFFE, U+FFFF) are kept in the text — CSV and
Parquet hold it exactly — but noted, since the workbook and the review pages must spell them out
(``emit.safety.xml_text``). TAB, CR, LF, and the vertical tab and form feed that Word's text exports
use for line and page breaks, are ordinary text and not noted.

The lossy repair (decided here, documented for reviewers): when no codec reads the bytes strictly but
one reads them with at most ``MAX_DECODE_REPAIRS`` bad bytes (and under 0.1% of the file), each bad byte —
a NUL included — becomes U+FFFD, never silently dropped. ``DecodedText.replaced`` counts them and
``DecodedText.notes`` names their byte offsets; the text reader passes the notes on as
``Layout.notes``, which makes the document ``status=partial`` with a ``document.note`` anomaly. A
U+FFFD inside a number makes that value ``invalid`` rather than wrong. More damage than that is refused
with a ``DecodeError`` naming the first bad offset.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from jixiao.extract.errors import DecodeError
from jixiao.extract.limits import MAX_DECODE_REPAIR_SHARE, MAX_DECODE_REPAIRS

_BOM = "\ufeff"
# Characters XML 1.0 cannot hold that a document may carry (noted on it); emit.safety adds NUL, \x0b, \x0c.
XML_FORBIDDEN_CHARS = "\x01-\x08\x0e-\x1f\ufffe\uffff\ud800-\udfff"
_XML_FORBIDDEN = re.compile(f"[{XML_FORBIDDEN_CHARS}]")

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
    replaced: int = 0  # bad bytes (or NULs) replaced by U+FFFD in a lossy repair
    notes: tuple[str, ...] = ()  # what was repaired or stripped, for Layout.notes


def _utf16_guess(data: bytes) -> str | None:
    """UTF-16 without BOM: ASCII (digits, TABs, line breaks) puts NULs on one side of each code unit.

    Even mostly-CJK exports have a few per cent of such units; binary junk has NULs on both sides.
    """
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:65536]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > half * 0.02 and even < odd * 0.5:
        return "utf-16-le"
    if even > half * 0.02 and odd < even * 0.5:
        return "utf-16-be"
    return None


def _plausible(text: str) -> bool:
    """Mostly characters a Chinese form holds: a UTF-16 guess must read as text, not as byte soup."""
    sample = text[:20000]
    good = sum(1 for ch in sample if ch.isprintable() or ch in "\t\r\n\u3000")
    return good >= 0.98 * len(sample)


def _decode_lossy(body: bytes, codec: str, limit: int) -> tuple[str, list[int]] | None:
    """Text with each bad byte and each NUL as one U+FFFD, plus their byte offsets; None past ``limit``."""
    pieces: list[str] = []
    bad: list[int] = []
    at = 0
    while True:
        try:
            pieces.append(body[at:].decode(codec))
            break
        except UnicodeDecodeError as exc:
            pieces.append(body[at : at + exc.start].decode(codec))  # valid up to the error
            pieces.append("\ufffd" * (exc.end - exc.start))
            bad.extend(range(at + exc.start, at + exc.end))
            at += exc.end
        if len(bad) > limit:
            return None
    text = "".join(pieces)
    nuls = text.count("\x00")
    if nuls:
        if len(bad) + nuls > limit:
            return None
        if codec.startswith(("utf-8", "gb")):  # a 0x00 byte is always a NUL of its own in these codecs
            bad.extend(i for i, byte in enumerate(body) if byte == 0)
        else:  # UTF-16/32: the offset of the code unit (exact for BMP text, which is all we expect)
            width = 4 if "32" in codec else 2
            bad.extend(i * width for i, ch in enumerate(text) if ch == "\x00")
        text = text.replace("\x00", "\ufffd")
    return text, sorted(bad)


def _strip_boms(text: str) -> tuple[str, list[str]]:
    inner = text.count(_BOM)
    if not inner:
        return text, []
    return text.replace(_BOM, ""), [
        f"decoding: {inner} byte-order mark character(s) U+FEFF removed from the text"
    ]


def _finish(
    text: str,
    codec: str,
    *,
    bom: bool,
    offsets: list[int] | None = None,
    skip: int = 0,
    extra: list[str] | None = None,
) -> DecodedText:
    text, notes = _strip_boms(text)
    notes[:0] = extra or []
    notes.extend(xml_forbidden_notes(text))
    if offsets:
        shown = ", ".join(str(o + skip) for o in offsets[:8]) + (" …" if len(offsets) > 8 else "")
        notes.insert(
            0,
            f"decoding: {len(offsets)} invalid byte(s) or NUL(s) in {codec} text replaced by U+FFFD "
            f"at byte offset(s) {shown}",
        )
    return DecodedText(text, codec, bom=bom, replaced=len(offsets or ()), notes=tuple(notes))


GB_OVER_UTF8_NOTE = (
    "decoding: the bytes are valid UTF-8 and GB18030; UTF-8 gives no Chinese (accented Latin, Cyrillic …) "
    "and GB18030 gives Chinese text: read as GB18030 — check the text"
)


def _chinese(ch: str) -> bool:
    code = ord(ch)
    return 0x3400 <= code <= 0x9FFF or 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF


def gb18030_rather_than_utf8(data: bytes, utf8_text: str) -> str | None:
    """GB18030 text whose bytes happen to be valid UTF-8 too (930 common hanzi pair up as 2-byte UTF-8
    sequences: 路 = C2 B7, 陆 = C2 BD …): the GB18030 reading, when UTF-8 gives no character at or past
    U+0800 (so no Chinese at all) and GB18030 gives Chinese for nearly every non-ASCII character.

    >>> gb18030_rather_than_utf8("卢陆".encode("gb18030"), "卢陆".encode("gb18030").decode("utf-8"))
    '卢陆'
    >>> gb18030_rather_than_utf8("Café".encode(), "Café") is None  # é alone: too little to go on
    True
    >>> gb18030_rather_than_utf8("项目".encode(), "项目") is None
    True
    """
    if utf8_text.isascii() or any(ord(ch) >= 0x800 for ch in utf8_text):
        return None
    try:
        gb = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    wide = [ch for ch in gb if not ch.isascii()]
    if len(wide) < 2 or sum(map(_chinese, wide)) < 0.9 * len(wide):
        return None
    return gb


# Words every budget self-evaluation holds, simplified and traditional: what tells a GB18030 form that
# a legacy charset decodes without error (Big5, EUC-KR and GBK share byte ranges) from a page really
# in that charset. Random characters make these pairs almost never.
_FORM_WORDS = (
    ("预算", "預算"),
    ("绩效", "績效"),
    ("项目", "項目"),
    ("资金", "資金"),
    ("指标", "指標"),
    ("单位", "單位"),
    ("部门", "部門"),
    ("年度", "年度"),
    ("目标", "目標"),
    ("执行", "執行"),
    ("得分", "得分"),
    ("自评", "自評"),
)


def _form_words(text: str) -> int:
    return sum(any(w in text for w in pair) for pair in _FORM_WORDS)


def rather_than_declared(data: bytes, declared_text: str) -> tuple[str, str] | None:
    """(text, encoding) when bytes that a declared legacy charset (Big5, EUC-KR, windows-1252 …)
    decodes without error are really UTF-8 or GB18030: UTF-8 when they are valid UTF-8 with some
    non-ASCII; GB18030 when its reading holds at least two of a form's words and the declared
    reading none. Else None: the declaration stands.

    >>> gbk = "部门整体支出绩效自评表".encode("gb18030")  # GBK bytes: GB18030 extends GBK
    >>> rather_than_declared(gbk, gbk.decode("big5"))
    ('部门整体支出绩效自评表', 'gb18030')
    >>> rather_than_declared("部門整體支出績效".encode("big5"), "部門整體支出績效") is None
    True
    """
    if data.isascii():
        return None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        gb = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    if _form_words(gb) >= 2 and _form_words(declared_text) == 0:
        return gb, "gb18030"
    return None


def xml_forbidden_notes(text: str) -> list[str]:
    """A note when ``text`` holds characters XML 1.0 forbids (kept as they are; see the docstring).

    >>> xml_forbidden_notes("金额\uffff100")[0][:60]
    'decoding: 1 character(s) XML 1.0 forbids (first U+FFFF at ch'
    >>> xml_forbidden_notes("附件1\t表\x0c")
    []
    """
    found = _XML_FORBIDDEN.search(text)
    if found is None:
        return []
    count = len(_XML_FORBIDDEN.findall(text))
    return [
        f"decoding: {count} character(s) XML 1.0 forbids (first U+{ord(found.group()):04X} at character "
        f"{found.start()}) kept; the workbook and review pages spell them out"
    ]


def _limit(size: int) -> int:
    return min(MAX_DECODE_REPAIRS, int(size * MAX_DECODE_REPAIR_SHARE))


def _strict(body: bytes, codec: str) -> str | None:
    try:
        text = body.decode(codec)
    except UnicodeDecodeError:
        return None
    return None if "\x00" in text else text


def decode_bytes(data: bytes) -> DecodedText:
    """Decode a text export; raise ``DecodeError`` saying where it failed when no codec fits.

    >>> decode_bytes("附件1".encode("gb18030")).encoding
    'gb18030'
    >>> decode_bytes(codecs.BOM_UTF8 + "表".encode()).text
    '表'
    >>> got = decode_bytes(("附件1 项目" * 400).encode() + b"\\xff")
    >>> got.encoding, got.replaced, got.text[-1]
    ('utf-8', 1, '\ufffd')
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_with_bom(data, bom, codec)
    text = _strict(data, "utf-8")
    if text is not None:
        gb = gb18030_rather_than_utf8(data, text)
        if gb is not None:
            return _finish(gb, "gb18030", bom=False, extra=[GB_OVER_UTF8_NOTE])
        return _finish(text, "utf-8", bom=False)
    text = _strict(data, "gb18030")
    if text is not None:
        return _finish(text, "gb18030", bom=False)
    guess = _utf16_guess(data)
    if guess:
        text = _strict(data, guess)
        if text is not None and _plausible(text):
            return _finish(text, guess, bom=False)
    # Lossy repair: the codec with the fewest bad bytes, UTF-8 on a tie (its structure rarely fits by
    # chance, while GB18030 reads most byte soup as *some* characters).
    best: tuple[str, list[int], str] | None = None
    for codec in ("utf-8", "gb18030", *((guess,) if guess else ())):
        got = _decode_lossy(data, codec, _limit(len(data)))
        if got is not None and (best is None or len(got[1]) < len(best[1])):
            best = (got[0], got[1], codec)
    if best is not None:
        text, offsets, codec = best
        return _finish(text, codec, bom=False, offsets=offsets)
    raise DecodeError(_refusal(data))


def _decode_with_bom(data: bytes, bom: bytes, codec: str) -> DecodedText:
    body = data[len(bom) :]
    inner = "utf-8" if codec == "utf-8-sig" else codec
    text = _strict(body, inner)
    if text is not None:
        return _finish(text, codec, bom=True)
    if codec == "utf-8-sig":  # an editor put a UTF-8 signature on a GB18030 file
        gb = _strict(body, "gb18030")
        if gb is not None and _plausible(gb):
            note = "decoding: a UTF-8 byte-order mark before GB18030 text; read as GB18030 — check the text"
            return _finish(gb, "gb18030", bom=True, extra=[note])
    got = _decode_lossy(body, inner, _limit(len(body)))
    if got is not None:
        return _finish(got[0], codec, bom=True, offsets=got[1], skip=len(bom))
    try:
        body.decode(inner)
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"{codec} byte-order mark, but byte {exc.start + len(bom)} is not {codec}"
        ) from None
    at = body.decode(inner).index("\x00")
    raise DecodeError(f"NUL character at character offset {at} in {codec} text: not a text export")


def _refusal(data: bytes) -> str:
    """One line naming the first bad offset of each codec tried."""
    where: list[str] = []
    for codec in ("utf-8", "gb18030"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            where.append(f"{codec}: invalid byte at offset {exc.start}")
            continue
        nul = data.find(b"\x00")
        where.append(f"{codec}: NUL byte at offset {nul}")
        del text
    return f"not text in UTF-8, GB18030 or UTF-16 ({'; '.join(where)}); re-export the file as UTF-8 text"
