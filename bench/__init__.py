"""Benchmarks: speed, memory and accuracy (`make bench`)."""
