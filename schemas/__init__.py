"""The output contract: tables, columns, types, Chinese titles, and the label vocabulary.

This package imports nothing of ours; every stage may import it.
"""

from jixiao.schemas.datapackage import datapackage
from jixiao.schemas.tables import TABLES, Column, TableSpec

__all__ = ["TABLES", "Column", "TableSpec", "datapackage"]
