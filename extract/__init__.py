"""Stage 1: bytes → layout (blocks, tables, rows, cells with locations) → raw form records."""
