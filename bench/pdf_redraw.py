"""A PDF redrawn without a single line: the same characters at the same places (a form typeset with spaces).

What many finance bureaus' exports look like. Tests (``tests/pdf_factory``) and ``bench/pdf_twins`` make
such twins of ruled PDFs with it; text is drawn with reportlab's built-in CID font ``STSong-Light``.
"""

from __future__ import annotations

import io

FONT = "STSong-Light"


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def without_rulings(data: bytes) -> bytes:
    """The same characters at the same places, redrawn without a single line."""
    import pdfplumber
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas

    font = _font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    with pdfplumber.open(io.BytesIO(data)) as src:
        for page in src.pages:
            c.setPageSize((page.width, page.height))
            for ch in page.chars:
                # Each glyph as wide as it was (the stand-in font's widths differ): no gap appears that
                # the original did not have.
                drawn = pdfmetrics.stringWidth(ch["text"], font, ch["size"])
                scale = 100.0 * (ch["x1"] - ch["x0"]) / drawn if drawn > 0 else 100.0
                text = c.beginText(ch["x0"], page.height - ch["bottom"] + ch["size"] * 0.12)
                text.setFont(font, ch["size"])
                text.setHorizScale(scale)
                text.textOut(ch["text"])
                c.drawText(text)
            c.showPage()
    c.save()
    return buf.getvalue()
