"""Is the published build up to date? A fingerprint of everything the marts are built from.

The marts are a function of the landed articles, their extracted facts, the dbt project, the expectations
and this package's code. When none of them changed since the last publish, a run has nothing to build,
validate or publish: the daily run with no new input costs a listing of the input folder and this check.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

import duckdb

# Generated or per-machine files that do not change what is built.
_IGNORED_PARTS = frozenset({"target", "logs", "dbt_packages", "uncommitted", "__pycache__", "data_docs"})
_WAREHOUSE_STATE = """
    select (select count(*) || ':' || coalesce(bit_xor(hash(record_id)), 0) from raw.articles)
        || '/' || (select count(*) || ':' || coalesce(bit_xor(hash(article_id, extractor_version, fact_kind,
                                                                        fact_index)), 0)
                   from extracted.article_facts)
"""


def project_files(roots: Iterable[Path]) -> list[tuple[str, Path]]:
    """(name relative to the root's parent, path) of every file under the roots: moving the project is no change."""
    files = []
    for root in roots:
        for path in root.rglob("*"):
            name = path.relative_to(root.parent)
            if path.is_file() and not _IGNORED_PARTS.intersection(name.parts):
                files.append((name.as_posix(), path))
    return sorted(files)


def hash_files(digest: hashlib._Hash, roots: Iterable[Path]) -> None:
    """Feed the digest every file under the roots, by name and content (see project_files)."""
    for name, path in project_files(roots):
        digest.update(name.encode())
        digest.update(path.read_bytes())


def build_fingerprint(working_db: Path, project_dir: Path) -> str:
    """Hash of the warehouse's articles and facts and of the project's code, models and expectations."""
    digest = hashlib.sha256()
    with duckdb.connect(str(working_db), read_only=True) as con:
        digest.update(con.execute(_WAREHOUSE_STATE).fetchone()[0].encode())
    package = Path(__file__).resolve().parents[1]
    hash_files(digest, [project_dir / "dbt_project", project_dir / "expectations", package])
    return digest.hexdigest()


def docs_fingerprint(working_db: Path, dbt_project_dir: Path) -> str:
    """Hash of what dbt docs show: the dbt project and the warehouse's tables, columns, types and comments (dbt's
    DuckDB catalog has no row counts or other statistics, so the rows themselves do not matter)."""
    digest = hashlib.sha256()
    with duckdb.connect(str(working_db), read_only=True) as con:
        for row in con.execute("select schema_name, table_name, comment from duckdb_tables() union all "
                               "select schema_name, view_name, comment from duckdb_views() where not internal "
                               "order by all").fetchall():
            digest.update(repr(row).encode())
        for row in con.execute("select schema_name, table_name, column_name, data_type, comment "
                               "from duckdb_columns() where not internal order by all").fetchall():
            digest.update(repr(row).encode())
    hash_files(digest, [dbt_project_dir])
    return digest.hexdigest()


def files_digest(roots: Iterable[Path]) -> str:
    """Hash of every file under the roots (see hash_files): e.g. the dbt project, or the expectations."""
    digest = hashlib.sha256()
    hash_files(digest, roots)
    return digest.hexdigest()


def read_fingerprint(marker: Path) -> str | None:
    """The fingerprint recorded in a marker file (record_fingerprint), if any."""
    return marker.read_text(encoding="utf-8").strip() if marker.is_file() else None


def record_fingerprint(marker: Path, fingerprint: str) -> None:
    """Written once the work it vouches for is done, so a crash in between only costs that work again."""
    marker.parent.mkdir(parents=True, exist_ok=True)
    temporary = marker.with_suffix(".tmp")
    temporary.write_text(fingerprint + "\n", encoding="utf-8")
    temporary.replace(marker)
