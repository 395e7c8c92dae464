"""Security: no secrets in the repository, input never chooses where files are written, and hostile article
text stays text in dbt docs and GX Data Docs."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import duckdb
import pytest
from newsfacts.warehouse import pipeline
from newsfacts.warehouse.landing import run_folder
from newsfacts.warehouse.publishing import WarehousePaths

from tests.conftest import HOSTILE_TITLE, REPO
from tests.warehouse.test_validation import run as validate_small_build

SECRET_PATTERNS = {
    "private key": r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----",
    "AWS access key": r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b",
    "GitHub token": r"\bgh[pousr]_[A-Za-z0-9]{36,}",
    "Slack token": r"\bxox[abposr]-[A-Za-z0-9-]{10,}",
    "Google API key": r"\bAIza[0-9A-Za-z_-]{35}",
    "password in a URL": r"\b[a-z][a-z0-9+.-]*://[^/\s:@'\"]+:[^/\s:@'\"]+@",
    "quoted secret": r"(?i)\b\w*(?:password|passwd|secret|fernet_key|api_key|access_key|token)\w*[\"']?\s*[:=]\s*"
                     r"[\"'][^\"'\s]{8,}[\"']",
}
# In configuration files a value needs no quotes (airflow.cfg: `fernet_key = ...`).
CONFIG_SECRET = r"(?im)^\s*(?:fernet_key|secret_key|jwt_secret|password|api_key)\s*[=:]\s*\S{8,}"
CONFIG_SUFFIXES = {".cfg", ".ini", ".env", ".toml", ".yml", ".yaml", ".conf", ".properties", ".json"}
HOSTILE_IDS = ["../../escaped", "/tmp/absolute-escape", "..", "a/../../b", "~/home-escape", "C:\\windows\\escape"]


def secrets_in(name: str, text: str) -> list[str]:
    patterns = dict(SECRET_PATTERNS)
    if Path(name).suffix in CONFIG_SUFFIXES or Path(name).name.startswith(".env"):
        patterns["configured secret"] = CONFIG_SECRET
    return [f"{name}: {kind}: {match.group(0)[:40]}" for kind, pattern in patterns.items()
            for match in re.finditer(pattern, text)]


def test_the_scan_finds_planted_secrets() -> None:
    """Built at run time, so that the repository itself never holds these strings."""
    planted = {
        "deploy.py": "key = 'AKIA" + "Q" * 16 + "'",
        "id_rsa": "-----BEGIN RSA " + "PRIVATE KEY-----\nMIIE...",
        "settings.py": "API_TOKEN = '" + "x9" * 10 + "'",
        "conn.json": '{"db_password": "' + "s3cr3t" * 2 + '"}',
        "airflow.cfg": "[core]\nfernet_key = " + "k" * 44,
        "README.md": "postgresql://airflow:" + "hunter2" + "@db/airflow",
    }
    assert all(secrets_in(name, text) for name, text in planted.items())
    assert not secrets_in("cli.py", "password = secrets.token_urlsafe(18)")


def test_no_secrets_in_tracked_files() -> None:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True)
    names = [name for name in listed.stdout.decode().split("\0") if name]
    assert len(names) > 50
    found = []
    for name in names:
        path = REPO / name
        if not path.is_file():
            continue
        data = path.read_bytes()
        if b"\0" not in data:  # binary files (images) hold no configuration
            found += secrets_in(name, data.decode("utf-8", errors="replace"))
    assert found == []


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file() or p.is_symlink()}


def test_hostile_ids_and_run_ids_never_write_outside_the_warehouse(tmp_path: Path) -> None:
    sandbox = tmp_path / "sandbox"
    input_dir, warehouse = sandbox / "deep" / "input", sandbox / "deep" / "warehouse"
    input_dir.mkdir(parents=True)
    for n, hostile in enumerate(HOSTILE_IDS):
        article = {"id": hostile, "title": f"Talks number {n}",
                   "text": f"Foreign Minister Bui Thanh Son held talks number {n} in Hanoi on October 18, 2022."}
        (input_dir / f"article-{n}.json").write_text(json.dumps(article))
    before = _files(sandbox)

    for hostile in HOSTILE_IDS:
        pipeline.land(input_dir, warehouse, run_id=hostile)
        assert run_folder(warehouse, hostile).resolve().is_relative_to(warehouse / "runs")
        assert WarehousePaths(warehouse).candidate_db(hostile).resolve().is_relative_to(warehouse / "candidates")

    written = _files(sandbox) - before
    assert written and all(p.resolve().is_relative_to(warehouse) for p in written), written
    assert not (Path("/tmp") / "absolute-escape").exists()
    with duckdb.connect(str(warehouse / "warehouse.duckdb"), read_only=True) as con:
        landed = {r[0] for r in con.execute("select external_id from raw.articles").fetchall()}
    assert set(HOSTILE_IDS) <= landed  # the ids are kept, as data


def _raw_payload_in(html_files: list[Path], payload: str) -> list[Path]:
    return [p for p in html_files if payload in p.read_text(errors="replace")]


@pytest.mark.e2e
def test_script_title_is_escaped_in_dbt_docs_and_gx_data_docs(next_day_warehouse: Path) -> None:
    with duckdb.connect(str(next_day_warehouse / "marts.duckdb"), read_only=True) as con:
        titles = {r[0] for r in con.execute("select title from dim_articles").fetchall()}
    assert HOSTILE_TITLE in titles  # the hostile article went all the way through
    dbt_docs = list((next_day_warehouse / "dbt" / "target").glob("*.html"))
    gx_docs = list((next_day_warehouse / "gx" / "data_docs").rglob("*.html"))
    assert dbt_docs and gx_docs
    assert _raw_payload_in(dbt_docs + gx_docs, "<script>alert(") == []


def test_hostile_value_shown_by_gx_data_docs_is_escaped(tmp_path: Path) -> None:
    """A failing page lists the unexpected values: one that is markup must be shown as text."""
    payload = '<script>alert("gx")</script>'
    report = validate_small_build(tmp_path, f"UPDATE fct_meetings SET meeting_type = '{payload}'")
    assert not report.success
    pages = list((tmp_path / "gx" / "data_docs").rglob("*.html"))
    failing = [p for p in pages if "fct_meetings" in str(p) and "validations" in str(p)]
    assert failing
    assert _raw_payload_in(pages, payload) == []
    assert any("&lt;script&gt;alert(" in p.read_text() for p in failing)
