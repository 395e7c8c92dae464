"""Command line: `newsfacts summary`, `serve-docs`, `airflow-ui`, `cluster`, `query`, `report`, `eval` and
`calibrate` (see the Makefile)."""

from __future__ import annotations

import argparse
import contextlib
import http.server
import subprocess
import sys
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from newsfacts.deploy.launcher import free_port
from newsfacts.warehouse.publishing import WarehousePaths, last_publish
from newsfacts.warehouse.validation import MART_TABLES

if TYPE_CHECKING:
    from newsfacts.evaluation import Evaluation


def summary(warehouse: Path) -> int:
    """Rows per published mart, the last validation outcome, and where to look next."""
    paths = WarehousePaths(warehouse)
    if not paths.marts_db.exists():
        print(f"no published marts in {warehouse}: the run did not publish (see {warehouse}/last_run.log)")
        return 1
    with duckdb.connect(str(paths.marts_db), read_only=True) as con:
        counts = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in MART_TABLES}
    last = last_publish(paths.publish_log)
    print("\nnewsfacts: published marts")
    for table, count in counts.items():
        print(f"  {table:<30}{count:>8} rows")
    print(f"  validation: {last.get('validation', 'unknown')} (run {last.get('run_id', '?')})")
    print(f"  marts (DuckDB, read-only for BI tools): {paths.marts_db}")
    print(f"  Parquet copies:                         {paths.parquet}/")
    print(f"  dbt docs (single file):                 {paths.dbt_target / 'static_index.html'}")
    docs = sorted(paths.gx_runtime.glob("**/data_docs/**/index.html"))
    print(f"  GX Data Docs:                           {docs[0] if docs else paths.gx_runtime}")
    rejected = warehouse / "warehouse.duckdb"
    with duckdb.connect(str(rejected), read_only=True) as con:
        refused = con.execute("select count(*) from raw.rejected_inputs").fetchone()[0]
    print(f"  rejected inputs: {refused} (query raw.rejected_inputs in {rejected})")
    return 0


def serve_docs(warehouse: Path) -> int:
    target = WarehousePaths(warehouse).dbt_target
    if not (target / "index.html").exists():
        print(f"no dbt docs in {target}: run `make run` first")
        return 1
    port = free_port()
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(target))
    print(f"dbt docs: http://127.0.0.1:{port}/  (Ctrl-C to stop)")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    with server, contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


def query(warehouse: Path, sql: str | None) -> int:
    """A read-only SQL shell on the published marts: the DuckDB CLI (pip package duckdb-cli), else a Python one."""
    marts = WarehousePaths(warehouse).marts_db
    if not marts.exists():
        print(f"no published marts in {warehouse}: run `make run` first")
        return 1
    duckdb_cli = Path(sys.executable).with_name("duckdb")
    if duckdb_cli.exists():
        code = subprocess.call([str(duckdb_cli), "-readonly", str(marts), *(["-c", sql] if sql else [])])
        return code if sql else 0  # an interactive session that saw an error still ended normally
    return python_shell(marts, sql)


def python_shell(marts: Path, sql: str | None) -> int:
    """The fallback shell: statements end with `;`, Ctrl-D quits. The connection is read-only."""
    with duckdb.connect(str(marts), read_only=True) as con:
        if sql:
            print(con.sql(sql))
            return 0
        print(f"{marts} (read-only). End statements with ';', Ctrl-D to quit. Tables: {', '.join(MART_TABLES)}")
        statement = ""
        while True:
            try:
                statement += input("marts> " if not statement else "  ...> ") + "\n"
            except EOFError:
                print()
                return 0
            if statement.rstrip().endswith(";"):
                try:
                    result = con.sql(statement)
                    if result is not None:
                        print(result)
                except duckdb.Error as error:
                    print(error)
                statement = ""


def report(warehouse: Path) -> int:
    """(Re)write WAREHOUSE/report/index.html from the published marts (the DAG does it after each publish)."""
    from newsfacts.warehouse.pipeline import write_report

    if not WarehousePaths(warehouse).marts_db.exists():
        print(f"no published marts in {warehouse}: run `make run` first")
        return 1
    print(f"report: {write_report(warehouse)}")
    return 0


def evaluate_marts(marts: Path | None, gold_dirs: list[Path], misses: bool) -> int:
    """P/R/F1 per fact kind for each gold set (a folder of <external_id>.json files), then confidence against
    precision over all of them.

    Without marts, each gold folder's sibling articles/ (or input/, as make bench-data writes) is extracted in
    this process instead (seconds, no warehouse): the loop for working on extraction rules.
    """
    from newsfacts.evaluation import Evaluation, format_calibration, format_evaluation

    combined = Evaluation()
    for gold_dir, scores in _evaluations(marts, gold_dirs):
        print(f"\n== {gold_dir}")
        print(format_evaluation(scores, with_misses=misses))
        combined.add(scores)
    print("\n== confidence against precision, all the sets above")
    print(format_calibration(combined))
    return 0


def calibrate(gold_dirs: list[Path], out: Path) -> int:
    """Measure each evidence class's precision on the gold sets (extracted in this process) and write them as
    the confidence_calibration seed."""
    import csv

    from newsfacts.evaluation import Evaluation, calibrated_confidences

    combined = Evaluation()
    for _, scores in _evaluations(None, gold_dirs):
        combined.add(scores)
    rows = calibrated_confidences(combined)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("fact_kind", "basis", "confidence", "facts"))
        writer.writerows(rows)
    print(f"{len(rows)} evidence classes from {sum(r[3] for r in rows)} facts: {out}")
    return 0


def _evaluations(marts: Path | None, gold_dirs: list[Path]) -> Iterator[tuple[Path, Evaluation]]:
    from newsfacts.evaluation import evaluate, evaluate_extraction

    for gold_dir in gold_dirs:
        if not gold_dir.is_dir():
            print(f"\n== {gold_dir}: not a folder, skipped")
            continue
        if marts:
            yield gold_dir, evaluate(marts, [gold_dir])
            continue
        articles = next((d for d in (gold_dir.parent / "articles", gold_dir.parent / "input") if d.is_dir()), None)
        if articles is None:
            print(f"\n== {gold_dir}: no articles/ or input/ folder beside it, skipped")
            continue
        yield gold_dir, evaluate_extraction(articles, gold_dir)


def bench_data(n: int, seed: int, out: Path) -> int:
    """Write a benchmark corpus of n generated articles and their gold facts to out/<n>/ (input/ and gold/)."""

    from newsfacts.bench.corpus import write_corpus
    from newsfacts.extract.vocab import Vocabulary, default_seed_dir

    started = time.perf_counter()
    summary = write_corpus(Vocabulary.from_seed_dir(default_seed_dir()), n, seed, out / str(n))
    print(f"{summary.articles:,} articles in {summary.files:,} files ({summary.formats}), gold facts "
          f"{summary.facts}, in {time.perf_counter() - started:.1f} s: {out / str(n)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsfacts")
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("summary", "serve-docs", "report", "query"):
        command = commands.add_parser(name)
        command.add_argument("--warehouse", type=Path, default=Path("warehouse"))
        if name == "query":
            command.add_argument("-c", "--sql", help="run this SQL and exit (default: an interactive shell)")
    commands.add_parser("airflow-ui", help="Airflow UI, scheduler and DAG processor on 127.0.0.1")
    cluster = commands.add_parser("cluster", help="the same on the CeleryExecutor: a Redis broker and Celery workers")
    cluster.add_argument("--workers", type=int, default=2, help="Celery workers, each its own host name (default 2)")
    scoring = commands.add_parser("eval", help="score published marts (or, without --marts, the extraction of "
                                                   "each gold folder's sibling articles/ or input/) against gold")
    scoring.add_argument("--marts", type=Path)
    scoring.add_argument("--gold", type=Path, action="append", required=True, help="a folder of gold files")
    scoring.add_argument("--misses", action="store_true", help="list every missed and extra fact")
    calibration = commands.add_parser("calibrate", help="measure each evidence class's precision on gold sets "
                                                         "and write the confidence_calibration seed")
    calibration.add_argument("--gold", type=Path, action="append", required=True, help="a folder of gold files")
    calibration.add_argument("--out", type=Path, required=True, help="the seed CSV to write")
    bench = commands.add_parser("bench-data", help="generate a benchmark corpus with gold facts")
    bench.add_argument("--n", type=int, required=True, help="number of articles")
    bench.add_argument("--seed", type=int, default=7)
    bench.add_argument("--out", type=Path, default=Path("bench-data"), help="writes OUT/<n>/input and OUT/<n>/gold")
    args = parser.parse_args(argv)
    if args.command == "bench-data":
        return bench_data(args.n, args.seed, args.out)
    if args.command == "eval":
        return evaluate_marts(args.marts, args.gold, args.misses)
    if args.command == "calibrate":
        return calibrate(args.gold, args.out)
    if args.command == "summary":
        return summary(args.warehouse)
    if args.command == "query":
        return query(args.warehouse, args.sql)
    if args.command == "report":
        return report(args.warehouse.resolve())
    if args.command == "serve-docs":
        return serve_docs(args.warehouse)
    from newsfacts.deploy import launcher

    return launcher.run(celery=args.command == "cluster", workers=getattr(args, "workers", 0))


if __name__ == "__main__":
    sys.exit(main())
