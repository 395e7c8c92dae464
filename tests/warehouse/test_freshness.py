"""What makes the dbt docs out of date: the dbt project, or the warehouse's tables and columns; not its rows."""

from __future__ import annotations

from pathlib import Path

import duckdb
from newsfacts.warehouse.freshness import docs_fingerprint


def test_docs_fingerprint_follows_the_schema_and_the_project_not_the_rows(tmp_path: Path) -> None:
    working_db, project = tmp_path / "warehouse.duckdb", tmp_path / "dbt_project"
    project.mkdir()
    (project / "dbt_project.yml").write_text("name: newsfacts\n")
    with duckdb.connect(str(working_db)) as con:
        con.execute("create schema marts; create table marts.fct_figures (figure_id varchar, value double)")
    first = docs_fingerprint(working_db, project)

    changes = ["insert into marts.fct_figures values ('f1', 1.0)",  # rows: the same docs
               "alter table marts.fct_figures add column unit varchar",
               "comment on column marts.fct_figures.value is 'in base units'",
               "create view marts.v as select 1 as one"]
    fingerprints = []
    for change in changes:
        with duckdb.connect(str(working_db)) as con:
            con.execute(change)
        fingerprints.append(docs_fingerprint(working_db, project))
    assert fingerprints[0] == first
    assert len({first, *fingerprints[1:]}) == 4  # a column, a comment, a view: each a change

    (project / "models.yml").write_text("version: 2\n")
    assert docs_fingerprint(working_db, project) != fingerprints[-1]
