"""Stage 2: raw strings → values (money, percent, numbers, targets); reconciliation → anomalies.

``records`` holds the contract's row types (one frozen dataclass per ``schemas`` table); ``document``
turns one ``RawDocument`` into a ``DocumentResult`` of those rows.
"""
