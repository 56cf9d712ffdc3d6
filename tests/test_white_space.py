"""``extract.white_space`` spells the ``regex`` module's ``\\s`` for ``re``: the same characters, all."""

from __future__ import annotations

import re
import sys

import pytest
import regex
from jixiao.extract.white_space import NON_SPACE, SPACE, WHITE


def test_space_is_regex_white_space_over_all_of_unicode() -> None:
    chars = "".join(map(chr, range(sys.maxunicode + 1)))
    assert re.findall(SPACE, chars) == regex.findall(r"\s", chars)
    assert len(re.findall(NON_SPACE, chars)) == len(regex.findall(r"\S", chars))


@pytest.mark.parametrize(
    ("char", "white"),
    [
        (" ", True),
        ("\u3000", True),  # the ideographic space of Chinese forms
        ("\xa0", True),  # a web page's no-break space
        ("\t", True),
        ("\n", True),
        ("\x1c", False),  # re's \s takes the information separators; regex's does not
        ("\x1f", False),
        ("\u200b", False),  # a zero-width space is no white space to either
        ("0", False),
        ("巡", False),
    ],
)
def test_white_space_characters(char: str, white: bool) -> None:
    assert bool(re.fullmatch(SPACE, char)) is white
    assert bool(re.fullmatch(f"[^{WHITE}]", char)) is not white
