"""Cleaning of text fields: labels lose their layout breaks, prose keeps its paragraphs."""

from __future__ import annotations

from functools import lru_cache

from jixiao.extract.labels import SPACE_LIKE

_EDGE = " \t\u3000\u00a0\u200b\ufeff"


@lru_cache(maxsize=1 << 16)  # every form's labels and names recur: once per distinct text
def clean_inline(text: str | None) -> str | None:
    """A label or name: no spaces or breaks at all (``数量⏎指标`` → ``数量指标``); None when blank.

    >>> clean_inline("数量\\n指标")
    '数量指标'
    >>> clean_inline("\\u3000") is None
    True
    """
    if text is None:
        return None
    out = SPACE_LIKE.sub("", text)
    return out or None


@lru_cache(maxsize=1 << 16)
def clean_prose(text: str | None) -> str | None:
    """Sentences: trim each line, drop blank lines, keep the remaining breaks; None when blank.

    >>> clean_prose("\\u3000完成巡察。\\u3000\\u3000\\n\\n 第二段 ")
    '完成巡察。\\n第二段'
    """
    if text is None:
        return None
    lines = [ln.strip(_EDGE) for ln in text.replace("\r", "\n").split("\n")]
    out = "\n".join(ln for ln in lines if ln)
    return out or None
