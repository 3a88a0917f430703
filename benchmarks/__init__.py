"""Scale and speed measurements of argmap, with peer tools measured in the same run.

`python -m benchmarks.run` (what `make bench` runs) generates synthetic corpora, measures
every figure at each size and writes `benchmarks/RESULTS.md`.
"""
