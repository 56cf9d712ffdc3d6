"""Stage 2: raw strings → values (numbers, units, labels, targets); reconciliation → anomalies."""
