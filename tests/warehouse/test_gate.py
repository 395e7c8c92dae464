"""The publish gate on a real build: each kind of defect injected into the marts is refused, naming the
expectation and the offending rows, and the published marts stay byte for byte as they were."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from newsfacts.warehouse import pipeline
from newsfacts.warehouse.publishing import WarehousePaths

pytestmark = pytest.mark.e2e

_FIRST_DATED_MEETING = "(SELECT min(meeting_id) FROM marts.fct_meetings WHERE start_date IS NOT NULL)"


@dataclass(frozen=True)
class Defect:
    name: str
    sql: str  # applied to the marts dbt built, before the candidate copy
    table: str  # the mart or cross-table rule that must fail
    expectation: str
    column: str | None  # the column the failure names, if the expectation has one
    shown: str  # SQL run before the defect: the key the failure's sample rows must show


# fmt: off
DEFECTS = [
    Defect("null_key",
           "UPDATE marts.fct_people SET person_id = NULL WHERE article_id = (SELECT min(article_id) "
           "FROM marts.fct_people)",
           "fct_people", "expect_column_values_to_not_be_null", "person_id",
           "SELECT min(article_id) FROM marts.fct_people"),
    Defect("duplicate_key",  # CREATE OR REPLACE drops the primary key, as a faulty model could
           "CREATE OR REPLACE TABLE marts.fct_figures AS SELECT * FROM marts.fct_figures UNION ALL "
           "SELECT * FROM marts.fct_figures WHERE figure_id = (SELECT min(figure_id) FROM marts.fct_figures)",
           "fct_figures", "expect_column_values_to_be_unique", "figure_id",
           "SELECT min(figure_id) FROM marts.fct_figures"),
    Defect("orphan_article_id",
           "UPDATE marts.fct_agreements SET article_id = 'no-such-article' WHERE agreement_id = "
           "(SELECT min(agreement_id) FROM marts.fct_agreements)",
           "check_orphan_article_ids", "expect_table_row_count_to_equal", None, "SELECT 'no-such-article'"),
    Defect("orphan_person_id",
           "INSERT INTO marts.bridge_meeting_participants BY NAME SELECT min(meeting_id) AS meeting_id, "
           "'no-such-person' AS person_id FROM marts.fct_meetings",
           "check_orphan_person_ids", "expect_table_row_count_to_equal", None, "SELECT 'no-such-person'"),
    Defect("unparseable_value",
           "UPDATE marts.fct_figures SET value = 'nan'::DOUBLE WHERE figure_id = "
           "(SELECT min(figure_id) FROM marts.fct_figures)",
           "fct_figures", "expect_column_values_to_not_be_null", "value",
           "SELECT min(figure_id) FROM marts.fct_figures"),
    Defect("negative_value",
           "UPDATE marts.fct_targets SET value = -150e9 WHERE target_id = (SELECT min(target_id) "
           "FROM marts.fct_targets)",
           "fct_targets", "expect_column_values_to_be_between", "value",
           "SELECT min(target_id) FROM marts.fct_targets"),
    Defect("infinite_value",
           "UPDATE marts.fct_figures SET value = 'inf'::DOUBLE WHERE figure_id = "
           "(SELECT max(figure_id) FROM marts.fct_figures)",
           "fct_figures", "expect_column_values_to_be_between", "value",
           "SELECT max(figure_id) FROM marts.fct_figures"),
    Defect("unknown_unit",
           "UPDATE marts.fct_targets SET unit = 'XYZ' WHERE target_id = (SELECT max(target_id) "
           "FROM marts.fct_targets)",
           "fct_targets", "expect_column_values_to_match_regex", "unit",
           "SELECT max(target_id) FROM marts.fct_targets"),
    Defect("unknown_meeting_type",
           "UPDATE marts.fct_meetings SET meeting_type = 'banquet' WHERE meeting_id = "
           "(SELECT max(meeting_id) FROM marts.fct_meetings)",
           "fct_meetings", "expect_column_values_to_be_in_set", "meeting_type",
           "SELECT max(meeting_id) FROM marts.fct_meetings"),
    Defect("unknown_agreement_type",
           "UPDATE marts.fct_agreements SET agreement_type = 'contract' WHERE agreement_id = "
           "(SELECT max(agreement_id) FROM marts.fct_agreements)",
           "fct_agreements", "expect_column_values_to_be_in_set", "agreement_type",
           "SELECT max(agreement_id) FROM marts.fct_agreements"),
    Defect("impossible_date",
           "UPDATE marts.fct_meetings SET start_date = DATE '1066-10-14', end_date = DATE '1066-10-14' "
           f"WHERE meeting_id = {_FIRST_DATED_MEETING}",
           "fct_meetings", "expect_column_values_to_be_between", "start_date", f"SELECT {_FIRST_DATED_MEETING}"),
    Defect("end_before_start",
           f"UPDATE marts.fct_meetings SET end_date = start_date - 3 WHERE meeting_id = {_FIRST_DATED_MEETING}",
           "fct_meetings", "expect_column_pair_values_a_to_be_greater_than_b", "end_date",
           f"SELECT {_FIRST_DATED_MEETING}"),
    Defect("meeting_after_its_article",
           "UPDATE marts.dim_articles AS a SET published_date = m.start_date - 7 FROM marts.fct_meetings AS m "
           f"WHERE m.meeting_id = {_FIRST_DATED_MEETING} AND a.article_id = m.article_id",
           "check_meetings_after_publication", "expect_table_row_count_to_equal", None,
           f"SELECT {_FIRST_DATED_MEETING}"),
    Defect("bad_country_code",
           "UPDATE marts.dim_people SET country_code = 'Korea' WHERE person_id = (SELECT min(person_id) "
           "FROM marts.dim_people)",
           "dim_people", "expect_column_values_to_match_regex", "country_code",
           "SELECT min(person_id) FROM marts.dim_people"),
    Defect("meeting_without_participants",
           "DELETE FROM marts.bridge_meeting_participants WHERE meeting_id = (SELECT min(meeting_id) "
           "FROM marts.fct_meetings)",
           "check_meetings_without_participants", "expect_table_row_count_to_equal", None,
           "SELECT min(meeting_id) FROM marts.fct_meetings"),
    Defect("confidence_above_one",
           "UPDATE marts.fct_agreements SET confidence = 1.5 WHERE agreement_id = (SELECT min(agreement_id) "
           "FROM marts.fct_agreements)",
           "fct_agreements", "expect_column_values_to_be_between", "confidence",
           "SELECT min(agreement_id) FROM marts.fct_agreements"),
]
# fmt: on


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def warehouse(sample_warehouse: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "warehouse"
    shutil.copytree(sample_warehouse, copy, ignore=shutil.ignore_patterns(".lock"))
    return copy


def test_at_least_twelve_kinds_of_defect() -> None:
    assert len({d.name for d in DEFECTS}) == len(DEFECTS) >= 12


@pytest.mark.parametrize("defect", DEFECTS, ids=[d.name for d in DEFECTS])
def test_defect_blocks_publishing(warehouse: Path, defect: Defect) -> None:
    paths = WarehousePaths(warehouse)
    published = _digest(paths.marts_db)
    log_before = paths.publish_log.read_text()
    with duckdb.connect(str(paths.working_db)) as con:
        [shown] = con.execute(defect.shown).fetchone()
        con.execute(defect.sql)
    assert shown is not None, "the sample marts lack the rows this defect needs"

    with pytest.raises(pipeline.ValidationFailed) as failure:
        validation = pipeline.validate_candidate(warehouse, f"gate_{defect.name}")
        pipeline.publish(warehouse, f"gate_{defect.name}", validation)  # never reached: the gate raised

    message = str(failure.value)
    named = f"FAIL {defect.table}: {defect.expectation}" + (f" [{defect.column}" if defect.column else "")
    assert named in message, message
    assert any(line.lstrip().startswith("e.g.") and shown in line for line in message.splitlines()), message
    assert _digest(paths.marts_db) == published
    assert paths.publish_log.read_text() == log_before
    with duckdb.connect(str(paths.marts_db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM dim_articles").fetchone()[0] > 0


def test_a_warning_does_not_block(warehouse: Path) -> None:
    """A target set for a year before its article was written is declared a warning: reported, published."""
    paths = WarehousePaths(warehouse)
    published = _digest(paths.marts_db)
    with duckdb.connect(str(paths.working_db)) as con:
        [target_id] = con.execute("SELECT min(target_id) FROM marts.fct_targets").fetchone()
        con.execute("UPDATE marts.fct_targets SET target_year = 1901 WHERE target_id = ?", [target_id])

    validation = pipeline.validate_candidate(warehouse, "gate_warning")
    pipeline.publish(warehouse, "gate_warning", validation)

    assert validation["warnings"] == 1
    assert _digest(paths.marts_db) != published
    assert "passed with 1 warnings" in paths.publish_log.read_text().splitlines()[-1]
    with duckdb.connect(str(paths.marts_db), read_only=True) as con:
        assert con.execute("SELECT target_year FROM fct_targets WHERE target_id = ?", [target_id]).fetchone() == (
            1901,)


def test_clean_candidate_publishes(warehouse: Path) -> None:
    """The same path without a defect does publish, so the refusals above are the gate's doing."""
    paths = WarehousePaths(warehouse)
    lines_before = len(paths.publish_log.read_text().splitlines())
    validation = pipeline.validate_candidate(warehouse, "gate_clean")
    pipeline.publish(warehouse, "gate_clean", validation)
    assert len(paths.publish_log.read_text().splitlines()) == lines_before + 1
