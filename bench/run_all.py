"""`make bench`: every benchmark in turn. Each writes its JSON into bench/results/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
BENCHMARKS = [
    ["search.py"],
    ["followups.py"],
    ["insights.py"],
]

if __name__ == "__main__":
    for argv in BENCHMARKS:
        print(f"=== bench/{' '.join(argv)}", flush=True)
        subprocess.run([sys.executable, str(BENCH / argv[0]), *argv[1:]], check=True)
