"""Exceptions for unusable input and caller bugs. Bad *data* is never an exception: it becomes a row."""


class JixiaoError(Exception):
    """Base of every error jixiao raises on purpose."""


class FormatError(JixiaoError, ValueError):
    """The bytes are not a readable file of the format they claim (corrupt, encrypted, renamed …)."""


class DecodeError(FormatError, UnicodeError):
    """A text file in no encoding we accept; the message says where it went wrong."""


class LimitError(FormatError):
    """The input exceeds a safety bound (size, nesting, ratio); refused rather than read."""
