"""Benchmarks: `python -m bench NAME` prints one JSON line of figures (last line of output).

Benchmarks are never part of the test run. They use PostgreSQL (a separate database,
`cyd_bench` by default; set BENCH_DATABASE_URL to change it).
"""
