"""Run one benchmark: `python -m bench NAME [ARGS...]`; the last line printed is JSON."""

from __future__ import annotations

import importlib
import json
import sys

BENCHMARKS = {
    "register": "bench.register",
    "import": "bench.import_bench",
    "votes": "bench.votes",
    "tally": "bench.tally",
    "bidpack": "bench.bidpack",
    "stv": "bench.stv_bench",
    "nodes": "bench.nodes",
}


def main(argv: list[str]) -> int:
    if len(argv) < 1 or argv[0] not in BENCHMARKS:
        print(
            "usage: python -m bench NAME [ARGS...]\nbenchmarks: " + ", ".join(BENCHMARKS),
            file=sys.stderr,
        )
        return 2
    module = importlib.import_module(BENCHMARKS[argv[0]])
    figures = module.run(*argv[1:]) if argv[1:] else module.run()
    print(json.dumps(figures), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
