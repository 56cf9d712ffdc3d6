"""Stage 3: typed rows → DataFrames per ``schemas`` → CSV / Parquet / datapackage.json and more."""
