"""The CPU-bound half of a run, split into shards that any number of workers (or machines) can share.

plan_run lists what changed since the last run and writes WAREHOUSE/runs/<run>/plan.json; extract_shard reads
its share of the input files, parses, splits and extracts each article and writes Parquet parts beside the
plan. Neither opens the working DuckDB file for writing, so Airflow can map extract_shard over shards on many
workers; landing.load_run, the single writer, then merges every part in one transaction.
"""

from __future__ import annotations

import ast
import gc
import hashlib
import json
import os
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date, datetime
from functools import cache
from multiprocessing import get_context
from pathlib import Path

import duckdb
import pandas as pd

from newsfacts.extract.article import FACT_KINDS, extract_article
from newsfacts.ingest.inputs import article_rows, iter_input_paths, parse_file, read_file_bytes, rejection_rows
from newsfacts.extract.parsing import split_article
from newsfacts.ingest.sources import FileResult, Rejection
from newsfacts.warehouse.sql import sql_string
from newsfacts.extract.vocab import SEED_NAMES, Vocabulary, default_seed_dir

PACKAGE_DIR = Path(__file__).resolve().parents[1]
# Files per unit of work: big enough to amortise a worker's start, small enough to bound its memory.
CHUNK_FILES = 500


_PART_TYPES = {"order": "bigint", "size": "bigint", "mtime_ns": "bigint", "file_order": "bigint",
               "record_position": "bigint", "section_index": "integer", "fact_index": "integer",
               "published_at": "timestamp", "landing_notes": "varchar[]"}


@dataclass(frozen=True)
class InputFile:
    order: int  # position in the run's sorted listing: the order in which duplicates are resolved
    path: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Shard:
    """What one mapped task does: shard `index` of `count` of the run planned in `run_dir` (JSON for XCom)."""

    run_dir: str
    index: int
    count: int


def extractor_version(seed_dir: Path | None = None) -> str:
    """Hash of the extraction code and its vocabularies: facts extracted under another version are redone."""
    digest = hashlib.sha256()
    for module in sorted(_imported_modules(("extract.article", "extract.parsing"))):
        digest.update(_module_path(module).read_bytes())
    seeds = seed_dir or default_seed_dir()
    for name in SEED_NAMES:
        digest.update((seeds / f"{name}.csv").read_bytes())
    return digest.hexdigest()[:16]


def _imported_modules(roots: Sequence[str]) -> set[str]:
    """The package's modules that the roots import, directly or not (read from their source, not executed)."""
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        tree = ast.parse(_module_path(module).read_text(encoding="utf-8"))
        todo.extend(node.module.split(".", 1)[1] for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("newsfacts."))
    return seen


def _module_path(module: str) -> Path:
    """The source file of a package module named relative to the package ("extract.article")."""
    return PACKAGE_DIR.joinpath(*module.split(".")).with_suffix(".py")


def plan_run(input_dir: Path, run_dir: Path, known_files: dict[str, tuple[int, int]], shard_count: int,
             now: datetime, version: str) -> tuple[list[Shard], int]:
    """Write the plan of a run: the input files to read, those that are new or changed since they were landed.

    known_files maps each landed file's path to its (size, mtime_ns); a file with the same path, size and
    modification time is not read again (as make and rsync decide). The articles to re-extract are already
    in run_dir/stale.parquet (landing.plan); `version` (extractor_version) is what their facts are written
    under. Returns the shards and the unchanged files' count.
    """
    if not input_dir.is_dir():
        raise FileNotFoundError(f"input folder {input_dir} does not exist or is not a folder")
    if shard_count < 1:
        raise ValueError(f"shards must be at least 1, got {shard_count}")
    files, refused, unchanged = [], [], 0
    for order, (path, refusal, stat) in enumerate(iter_input_paths(input_dir)):
        if refusal:
            refused.append(asdict(refusal))
            continue
        if known_files.get(path_key(path)) == (stat.st_size, stat.st_mtime_ns):
            unchanged += 1
            continue
        files.append(asdict(InputFile(order, path, stat.st_size, stat.st_mtime_ns)))
    (run_dir / "parts").mkdir(parents=True, exist_ok=True)
    plan = {"now": now.isoformat(), "extractor_version": version, "files": files, "refused": refused,
            "files_unchanged": unchanged}
    (run_dir / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    return [Shard(str(run_dir), index, shard_count) for index in range(shard_count)], unchanged


def path_key(path: str | Path) -> str:
    """A file's path as stored in raw.input_files: valid UTF-8 even where the file system's bytes are not."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


class RunSuperseded(RuntimeError):
    """The run's folder is gone: a run planned after it loaded first and removed it (landing.remove_earlier_runs).

    That run planned every file this one had planned and not landed, so nothing is lost: this run has no work left.
    """

    def __init__(self, run_dir: Path) -> None:
        super().__init__(f"{run_dir} was removed by a run planned later that loaded first; it landed this run's "
                         "files too, so this run has nothing left to do")


def read_plan(run_dir: Path) -> dict:
    try:
        return json.loads((run_dir / "plan.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        if run_dir.is_dir():
            raise
        raise RunSuperseded(run_dir) from None


@dataclass(frozen=True)
class _Chunk:
    """One unit of work of a shard: some input files, or a range of the stale articles to re-extract."""

    run_dir: str
    name: str
    now: str
    version: str
    files: tuple[InputFile, ...] = ()
    stale_range: tuple[int, int] | None = None  # [first, last) positions in stale.parquet
    stale_shard: tuple[int, int] = (0, 1)  # (index, count): the stale positions this shard owns


def extract_shard(shard: Shard, workers: int) -> int:
    """Read, parse and extract this shard's share of the run; write its Parquet parts. Returns the chunks done."""
    run_dir = Path(shard.run_dir)
    plan = read_plan(run_dir)
    files = tuple(InputFile(**f) for f in plan["files"])[shard.index::shard.count]
    common = {"run_dir": shard.run_dir, "now": plan["now"], "version": plan["extractor_version"]}
    chunks = [_Chunk(name=f"f{shard.index:04d}-{start // CHUNK_FILES:06d}", files=files[start:start + CHUNK_FILES],
                     **common) for start in range(0, len(files), CHUNK_FILES)]
    stale = _stale_count(run_dir)
    span = CHUNK_FILES * shard.count
    chunks += [_Chunk(name=f"s{shard.index:04d}-{start // span:06d}", stale_range=(start, min(start + span, stale)),
                      stale_shard=(shard.index, shard.count), **common) for start in range(0, stale, span)]
    try:
        if workers <= 1 or len(chunks) <= 1:
            for chunk in chunks:
                _extract_chunk(chunk)
        else:
            # spawn, not fork: the task process may hold threads (DuckDB, Airflow's supervisor link)
            with _workers_without_main(), ProcessPoolExecutor(
                    max_workers=min(workers, len(chunks)), mp_context=get_context("spawn"),
                    initializer=_start_worker) as pool:
                list(pool.map(_extract_chunk, chunks))
    except (OSError, duckdb.Error):
        if run_dir.is_dir():
            raise
        raise RunSuperseded(run_dir) from None  # removed while the parts were being written
    return len(chunks)


@contextmanager
def _workers_without_main() -> Iterator[None]:
    """Spawned workers run the parent's main script again before their work, unless it has no file. They need
    nothing from it, and under Airflow it is Airflow's CLI, whose import fails inside a task (where Airflow blocks
    the metadata database): hide the file while the workers start (all start in pool.map)."""
    main = sys.modules["__main__"]
    path = main.__dict__.pop("__file__", None)
    try:
        yield
    finally:
        if path is not None:
            main.__file__ = path


def default_workers() -> int:
    return len(os.sched_getaffinity(0))


def _stale_count(run_dir: Path) -> int:
    stale = run_dir / "stale.parquet"
    if not stale.exists():
        return 0
    with duckdb.connect() as con:
        return con.execute("select count(*) from read_parquet(?)", [str(stale)]).fetchone()[0]


@cache
def _vocabulary() -> Vocabulary:
    return Vocabulary.from_seed_dir(default_seed_dir())


def _start_worker() -> None:
    """An extraction worker loads the vocabulary once, then keeps what it loaded (modules, vocabulary) out of
    the garbage collector's scans: the many small objects of each article then cost ~8 % less CPU. It also
    collects less often: an article allocates thousands of short-lived objects and hardly any cycles, and at
    the default threshold (a collection every 700 allocations) the collector took another ~4 % of the CPU."""
    _vocabulary()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def _extract_chunk(chunk: _Chunk) -> None:
    """Parts of one chunk: files read, articles, rejections, and the sections and facts of each article."""
    now = datetime.fromisoformat(chunk.now)
    files_read: list[dict] = []
    landed = FileResult()
    positions: list[tuple[int, int]] = []  # (file order, record position) of each landed record
    rejected_at: list[int] = []
    to_extract: list[tuple[str, str, date | None]] = []
    for item in chunk.files:
        data = read_file_bytes(Path(item.path))
        if isinstance(data, Rejection):  # not recorded as read, so the next run tries again
            landed.rejections.append(data)
            rejected_at.append(item.order)
            continue
        files_read.append(asdict(item) | {"path": path_key(Path(item.path))})
        result = parse_file(Path(item.path), data, now)
        for position, record in enumerate(result.articles):
            landed.articles.append(record)
            positions.append((item.order, position))
            to_extract.append((record.article_id, record.text,
                               record.published_at.date() if record.published_at else None))
        landed.rejections.extend(result.rejections)
        rejected_at.extend([item.order] * len(result.rejections))
    if chunk.stale_range:
        to_extract += _stale_articles(chunk)
    articles = article_rows(landed.articles)
    articles.insert(0, "file_order", [order for order, _ in positions])
    articles.insert(1, "record_position", [position for _, position in positions])
    rejections = rejection_rows(landed.rejections)
    rejections.insert(0, "file_order", rejected_at)
    sections, facts = _extract_articles(to_extract, chunk.version)
    frames = {"files": pd.DataFrame(files_read, columns=list(InputFile.__dataclass_fields__)),
              "articles": articles, "rejections": rejections, "sections": sections, "facts": facts}
    parts = Path(chunk.run_dir) / "parts"
    with duckdb.connect() as con:
        for kind, frame in frames.items():
            if frame.empty:
                continue
            frame.insert(0, "chunk", chunk.name)
            con.register("part", frame)
            # written under a temporary name and renamed: a killed worker leaves no half-written part behind
            target = parts / f"{kind}-{chunk.name}.parquet"
            temporary = str(target) + ".tmp"
            con.execute(f"copy (select {_typed_columns(frame.columns)} from part) to {sql_string(temporary)} "
                        "(format parquet)")
            con.unregister("part")
            os.replace(temporary, target)


def _typed_columns(columns: Sequence[str]) -> str:
    """Every part has the same column types, even where a chunk's values are all null or empty lists."""
    return ", ".join(f'cast("{column}" as {_PART_TYPES.get(column, "varchar")}) as "{column}"' for column in columns)


def _stale_articles(chunk: _Chunk) -> list[tuple[str, str, date | None]]:
    first, last = chunk.stale_range or (0, 0)
    index, count = chunk.stale_shard
    with duckdb.connect() as con:
        rows = con.execute(
            "select article_id, body_text, cast(published_at as date) from read_parquet(?) "
            "where position >= ? and position < ? and position % ? = ? order by position",
            [str(Path(chunk.run_dir) / "stale.parquet"), first, last, count, index]).fetchall()
    return [(article_id, text, published) for article_id, text, published in rows]


def _extract_articles(articles: Sequence[tuple[str, str, date | None]],
                      version: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sections and facts (one JSON payload per fact) of each distinct article."""
    vocab = _vocabulary()
    sections, facts, done = [], [], set()
    for article_id, text, published_date in articles:
        if article_id in done:
            continue
        done.add(article_id)
        parsed = split_article(text)
        sections += [(article_id, s.index, s.kind, s.text) for s in parsed]
        extracted = extract_article(parsed, published_date, vocab)
        facts.append((article_id, version, "article", 0, json.dumps(extracted.article, ensure_ascii=False)))
        for kind in FACT_KINDS:
            facts += [(article_id, version, kind, position, json.dumps(fact, ensure_ascii=False))
                      for position, fact in enumerate(getattr(extracted, kind))]
    return (pd.DataFrame(sections, columns=["article_id", "section_index", "section_kind", "section_text"]),
            pd.DataFrame(facts, columns=["article_id", "extractor_version", "fact_kind", "fact_index", "payload"]))
