"""Stage 1: bytes → layout (blocks, tables, rows, cells with typed locations) → raw form records.

One reader per format (``text_source``, ``docx_source``, ``xlsx_source``, ``html_source``) produces the
format-neutral ``layout.Layout``; ``segment`` finds forms and reports in it (``records``). Every bound on
hostile input lives in ``limits``. Nothing here parses a number.
"""
