"""`make bench`: the real pipeline on N generated articles, timed stage by stage.

Three runs on one warehouse: a full run on N articles, an incremental run after 1 % new articles arrive, and
a run with nothing new. Each stage runs in its own process, as an Airflow task would, and is reported with
its wall time, articles per second and peak RSS (the process and its children: dbt, extraction workers).
A stage's wall time includes its process's start (the interpreter and the project's package, with DuckDB and
pandas) and exit, reported apart as well: pipeline time is what the stages do in between (starting task
processes is the orchestrator's cost, as Airflow's own start is). Then the extraction alone on one core, and
the F1 of the published facts against the generated gold. Results are appended to a CSV so that runs (and
machines) can be compared.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import redirect_stdout
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

RUNS = ("full", "incremental", "nothing_new")
# The dbt models of the events and titles (and their tests): their own time is reported in the dbt stage's detail.
EVENT_MODELS = ("int_event_mentions", "int_event_clusters", "fct_events", "bridge_event_mentions",
                "bridge_event_participants", "fct_person_titles")
INCREMENT_SHARE = 0.01
EXTRACTION_SAMPLE = 2000  # articles timed for the extraction-alone figure


@dataclass(frozen=True)
class StageResult:
    run: str
    stage: str
    seconds: float  # the stage's process, from its start to its exit
    articles: int  # articles the run had to process (new ones; all of them for the full run)
    peak_rss_mb: float
    detail: str = ""
    start_exit_seconds: float = 0.0  # of `seconds`: the process's start and exit, around the stage's work

    @property
    def work_seconds(self) -> float:
        return self.seconds - self.start_exit_seconds

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.seconds if self.seconds and self.articles else 0.0


def _stage(stage: str, warehouse: Path, input_dir: Path, run_id: str, shards: int, workers: int) -> object:
    """One pipeline stage, run inside the stage's own process (see main)."""
    from newsfacts.warehouse import pipeline  # imported already, as part of the process's start (_stage_main)

    if stage == "land":
        started = time.perf_counter()
        planned = pipeline.plan(input_dir, warehouse, run_id, shards)
        planned_at = time.perf_counter()
        for shard in planned:
            pipeline.extract(shard, workers)
        extracted_at = time.perf_counter()
        summary = pipeline.load(warehouse, run_id)
        return {**summary, "plan_s": round(planned_at - started, 2), "extract_s": round(extracted_at - planned_at, 2),
                "load_s": round(time.perf_counter() - extracted_at, 2)}
    if stage == "check":
        return pipeline.changes_to_build(warehouse)
    if stage == "dbt":
        return pipeline.build_marts(warehouse)
    if stage == "validate":
        return pipeline.validate_candidate(warehouse, run_id)
    if stage == "publish":
        validation = json.loads((warehouse / "bench-validation.json").read_text(encoding="utf-8"))
        return pipeline.publish(warehouse, run_id, validation["validation"], validation["fingerprint"])
    raise ValueError(f"unknown stage {stage!r}")


def _run_stage(stage: str, warehouse: Path, input_dir: Path, run_id: str, shards: int,
               workers: int) -> tuple[float, float, float, object]:
    """(seconds, of which the process's start and exit, peak RSS in MB of the stage's process tree, what the stage
    returned), in a fresh process."""
    command = [sys.executable, "-m", "newsfacts.bench.run", "stage", stage, str(warehouse), str(input_dir), run_id,
               str(shards), str(workers)]
    started = time.perf_counter()
    process = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if process.returncode:
        raise RuntimeError(f"bench stage {stage} failed (exit {process.returncode}):\n"
                           f"{process.stdout[-3000:]}{process.stderr[-3000:]}")
    report = json.loads(process.stdout.strip().splitlines()[-1])
    return seconds, max(0.0, seconds - report["work_seconds"]), report["peak_rss_mb"], report["result"]


def _peak_rss_mb() -> float:
    """Peak RSS of this process or of its largest child (dbt, an extraction worker), in MB."""
    import resource

    return max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024


def _stage_main(argv: list[str]) -> None:
    """A stage's process: start as a task does (the package), run the stage, print one JSON line (its result,
    how long it worked and its peak RSS)."""
    import newsfacts.warehouse.pipeline  # noqa: F401  what every stage imports first: DuckDB, pandas, the package

    stage, warehouse, input_dir, run_id, shards, workers = argv
    started = time.perf_counter()
    with open(os.devnull, "w") as quiet, redirect_stdout(quiet):
        result = _stage(stage, Path(warehouse), Path(input_dir), run_id, int(shards), int(workers))
    work = time.perf_counter() - started
    print(json.dumps({"result": result, "work_seconds": work, "peak_rss_mb": round(_peak_rss_mb(), 1)}, default=str))


def main(argv: list[str] | None = None) -> int:
    """`python -m newsfacts.bench.run --n N` (what `make bench` runs)."""
    parser = argparse.ArgumentParser(prog="python -m newsfacts.bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, required=True, help="articles in the full run")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--bench-dir", type=Path, default=Path("bench-data"), help="corpus and warehouse go here")
    parser.add_argument("--results", type=Path, default=Path("bench-data/results.csv"), help="CSV to append to")
    parser.add_argument("--shards", type=int, default=1, help="extraction shards (mapped tasks in the DAG)")
    parser.add_argument("--workers", type=int, default=0, help="processes per shard; 0 = every core")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n must be at least 1")
    run_benchmark(args.n, args.seed, args.bench_dir.resolve(), args.results, args.shards, args.workers)
    return 0


@dataclass(frozen=True)
class BenchPaths:
    bench_dir: Path
    n: int

    @property
    def corpus(self) -> Path:  # the N generated articles: what `make bench-data N=...` writes
        return self.bench_dir / str(self.n)

    @property
    def root(self) -> Path:  # the runs' own folder
        return self.bench_dir / f"bench-{self.n}"

    @property
    def increment(self) -> Path:  # the 1 % that arrive for the incremental run, and their gold
        return self.root / "increment"

    @property
    def input(self) -> Path:  # what the pipeline reads: links to the corpus, then the increment too
        return self.root / "input"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse"


def prepare_corpus(paths: BenchPaths, seed: int) -> int:
    """Generate the corpus and the increment unless they are there already; returns the increment's size."""
    from newsfacts.bench.corpus import build_article, json_record, render_html, render_txt, write_corpus
    from newsfacts.extract.vocab import Vocabulary, default_seed_dir

    vocab = Vocabulary.from_seed_dir(default_seed_dir())
    n = paths.n
    added = max(1, round(n * INCREMENT_SHARE))
    generated = paths.corpus / "corpus.json"
    if not (generated.is_file() and _same_corpus(generated, n, seed)):
        write_corpus(vocab, n, seed, paths.corpus)
    marker = paths.increment / "increment.json"
    wanted = {"n": n, "seed": seed, "increment": added}
    if marker.is_file() and json.loads(marker.read_text(encoding="utf-8")) == wanted:
        return added
    shutil.rmtree(paths.increment, ignore_errors=True)
    (paths.increment / "input").mkdir(parents=True)
    (paths.increment / "gold").mkdir()
    feed = []
    for article in (build_article(vocab, seed, index) for index in range(n, n + added)):
        record = json.dumps(json_record(article), ensure_ascii=False)
        if article.file_format == "jsonl":
            feed.append(record + "\n")
        else:
            renderers = {"txt": render_txt, "html": render_html, "json": lambda _, line=record: line}
            content = renderers[article.file_format](article)
            (paths.increment / "input" / f"{article.external_id}.{article.file_format}").write_text(content, "utf-8")
        (paths.increment / "gold" / f"{article.external_id}.json").write_text(
            json.dumps(article.gold, ensure_ascii=False), "utf-8")
    if feed:
        (paths.increment / "input" / f"increment-{seed}-{n}.jsonl").write_text("".join(feed), "utf-8")
    marker.write_text(json.dumps(wanted), encoding="utf-8")
    return added


def _same_corpus(description: Path, n: int, seed: int) -> bool:
    written = json.loads(description.read_text(encoding="utf-8"))
    return (written.get("n"), written.get("seed")) == (n, seed)


def _link_tree(source: Path, target: Path) -> None:
    """Hard links: the pipeline sees ordinary files (with the originals' times) at no copying cost."""
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.iterdir()):
        os.link(path, target / path.name)


def _runs(paths: BenchPaths, n: int, added: int, shards: int, workers: int) -> Iterator[StageResult]:
    shutil.rmtree(paths.input, ignore_errors=True)
    shutil.rmtree(paths.warehouse, ignore_errors=True)
    _link_tree(paths.corpus / "input", paths.input)
    for run, articles in zip(RUNS, (n, added, 0), strict=True):
        if run == "incremental":
            _link_tree(paths.increment / "input", paths.input)
        yield from stage_results(run, articles, paths.warehouse, paths.input, shards, workers)


def stage_results(run: str, articles: int, warehouse: Path, input_dir: Path, shards: int = 1,
                  workers: int = 0) -> Iterator[StageResult]:
    """One run of the pipeline on input_dir into warehouse, stage by stage, each stage in its own process."""
    from newsfacts.warehouse.publishing import WarehousePaths

    run_id = f"bench-{run}"
    fingerprint = None
    for stage in ("land", "check", "dbt", "validate", "publish"):
        seconds, start, rss, result = _run_stage(stage, warehouse, input_dir, run_id, shards, workers)
        detail = ""
        if stage == "land":
            detail = " ".join(f"{key}={result[key]}" for key in ("plan_s", "extract_s", "load_s",
                                                                   "articles_added", "articles_extracted"))
        if stage == "dbt":
            detail = f"events_s={events_seconds(WarehousePaths(warehouse).dbt_target):.2f}"
        yield StageResult(run, stage, seconds, articles, rss, detail, start_exit_seconds=start)
        if stage == "check":
            fingerprint = result
            if fingerprint is None:
                return  # what the DAG's short-circuit does: nothing to build
        if stage == "validate":
            (warehouse / "bench-validation.json").write_text(
                json.dumps({"validation": result, "fingerprint": fingerprint}), encoding="utf-8")


def events_seconds(dbt_target: Path) -> float:
    """Seconds dbt spent on the event models and their tests (EVENT_MODELS), from its last build's results."""
    results = json.loads((dbt_target / "run_results.json").read_text(encoding="utf-8"))["results"]
    return sum(result["execution_time"] for result in results
               if any(model in result["unique_id"] for model in EVENT_MODELS))


def extraction_alone(warehouse: Path, sample: int = EXTRACTION_SAMPLE) -> tuple[int, float]:
    """(articles, seconds) to split and extract a sample of the landed articles in this process (one core)."""
    import duckdb

    from newsfacts.extract.article import extract_article
    from newsfacts.extract.parsing import split_article
    from newsfacts.extract.vocab import Vocabulary, default_seed_dir

    vocab = Vocabulary.from_seed_dir(default_seed_dir())
    with duckdb.connect(str(warehouse / "warehouse.duckdb"), read_only=True) as con:
        articles = con.execute("select body_text, cast(published_at as date) from raw.articles "
                               "order by article_id limit ?", [sample]).fetchall()
    started = time.perf_counter()
    for text, published in articles:
        extract_article(split_article(text), published, vocab)
    return len(articles), time.perf_counter() - started


def run_benchmark(n: int, seed: int, bench_dir: Path, results_csv: Path, shards: int = 1,
                  workers: int = 0) -> list[StageResult]:
    paths = BenchPaths(bench_dir, n)
    started = time.perf_counter()
    added = prepare_corpus(paths, seed)
    print(f"corpus: {n} articles + {added} new for the incremental run ({time.perf_counter() - started:.1f} s)")
    results = []
    for result in _runs(paths, n, added, shards, workers):
        print(_line(result), flush=True)
        results.append(result)
    articles, seconds = extraction_alone(paths.warehouse)
    results.append(StageResult("extraction_alone", "extract (1 core)", seconds, articles, 0.0))
    print(_line(results[-1]))
    evaluation = _score(paths)
    print(evaluation["table"])
    results.append(StageResult("accuracy", "f1_overall", 0.0, 0, 0.0, f"f1={evaluation['f1']:.4f}"))
    print(_summary(results))
    _append_csv(results_csv, results, n, shards, workers)
    return results


def _score(paths: BenchPaths) -> dict[str, object]:
    from newsfacts.evaluation import evaluate, format_evaluation

    evaluation = evaluate(paths.warehouse / "marts.duckdb", [paths.corpus / "gold", paths.increment / "gold"])
    return {"f1": evaluation.overall.f1, "table": format_evaluation(evaluation, with_misses=False)}


def _line(result: StageResult) -> str:
    rate = f"{result.articles_per_second:9.0f} art/s" if result.articles_per_second else " " * 15
    start = f"(start+exit {result.start_exit_seconds:4.2f} s)" if result.start_exit_seconds else " " * 21
    return (f"{result.run:<17} {result.stage:<17} {result.seconds:8.2f} s {start} {rate} "
            f"{result.peak_rss_mb:8.0f} MB  {result.detail}")


def _summary(results: list[StageResult]) -> str:
    work = {run: sum(r.work_seconds for r in results if r.run == run) for run in RUNS}
    wall = {run: sum(r.seconds for r in results if r.run == run) for run in RUNS}
    lines = ["", "pipeline time per run (land + check + dbt + validate + publish), without and with the start and "
             "exit of the stages' processes:"]
    lines += [f"  {run:<12} {work[run]:8.2f} s  ({work[run] / (work['full'] or 1.0):6.1%} of the full run)"
              f"   {wall[run]:8.2f} s  ({wall[run] / (wall['full'] or 1.0):6.1%})" for run in RUNS]
    for run in RUNS[:2]:
        dbt = next((r for r in results if r.run == run and r.stage == "dbt"), None)
        if dbt is not None:
            events = float(dbt.detail.removeprefix("events_s="))
            lines.append(f"  {run:<12} event and title models (dbt): {events:.2f} s, "
                         f"{events / (work[run] or 1.0):.1%} of the run")
    peak = max(r.peak_rss_mb for r in results)
    lines.append(f"  peak RSS of any stage: {peak:.0f} MB")
    return "\n".join(lines)


CSV_COLUMNS = ["when", "commit", "n", "shards", "workers", "cpus", *StageResult.__dataclass_fields__,
               "articles_per_second"]


def _append_csv(path: Path, results: list[StageResult], n: int, shards: int, workers: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    _upgrade_csv(path)
    new = not path.exists()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            check=False).stdout.strip()
    when = datetime.now(UTC).isoformat(timespec="seconds")
    with path.open("a", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        if new:
            writer.writerow(CSV_COLUMNS)
        for result in results:
            writer.writerow([when, commit, n, shards, workers, os.cpu_count(), *asdict(result).values(),
                             round(result.articles_per_second, 1)])


def _upgrade_csv(path: Path) -> None:
    """Rewrite a results file written with other columns (an older benchmark) under today's, keeping every row:
    a column it lacked stays empty in its rows."""
    if not path.exists():
        return
    with path.open(newline="", encoding="utf-8") as handle:
        if next(csv.reader(handle), CSV_COLUMNS) == CSV_COLUMNS:
            return
        handle.seek(0)
        rows = list(csv.DictReader(handle))
    staged = path.with_name(path.name + ".tmp")
    with staged.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, CSV_COLUMNS, restval="")  # a column dropped since: an error, not a loss
        writer.writeheader()
        writer.writerows(rows)
    os.replace(staged, path)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "stage":
        _stage_main(sys.argv[2:])
    else:
        sys.exit(main())
