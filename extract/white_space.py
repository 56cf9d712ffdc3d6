"""White space as the ``regex`` module's ``\\s`` matches it, for patterns compiled with the standard ``re``.

The text-shape readers match short cells some hundred thousand times a document; the standard library's
``re`` does such a match in about half the time ``regex`` takes (which also lets go of the interpreter
lock and takes it back around every match). Patterns that need nothing of ``regex`` (no ``\\p{Han}``) are
compiled with ``re`` there. ``re``'s ``\\s`` takes four characters more than ``regex``'s (U+001C–U+001F,
the information separators, which a clerk's text may hold as characters), so such a pattern spells its
white space with :data:`SPACE`, :data:`NON_SPACE` or, inside a class, :data:`WHITE`, and matches what it
matched before.

>>> import re, regex
>>> [bool(re.fullmatch(f"[{WHITE}]", c)) for c in (" ", "\\u3000", "\\x1c", "a")]
[True, True, False, False]
>>> all(bool(re.match(SPACE, chr(n))) == bool(regex.match(r"\\s", chr(n))) for n in range(0x3001))
True
>>> all(bool(re.match(NON_SPACE, chr(n))) == bool(regex.match(r"\\S", chr(n))) for n in range(0x3001))
True
"""

from __future__ import annotations

# The characters of ``regex``'s \s (Unicode White_Space), written to stand inside a character class.
WHITE = "\\t\\n\\x0b\\x0c\\r\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"

SPACE = f"[{WHITE}]"  # for regex's \s
NON_SPACE = f"[^{WHITE}]"  # for regex's \S

__all__ = ["NON_SPACE", "SPACE", "WHITE"]
