"""A BI-style reader of marts.duckdb, run as its own process beside the pipeline (`reading` in a test).

`python -m tests.robustness.marts_reader MARTS REPORT [--hold]` opens MARTS read-only over and over (or, with
--hold, keeps one connection open and queries it), fingerprints what it sees, and on SIGTERM writes REPORT:
how many reads, the errors, and how many reads saw each fingerprint.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from newsfacts.warehouse.validation import MART_KEYS

PAUSE_SECONDS = 0.01  # between reads: leave the CPU to the pipeline being watched (CI machines are small)


def fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """Rows and a digest of the keys of every mart: two builds share it only if they hold the same rows."""
    parts = []
    for table, keys in MART_KEYS.items():
        key = " || '|' || ".join(f"coalesce({k}::varchar, '')" for k in keys)
        count, digest = con.execute(f"select count(*), md5(coalesce(string_agg({key}, ',' order by {key}), '')) "
                                    f"from {table}").fetchone()
        parts.append(f"{table}={count}:{digest[:8]}")
    return " ".join(parts)


def marts_fingerprint(marts: Path) -> str:
    with duckdb.connect(str(marts), read_only=True) as con:
        return fingerprint(con)


@contextmanager
def reading(marts: Path, report: Path, *, hold: bool = False) -> Iterator[dict]:
    """A reader process for the duration of the block; the dict it yields holds its report afterwards."""
    command = [sys.executable, "-m", "tests.robustness.marts_reader", str(marts), str(report)]
    reader = subprocess.Popen([*command, "--hold"] if hold else command, cwd=Path(__file__).resolve().parents[2])
    summary: dict = {}
    try:
        ready = report.with_suffix(".ready")
        deadline = time.monotonic() + 60
        while not ready.exists():  # it has opened the marts once
            assert reader.poll() is None and time.monotonic() < deadline, "the marts reader did not start"
            time.sleep(0.05)
        yield summary
    finally:
        reader.send_signal(signal.SIGTERM)
        assert reader.wait(timeout=60) == 0
        summary.update(json.loads(report.read_text()))


def main(marts: Path, report: Path, hold: bool) -> None:
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    seen: Counter[str] = Counter()
    errors: list[str] = []
    held = duckdb.connect(str(marts), read_only=True) if hold else None
    report.with_suffix(".ready").touch()
    while not stopping:
        try:
            if held is not None:
                seen[fingerprint(held)] += 1
            else:
                with duckdb.connect(str(marts), read_only=True) as con:
                    seen[fingerprint(con)] += 1
        except Exception as error:  # every failure counts: the promise is that there are none
            errors.append(f"{type(error).__name__}: {error}")
        time.sleep(PAUSE_SECONDS)
    report.write_text(json.dumps({"reads": sum(seen.values()) + len(errors), "errors": errors[:20],
                                  "error_count": len(errors), "seen": dict(seen)}))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), "--hold" in sys.argv[3:])
