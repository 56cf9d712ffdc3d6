"""Every bound a reader enforces on hostile or absurd input, in one place.

A real self-evaluation is a few kilobytes of text or a Word file well under 1 MB; each bound below sits
orders of magnitude above that and below what would exhaust memory, the stack or the CPU. A file past
a bound is refused with a ``LimitError`` (one failed document), never read in part.
"""

from __future__ import annotations

MiB = 1024 * 1024

# ---- zip containers (.docx, .xlsx parts; members of an input .zip archive)
ZIP_MAX_RATIO = 200  # XML and text deflate ~5-30x; a bomb expands 1000x and more
ZIP_RATIO_FLOOR_BYTES = 1 * MiB  # small members (runs of spaces) may compress absurdly well: harmless
ZIP_MAX_MEMBERS = 10_000  # a .docx has ~20 parts; a central directory of millions is a CPU bomb
MAX_PART_BYTES = 40 * MiB  # one XML part inflated: document.xml is well under 10 MB; 40 MB parse to ~450 MB
MAX_SCAN_BYTES = 100 * MiB  # all XML parts together, inflated once to look for a DOCTYPE
MAX_ARCHIVE_MEMBER_BYTES = 256 * MiB  # one input file inside a .zip: a .docx with scanned images is big
MAX_INPUT_FILE_BYTES = MAX_ARCHIVE_MEMBER_BYTES  # the same bound for a file on disk, checked from stat
# an input .zip's central directory is read whole, and a ZipInfo made per entry (~700 bytes), before any
# member: a 29 MB archive of 300,000 empty members took the parent to 221 MB
MAX_ARCHIVE_MEMBERS = 100_000  # a delivery of a whole province's submissions has thousands
MAX_CENTRAL_DIRECTORY_BYTES = 64 * MiB  # 100,000 entries with long paths take ~25 MB

# ---- whole files, checked before decoding (each reader holds its file in memory)
MAX_TEXT_BYTES = 16 * MiB  # a real text export is well under 1 MB
MAX_HTML_BYTES = 20 * MiB  # a saved report page is well under 1 MB
MAX_XLSX_BYTES = 50 * MiB  # a form workbook is well under 1 MB
MAX_OFFICE_BYTES = 64 * MiB  # a .doc/.wps/.rtf/.xls/.et handed to LibreOffice

# ---- text
MAX_TEXT_CHARS = 50_000_000  # decoded characters; above MAX_TEXT_BYTES only for 1-byte encodings
MAX_LINE_CHARS = 200_000  # a longer "line" is not a form export: refuse rather than crawl
MAX_CELLS_PER_LINE = 1_000  # a form row has < 20 TAB-separated cells; thousands are not a table
MAX_DECODE_REPAIRS = 16  # bad bytes a lossy decode may replace; beyond that it is not text we trust
MAX_DECODE_REPAIR_SHARE = 0.001  # … and never more than 0.1% of the bytes

# ---- structure
XML_MAX_DEPTH = 256  # libxml2's nesting bound without XML_PARSE_HUGE (we never set it)
XML_MAX_TEXT = 10_000_000  # libxml2's bound on one text node without XML_PARSE_HUGE
HTML_MAX_DEPTH = 200  # element nesting; deeper is machine-made junk and would exhaust the stack
MAX_COL_SPAN = 1000  # as the HTML standard bounds colspan
MAX_GRID_SLOTS = 1_000_000  # table cells over a whole workbook or page, spans included


def exceeds_ratio(file_size: int, compress_size: int) -> bool:
    """Whether a zip member's declared sizes make it a bomb (the one ratio rule every reader applies).

    >>> exceeds_ratio(300 * MiB, MiB), exceeds_ratio(2 * MiB, 1), exceeds_ratio(100 * MiB, MiB)
    (True, True, False)
    """
    return file_size > ZIP_RATIO_FLOOR_BYTES and file_size > ZIP_MAX_RATIO * max(compress_size, 1)
