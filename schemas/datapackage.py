"""The Frictionless Data Package descriptor (``datapackage.json``) for the CSV outputs, from ``TABLES``."""

from __future__ import annotations

from typing import Any

from jixiao.schemas.tables import CONTRACT_VERSION, TABLES

_FRICTIONLESS_TYPE = {
    "string": "string",
    "int": "integer",
    "float": "number",
    "money": "number",
    "bool": "boolean",
}


# How emit.csv_out writes every CSV (it takes its line end from here).
CSV_EOL = "\r\n"
CSV_DIALECT = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "lineTerminator": CSV_EOL}


def datapackage() -> dict[str, Any]:
    """The Frictionless Data Package descriptor for the CSV outputs (deterministic: no timestamps)."""
    resources = []
    for spec in TABLES.values():
        fields = []
        for col in spec.columns:
            field: dict[str, Any] = {
                "name": col.name,
                "type": _FRICTIONLESS_TYPE[col.type],
                "title": col.title,
            }
            if col.type == "money":
                field["description"] = "元, exact decimal with 2 places"
                field["decimalChar"] = "."
            if col.description:
                field["description"] = (field.get("description", "") + " " + col.description).strip()
            if not col.nullable:
                field["constraints"] = {"required": True}
            fields.append(field)
        schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
        if spec.primary_key:
            schema["primaryKey"] = list(spec.primary_key)
        if spec.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": col, "reference": {"resource": table, "fields": ref}}
                for col, table, ref in spec.foreign_keys
            ]
        resources.append(
            {
                "name": spec.name,
                "title": spec.title,
                "path": f"{spec.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "dialect": dict(CSV_DIALECT),
                "schema": schema,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "jixiao-output",
        "title": "jixiao 绩效自评数据",
        "version": CONTRACT_VERSION,
        "resources": resources,
    }
