"""The publish gate on a real build: a corrupted candidate is refused and the published marts stay as they were."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest
from newsfacts import pipeline
from newsfacts.publishing import WarehousePaths

pytestmark = pytest.mark.e2e

# A defect that could reach the marts, and the expectation that must name it.
CORRUPTIONS = [
    ("unparseable_figure", "UPDATE marts.fct_figures SET value = 'nan'::DOUBLE WHERE figure_id = "
     "(SELECT min(figure_id) FROM marts.fct_figures)", "fct_figures", "value"),
    ("impossible_meeting_date", "UPDATE marts.fct_meetings SET start_date = DATE '1066-10-14', "
     "end_date = DATE '1066-10-14' WHERE meeting_id = (SELECT min(meeting_id) FROM marts.fct_meetings)",
     "fct_meetings", "start_date"),
    ("end_before_start", "UPDATE marts.fct_meetings SET end_date = start_date - 3 WHERE meeting_id = "
     "(SELECT min(meeting_id) FROM marts.fct_meetings)", "fct_meetings", "end_date"),
]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def warehouse(sample_warehouse: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "warehouse"
    shutil.copytree(sample_warehouse, copy, ignore=shutil.ignore_patterns(".lock"))
    return copy


@pytest.mark.parametrize(("defect", "sql", "table", "column"), CORRUPTIONS, ids=[c[0] for c in CORRUPTIONS])
def test_corrupted_candidate_is_not_published(warehouse: Path, defect: str, sql: str, table: str,
                                              column: str) -> None:
    paths = WarehousePaths(warehouse)
    published = _digest(paths.marts_db)
    log_before = paths.publish_log.read_text()
    with duckdb.connect(str(paths.working_db)) as con:
        con.execute(sql)

    with pytest.raises(pipeline.ValidationFailed) as failure:
        validation = pipeline.validate_candidate(warehouse, f"gate_{defect}")
        pipeline.publish(warehouse, f"gate_{defect}", validation)  # never reached: the gate raised

    assert table in str(failure.value) and column in str(failure.value)
    assert _digest(paths.marts_db) == published
    assert paths.publish_log.read_text() == log_before
    with duckdb.connect(str(paths.marts_db), read_only=True) as con:
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0


def test_clean_candidate_publishes(warehouse: Path) -> None:
    """The same path without a defect does publish, so the refusals above are the gate's doing."""
    paths = WarehousePaths(warehouse)
    lines_before = len(paths.publish_log.read_text().splitlines())
    validation = pipeline.validate_candidate(warehouse, "gate_clean")
    pipeline.publish(warehouse, "gate_clean", validation)
    assert len(paths.publish_log.read_text().splitlines()) == lines_before + 1
