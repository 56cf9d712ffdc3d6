"""Stage 3: typed rows → columns per ``schemas`` → CSV, Parquet, datapackage.json, workbook, review pages.

``frames.rows_to_columns`` is the one place a row's typed values (``Location``, repair slugs) become the
text the tables hold.
"""
