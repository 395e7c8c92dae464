"""Gate for publishing: validate the candidate marts with the Great Expectations context in expectations/.

Suites, validation definitions and the checkpoint are declarative files under expectations/gx; this module
only feeds them data (one pandas dataframe per mart, plus one per cross-table rule) and summarises results.

Given a baseline (the published marts, validated with the same expectations), a mart's suite sees only the rows
that differ from it, plus every row whose key is duplicated: each of the marts' expectations is about one row
except uniqueness, so the verdict is the whole table's, and a daily run validates what it changed rather than
the whole history. The cross-table rules always run on whole tables, in DuckDB.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import importlib
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

import duckdb

from newsfacts.warehouse.freshness import files_digest
from newsfacts.warehouse.sql import sql_string

if TYPE_CHECKING:
    import pandas as pd

# The checkout holding expectations/: NEWSFACTS_PROJECT_DIR when the package is installed elsewhere.
PROJECT_DIR = Path(os.environ.get("NEWSFACTS_PROJECT_DIR", Path(__file__).resolve().parents[3]))
EXPECTATIONS_DIR = PROJECT_DIR / "expectations"
CHECKPOINT_NAME = "marts_checkpoint"
# great_expectations.yml puts the results store and the Data Docs site under ${NEWSFACTS_GX_RUNTIME_DIR}.
RUNTIME_DIR_VARIABLE = "NEWSFACTS_GX_RUNTIME_DIR"
MAX_SAMPLES = 5

# The marts and the columns that identify a row: the one list other modules reuse.
MART_KEYS: dict[str, tuple[str, ...]] = {
    "dim_articles": ("article_id",),
    "dim_people": ("person_id",),
    "dim_people_aliases": ("person_id", "alias"),
    "fct_people": ("article_id", "person_id"),
    "fct_meetings": ("meeting_id",),
    "bridge_meeting_participants": ("meeting_id", "person_id"),
    "fct_agreements": ("agreement_id",),
    "fct_targets": ("target_id",),
    "fct_figures": ("figure_id",),
    "fct_events": ("event_id",),
    "bridge_event_mentions": ("meeting_id",),
    "bridge_event_participants": ("event_id", "person_id"),
    "fct_person_titles": ("person_id", "title"),
}
MART_TABLES: tuple[str, ...] = tuple(MART_KEYS)
# The marts with a row per fact of one article (events and titles span articles).
ARTICLE_FACT_TABLES: tuple[str, ...] = ("fct_people", "fct_meetings", "fct_agreements", "fct_targets", "fct_figures",
                                        "bridge_event_mentions")


def _orphans(column: str, parent: str, children: tuple[str, ...]) -> str:
    """SQL listing child rows whose `column` value has no row in `parent`."""
    return "\nUNION ALL\n".join(
        f"SELECT '{child}' AS source_table, c.{column} FROM {child} AS c"
        f" WHERE NOT EXISTS (SELECT 1 FROM {parent} AS p WHERE p.{column} = c.{column})"
        for child in children
    )


_ARTICLE_YEAR = "coalesce(year(a.published_date), a.reference_year)"

# Cross-table rules: each query returns the violating rows, and the suite of the same name expects none.
CROSS_TABLE_CHECKS: dict[str, str] = {
    "check_orphan_article_ids": _orphans("article_id", "dim_articles", ARTICLE_FACT_TABLES),
    "check_orphan_person_ids": _orphans(
        "person_id", "dim_people",
        ("fct_people", "dim_people_aliases", "bridge_meeting_participants", "bridge_event_participants",
         "fct_person_titles"),
    ),
    "check_orphan_meeting_ids": _orphans("meeting_id", "fct_meetings", ("bridge_meeting_participants",)),
    "check_meetings_in_one_event": """
        SELECT m.meeting_id, count(b.meeting_id) AS events
        FROM fct_meetings AS m LEFT JOIN bridge_event_mentions AS b USING (meeting_id)
        GROUP BY m.meeting_id HAVING count(b.meeting_id) <> 1
        UNION ALL
        SELECT b.meeting_id, 0 AS events FROM bridge_event_mentions AS b
        WHERE NOT EXISTS (SELECT 1 FROM fct_meetings AS m WHERE m.meeting_id = b.meeting_id)""",
    "check_event_counts": """
        SELECT e.event_id, e.mention_count, e.article_count, count(b.meeting_id) AS mentions,
            count(DISTINCT b.article_id) AS articles
        FROM fct_events AS e LEFT JOIN bridge_event_mentions AS b USING (event_id)
        GROUP BY e.event_id, e.mention_count, e.article_count
        HAVING e.mention_count <> count(b.meeting_id) OR e.article_count <> count(DISTINCT b.article_id)""",
    "check_orphan_event_ids": _orphans("event_id", "fct_events",
                                       ("bridge_event_mentions", "bridge_event_participants")),
    "check_meetings_after_publication": """
        SELECT m.meeting_id, m.article_id, m.start_date, a.published_date
        FROM fct_meetings AS m JOIN dim_articles AS a USING (article_id)
        WHERE m.start_date > a.published_date""",
    "check_meetings_without_participants": """
        SELECT m.meeting_id, m.article_id, m.meeting_type FROM fct_meetings AS m
        WHERE NOT EXISTS (
            SELECT 1 FROM bridge_meeting_participants AS b WHERE b.meeting_id = m.meeting_id
        )""",
    "check_targets_before_article_year": f"""
        SELECT t.target_id, t.article_id, t.target_year, {_ARTICLE_YEAR} AS article_year
        FROM fct_targets AS t JOIN dim_articles AS a USING (article_id)
        WHERE t.target_year < {_ARTICLE_YEAR}""",
}


@dataclass(frozen=True)
class ExpectationFailure:
    """One unmet expectation, with enough context to find the offending rows."""

    table: str
    expectation_type: str
    columns: tuple[str, ...]
    message: str
    samples: tuple[Any, ...] = ()


@dataclass(frozen=True)
class ValidationReport:
    """Outcome of validating a candidate build; `success` ignores warning-severity expectations."""

    success: bool
    failures: list[ExpectationFailure] = field(default_factory=list)
    warnings: list[ExpectationFailure] = field(default_factory=list)
    data_docs_index: Path | None = None
    rows_per_table: dict[str, int] = field(default_factory=dict)
    rows_validated: dict[str, int] = field(default_factory=dict)  # fewer than rows_per_table given a baseline


def expectations_digest(expectations_dir: Path = EXPECTATIONS_DIR) -> str:
    """Hash of the suites, validation definitions and checkpoint: a baseline counts only if validated with them."""
    return files_digest([expectations_dir])


def start_importing_great_expectations() -> None:
    """Import GX (3-4 s of Python) on a thread while the caller has DuckDB copy and read the marts, which
    releases the GIL; validate_marts's own import then waits for it (Python's import lock) instead of redoing it."""
    threading.Thread(target=importlib.import_module, args=("great_expectations",), daemon=True,
                     name="import-great-expectations").start()


def validate_marts(
    candidate_db: Path,
    runtime_dir: Path,
    expectations_dir: Path = EXPECTATIONS_DIR,
    baseline_db: Path | None = None,
    data_docs: bool = True,
) -> ValidationReport:
    """Run every validation definition of the checkpoint on the candidate DuckDB file.

    With baseline_db, the marts' suites see the rows that differ from it (see the module's docstring): pass only
    marts that passed these same expectations. Results, and Data Docs unless data_docs is False (build_data_docs
    writes them later), go under runtime_dir; the repo's expectations/ is only read.
    """
    import great_expectations as gx  # slow import: keep it out of DAG parsing
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )
    from great_expectations.expectations.metadata_types import FailureSeverity

    frames, rows = _read_frames(Path(candidate_db), baseline_db)
    context = _open_context(gx, Path(expectations_dir), Path(runtime_dir))
    checkpoint = context.checkpoints.get(CHECKPOINT_NAME)
    definitions = checkpoint.validation_definitions
    if unmatched := set(frames).symmetric_difference(vd.asset.name for vd in definitions):
        raise ValueError(f"{CHECKPOINT_NAME} and this module disagree on assets: {sorted(unmatched)}")

    # Checkpoint.run passes one batch_parameters dict to every validation definition, so it cannot feed
    # each its own dataframe: run the checkpoint's definitions one by one under a shared run id instead.
    run_id = RunIdentifier(run_name=Path(candidate_db).stem, run_time=dt.datetime.now(dt.UTC))
    failures: list[ExpectationFailure] = []
    warnings: list[ExpectationFailure] = []
    pages: list[Any] = []  # this run's pages (_build_pages)
    for vd in definitions:
        name = vd.asset.name
        result = vd.run(
            checkpoint_id=checkpoint.id,
            batch_parameters={"dataframe": frames[name]},
            result_format=_result_format(checkpoint.result_format, name),
            run_id=run_id,
        )
        suite_id = ExpectationSuiteIdentifier(name=vd.suite.name)
        pages += [suite_id, ValidationResultIdentifier(suite_id, run_id, result.batch_id)]
        for r in result.results:
            if r.success:
                continue
            failure = _failure(name, r, frames[name])
            is_warning = r.expectation_config.severity == FailureSeverity.WARNING
            (warnings if is_warning and not _exception_message(r) else failures).append(failure)

    return ValidationReport(
        success=not failures,
        failures=failures,
        warnings=warnings,
        data_docs_index=_build_pages(context, pages) if data_docs else None,
        rows_per_table=rows,
        rows_validated={table: len(frames[table]) for table in MART_TABLES},
    )


def build_data_docs(candidate_db: Path, runtime_dir: Path, expectations_dir: Path = EXPECTATIONS_DIR) -> Path | None:
    """The Data Docs pages of the validation of candidate_db (validate_marts with data_docs=False), from the
    results it stored under runtime_dir; returns the site's index."""
    import great_expectations as gx  # slow import: keep it out of DAG parsing

    context = _open_context(gx, Path(expectations_dir), Path(runtime_dir))
    results = [key for key in context.validation_results_store.list_keys()
               if key.run_id.run_name == Path(candidate_db).stem]
    suites = list({key.expectation_suite_identifier.name: key.expectation_suite_identifier for key in results}.values())
    return _build_pages(context, [*suites, *results]) if results else None


def _build_pages(context: Any, pages: list[Any]) -> Path | None:
    """Render only these pages (a suite's, a run's result) and the index: a full rebuild grows with every run."""
    index_url = context.build_data_docs(resource_identifiers=pages).get("local_site")
    return Path(unquote(urlparse(index_url).path)) if index_url else None


def _result_format(checkpoint_format: Any, table: str) -> dict[str, Any]:
    """The checkpoint's result format, naming a mart's unexpected rows by their key (Data Docs list them)."""
    result_format = {"result_format": getattr(checkpoint_format, "value", checkpoint_format)}
    if table in MART_KEYS:
        result_format["unexpected_index_column_names"] = list(MART_KEYS[table])
    return result_format


def format_report(report: ValidationReport) -> str:
    """Multi-line summary for task logs: verdict, row counts, then each failure and warning with samples."""
    rows = ", ".join(
        f"{table}={n}" + (f" ({report.rows_validated[table]} validated)"
                          if report.rows_validated.get(table, n) != n else "")
        for table, n in report.rows_per_table.items()
    )
    lines = [
        f"Validation {'PASSED' if report.success else 'FAILED'}: "
        f"{len(report.failures)} failed expectation(s), {len(report.warnings)} warning(s)",
        f"  rows: {rows}",
    ]
    for label, items in (("FAIL", report.failures), ("WARN", report.warnings)):
        for f in items:
            columns = f" [{', '.join(f.columns)}]" if f.columns else ""
            lines.append(f"  {label} {f.table}: {f.expectation_type}{columns}: {f.message}")
            lines.extend(f"      e.g. {sample}" for sample in f.samples)
    if report.data_docs_index:
        lines.append(f"  Data Docs: {report.data_docs_index}")
    return "\n".join(lines)


def _read_frames(candidate_db: Path, baseline_db: Path | None) -> tuple[dict[str, pd.DataFrame], dict[str, int]]:
    """The rows each mart's suite checks and each cross-table rule's violation rows, text HTML-escaped; and the
    row count of each mart. Read through read-only connections."""
    if not candidate_db.is_file():
        raise FileNotFoundError(f"candidate warehouse not found: {candidate_db}")
    with duckdb.connect(str(candidate_db), read_only=True) as con:
        if baseline_db is not None:
            con.execute(f"attach {sql_string(str(baseline_db))} as baseline (read_only)")
        rows = {table: con.execute(f"select count(*) from {table}").fetchone()[0] for table in MART_TABLES}
        queries = {table: _rows_to_validate(con, table, baseline_db is not None) for table in MART_TABLES}
        frames = {name: _vectorizable(_html_escaped(con, sql).df())
                  for name, sql in (queries | CROSS_TABLE_CHECKS).items()}
    return frames, rows


def _vectorizable(frame: pd.DataFrame) -> pd.DataFrame:
    """Integers and dates in the dtypes GX compares column-wise (int64, float64, datetime64[ns]); in DuckDB's
    (int32, nullable Int32, datetime64[us]) GX's range checks call Python once per value, seconds per mart.
    Dates outside what nanoseconds can hold keep their dtype: they stay checkable, the slow way."""
    import pandas as pd

    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_integer_dtype(values.dtype) and values.dtype != "int64":
            frame[column] = values.astype("float64" if values.hasnans else "int64")
        elif pd.api.types.is_datetime64_dtype(values.dtype) and values.dtype != "datetime64[ns]":
            with contextlib.suppress(OverflowError, pd.errors.OutOfBoundsDatetime):
                frame[column] = values.astype("datetime64[ns]")
    return frame


def _rows_to_validate(con: duckdb.DuckDBPyConnection, table: str, has_baseline: bool) -> str:
    """SQL for the rows of a mart its suite checks: all, or those unlike the baseline's plus duplicated keys."""
    if not has_baseline or _columns(con, table) != _columns(con, f"baseline.main.{table}"):
        return f"select * from {table}"
    keys = ", ".join(MART_KEYS[table])
    duplicated = f"(select {keys} from {table} group by {keys} having count(*) > 1)"
    return (f"select * from {table} semi join {duplicated} as duplicated using ({keys}) union all "
            f"(select * from {table} anti join {duplicated} as duplicated using ({keys}) "
            f"except all select * from baseline.main.{table})")


def _columns(con: duckdb.DuckDBPyConnection, relation: str) -> list[tuple[str, str]] | None:
    """Names and types of the columns of a table or query; None for a missing table (older published marts)."""
    try:
        return [(name, kind) for name, kind, *_ in con.execute(f"describe {relation}").fetchall()]
    except duckdb.CatalogException:
        return None


# html.escape(value, quote=True) in SQL; & first, so the entities written after it are not escaped again.
_HTML_ESCAPE = ("replace(replace(replace(replace(replace({}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), "
                "'\"', '&quot;'), '''', '&#x27;')")


def _html_escaped(con: duckdb.DuckDBPyConnection, sql: str) -> duckdb.DuckDBPyRelation:
    """Text cells HTML-escaped, in DuckDB: GX Data Docs write unexpected values into their pages as raw HTML, and
    a title or an evidence sentence must never become markup there. Escaping keeps every verdict of our suites
    (nulls, blanks, uniqueness, sets and patterns of plain words); _plain unescapes what the log shows."""
    columns = [_HTML_ESCAPE.format(f'"{name}"') + f' as "{name}"' if kind == "VARCHAR" else f'"{name}"'
               for name, kind in _columns(con, f"({sql})") or ()]
    return con.sql(f"select {', '.join(columns)} from ({sql})")


def _open_context(gx: Any, expectations_dir: Path, runtime_dir: Path) -> Any:
    """Open the committed file context with its result and Data Docs stores pointed at runtime_dir."""
    root = expectations_dir / "gx"
    if not (root / "great_expectations.yml").is_file():  # get_context would silently scaffold a new one
        raise FileNotFoundError(f"no Great Expectations context at {root}")
    return gx.get_context(
        mode="file",
        context_root_dir=root,
        runtime_environment={RUNTIME_DIR_VARIABLE: str(runtime_dir.resolve())},
    )


_SHOWN_ELSEWHERE = ("column", "column_A", "column_B", "column_list", "batch_id")  # not repeated in messages


def _failure(table: str, result: Any, frame: pd.DataFrame) -> ExpectationFailure:
    """Summarise one unsuccessful ExpectationValidationResult."""
    config = result.expectation_config
    kwargs = config.kwargs
    columns = tuple(kwargs[k] for k in ("column", "column_A", "column_B") if k in kwargs)
    columns += tuple(kwargs.get("column_list", ()))
    what = config.description or ", ".join(
        f"{k}={v!r}" for k, v in kwargs.items() if k not in _SHOWN_ELSEWHERE
    )
    outcome = _exception_message(result) or _observed(result.result)
    return ExpectationFailure(
        table=table,
        expectation_type=config.type,
        columns=columns,
        message=f"{what}: {outcome}" if what else outcome,
        samples=_samples(table, result.result, frame),
    )


def _observed(details: dict[str, Any]) -> str:
    """What GX saw: unexpected counts for row-wise expectations, else the observed value."""
    if "unexpected_count" in details:
        return f"{details['unexpected_count']} of {details['element_count']} rows unexpected"
    return f"observed {_plain(details.get('observed_value'))!r}"


def _samples(table: str, details: dict[str, Any], frame: pd.DataFrame) -> tuple:
    """Up to MAX_SAMPLES offending rows (key and checked columns), or violation rows for a rule frame."""
    if table in CROSS_TABLE_CHECKS:
        rows = frame.head(MAX_SAMPLES).to_dict("records")
    elif details.get("partial_unexpected_index_list"):
        rows = details["partial_unexpected_index_list"][:MAX_SAMPLES]  # key and checked columns (_result_format)
    else:
        return tuple(_plain(v) for v in details.get("partial_unexpected_list", [])[:MAX_SAMPLES])
    return tuple({k: _plain(v) for k, v in row.items()} for row in rows)


def _plain(value: Any) -> Any:
    """Plain Python for logs: missing values as None, dates as ISO strings, text unescaped, numpy scalars
    unwrapped."""
    import pandas as pd

    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d") if value == value.normalize() else value.isoformat()
    if isinstance(value, list | tuple):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, str):
        return html.unescape(value)  # the frames GX saw were escaped (_html_escaped)
    return value.item() if hasattr(value, "item") else value


def _exception_message(result: Any) -> str | None:
    """The error GX caught while computing an expectation, if any (exception_info comes in two shapes)."""
    info = result.exception_info or {}
    infos = [info] if "raised_exception" in info else list(info.values())
    messages = [i.get("exception_message") or "error" for i in infos if i.get("raised_exception")]
    return "raised " + "; ".join(messages) if messages else None
