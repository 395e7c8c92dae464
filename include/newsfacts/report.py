"""The static report, WAREHOUSE/report/index.html, written after each publish from the published marts only.

Three kinds of small functions: queries (a read-only connection to marts.duckdb → a DataFrame), figures
(a DataFrame → a plotly Figure) and the page (figures and evidence tables → one self-contained HTML file,
plotly.js inlined once, no network). Every plotted number carries a `ref` (the first 8 characters of its
fact id) that the evidence table under the chart repeats beside the sentence and the article stating it.
Article text is untrusted: every string from the marts is HTML-escaped, in tables and in chart labels.
"""

from __future__ import annotations

import html
import os
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from newsfacts.warehouse.publishing import WarehousePaths, read_publish_log

UNKNOWN_YEAR = "year unknown"
# A page for reading, not a copy of the marts: the matrices keep the people and countries in most events, each
# evidence table its first rows (the marts hold them all). Both keep the page's size flat however many articles.
MATRIX_LIMIT = 30
TABLE_ROWS = 500
PLOT_CONFIG = {"displaylogo": False, "responsive": True}
# Article columns every evidence table ends with; `a` is dim_articles in the queries below.
ARTICLE_COLUMNS = "a.article_id, a.external_id, a.title as article_title, a.url"


@dataclass(frozen=True)
class ReportData:
    events: pd.DataFrame  # one row per mention (query_events)
    participants: pd.DataFrame
    targets: pd.DataFrame
    figures: pd.DataFrame
    agreements: pd.DataFrame
    publishes: list[dict]


# ---------------------------------------------------------------- queries (read-only connection → data)

def article_year_sql(con: duckdb.DuckDBPyConnection) -> str:
    """The article's year: its publication year, else the year the text implies (dim_articles.reference_year)."""
    has_reference_year = con.execute(
        "select count(*) from information_schema.columns "
        "where table_name = 'dim_articles' and column_name = 'reference_year'").fetchone()[0]
    return "coalesce(year(a.published_date), a.reference_year)" if has_reference_year else "year(a.published_date)"


def query_events(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per mention of an event (fct_events, bridge_event_mentions), with its event's columns; an event's
    mentions follow each other, the earliest-published first."""
    return con.execute(f"""
        select left(e.event_id, 8) as ref, e.event_id, e.event_type, e.start_date, e.end_date, e.location_city,
               e.mention_count, e.article_count,
               coalesce((select string_agg(p.full_name || coalesce(' (' || p.country_code || ')', ''), ', '
                                           order by p.full_name)
                         from bridge_event_participants b join dim_people p using (person_id)
                         where b.event_id = e.event_id), '') as participants,
               m.meeting_type as mention_type, m.evidence, {ARTICLE_COLUMNS}
        from fct_events e
        join bridge_event_mentions bm on bm.event_id = e.event_id
        join fct_meetings m on m.meeting_id = bm.meeting_id
        join dim_articles a on a.article_id = bm.article_id
        order by e.start_date nulls last, e.event_type, e.event_id, a.published_date nulls last, m.meeting_id""").df()


def query_participants(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per person in an event, with the first mention naming them and the title its article gives."""
    return con.execute(f"""
        with first_mentions as (
            select bm.event_id, b.person_id, min(bm.meeting_id) as meeting_id
            from bridge_event_mentions bm join bridge_meeting_participants b using (meeting_id)
            group by bm.event_id, b.person_id
        )
        select left(e.event_id, 8) as ref, e.event_id, e.event_type, e.start_date, p.person_id, p.full_name,
               coalesce(p.country_code, fp.country_code, '?') as country_code, fp.title, m.evidence,
               {ARTICLE_COLUMNS}
        from bridge_event_participants bp
        join fct_events e using (event_id)
        join dim_people p on p.person_id = bp.person_id
        join first_mentions f on f.event_id = bp.event_id and f.person_id = bp.person_id
        join fct_meetings m on m.meeting_id = f.meeting_id
        join dim_articles a on a.article_id = m.article_id
        left join fct_people fp on fp.article_id = m.article_id and fp.person_id = bp.person_id
        order by e.start_date nulls last, e.event_id, p.full_name""").df()


def query_targets(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(f"""
        select left(t.target_id, 8) as ref, t.metric, t.value, t.unit, t.target_year as year, t.evidence,
               {ARTICLE_COLUMNS}
        from fct_targets t join dim_articles a using (article_id)
        order by t.metric, t.unit, t.target_year nulls last, t.value, t.target_id""").df()


def query_figures(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Reported figures; `year` is the year stated, else the article's year (`year_from_article` says which)."""
    article_year = article_year_sql(con)
    return con.execute(f"""
        select left(f.figure_id, 8) as ref, f.metric, f.value, f.unit, coalesce(f.year, {article_year}) as year,
               f.year is null and {article_year} is not null as year_from_article, f.qualifier, f.evidence,
               {ARTICLE_COLUMNS}
        from fct_figures f join dim_articles a using (article_id)
        order by f.metric, f.unit, year nulls last, f.value, f.figure_id""").df()


def query_agreements(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Agreements with the year of the article reporting them (agreements carry no date of their own)."""
    return con.execute(f"""
        select left(g.agreement_id, 8) as ref, g.agreement_type, g.name, g.document_count, g.is_signed_in_article,
               {article_year_sql(con)} as year, g.evidence, {ARTICLE_COLUMNS}
        from fct_agreements g join dim_articles a using (article_id)
        order by year nulls last, g.agreement_type, g.agreement_id""").df()


def load_report_data(paths: WarehousePaths) -> ReportData:
    """Everything the report shows, from the published marts (opened read-only) and the publish log."""
    with duckdb.connect(str(paths.marts_db), read_only=True) as con:
        return ReportData(events=query_events(con), participants=query_participants(con),
                          targets=query_targets(con), figures=query_figures(con),
                          agreements=query_agreements(con), publishes=read_publish_log(paths.publish_log))


# ---------------------------------------------------------------- data shaping (pure)

def is_missing(value: object) -> bool:
    return value is None or (not isinstance(value, (list, dict, str)) and bool(pd.isna(value)))


def label(value: object, width: int = 0) -> str:
    """Untrusted text for a chart label: escaped (plotly renders a subset of HTML in labels), optionally wrapped."""
    text = "" if is_missing(value) else str(value)
    lines = textwrap.wrap(text, width) if width else [text]
    return "<br>".join(html.escape(line, quote=False) for line in lines)


def format_quantity(value: float, unit: str) -> str:
    """150000000000, USD → '150 billion USD'; 350000, people → '350,000 people'."""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            return f"{value / size:,.6g} {word} {unit}"
    return f"{value:,.6g} {unit}"


def axis_scale(values: Sequence[float]) -> tuple[float, str]:
    """A divisor and a word so that axis ticks read '150' (billion) rather than '150000000000'."""
    largest = max((abs(v) for v in values), default=0.0)
    for size, word in ((1e12, "trillion "), (1e9, "billion "), (1e6, "million ")):
        if largest >= size:
            return size, word
    return 1.0, ""


def meeting_pairs(participants: pd.DataFrame, key: str) -> pd.DataFrame:
    """Who met whom: for each pair of `key` values (person or country) the events both took part in.

    The diagonal counts every event a person (country) took part in, so people met alone still appear.
    """
    columns = ["a", "b", "events", "refs"]
    if participants.empty:
        return pd.DataFrame(columns=columns)
    sides = participants[["event_id", "ref", key]].drop_duplicates()
    pairs = sides.merge(sides, on=["event_id", "ref"], suffixes=("_a", "_b"))
    grouped = pairs.groupby([f"{key}_a", f"{key}_b"], sort=True).agg(
        events=("event_id", "nunique"), refs=("ref", lambda refs: ", ".join(sorted(set(refs)))))
    return grouped.reset_index().set_axis(columns, axis=1)


def most_present(participants: pd.DataFrame, key: str, limit: int) -> pd.DataFrame:
    """The participant rows of the `limit` people (countries) in most events; ties by key, for a stable page."""
    counts = participants.groupby(key)["event_id"].nunique().reset_index(name="events")
    kept = counts.sort_values(["events", key], ascending=[False, True]).head(limit)[key]
    return participants[participants[key].isin(kept)]


def person_labels(participants: pd.DataFrame) -> dict[str, str]:
    """person_id → 'Full Name (VNM)'."""
    people = participants.drop_duplicates("person_id")
    return {row.person_id: f"{row.full_name} ({row.country_code})" for row in people.itertuples()}


def latest_figures(targets: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Each target beside the latest dated figure reported for the same metric and unit (empty if none)."""
    dated = figures.dropna(subset=["year"]).sort_values(["year", "value"])
    latest = dated.groupby(["metric", "unit"], as_index=False).last()[["metric", "unit", "ref", "value", "year"]]
    latest = latest.rename(columns={"ref": "figure_ref", "value": "figure_value", "year": "figure_year"})
    merged = targets.merge(latest, on=["metric", "unit"], how="left")
    merged["gap"] = merged["value"] - merged["figure_value"]
    return merged


def agreement_counts(agreements: pd.DataFrame) -> pd.DataFrame:
    """Agreements per (article year, type): rows of fct_agreements, and how many were signed in the article."""
    columns = ["year", "agreement_type", "agreements", "signed", "refs"]
    if agreements.empty:
        return pd.DataFrame(columns=columns)
    frame = agreements.assign(year=[UNKNOWN_YEAR if is_missing(y) else str(int(y)) for y in agreements["year"]])
    counts = frame.groupby(["year", "agreement_type"], sort=True).agg(
        agreements=("ref", "size"), signed=("is_signed_in_article", "sum"),
        refs=("ref", lambda refs: ", ".join(refs)))
    return counts.reset_index()[columns]


def year_order(years: Sequence[str]) -> list[str]:
    """Years ascending, 'year unknown' last."""
    return sorted(set(years), key=lambda y: (y == UNKNOWN_YEAR, y))


# ---------------------------------------------------------------- figures (data → plotly)

def _empty(fig: go.Figure, message: str) -> go.Figure:
    fig.add_annotation(text=message, showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def _layout(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(height=height, margin={"l": 10, "r": 10, "t": 40, "b": 10}, template="plotly_white",
                      hoverlabel={"align": "left"}, legend={"orientation": "h", "y": -0.15})
    return fig


def events_figure(events: pd.DataFrame) -> go.Figure:
    """Events on a date axis, one row per event type; a multi-day event is a line from start to end."""
    fig = go.Figure()
    dated = events.drop_duplicates("event_id").dropna(subset=["start_date"])
    reported_by = events.groupby("event_id", sort=False)["article_title"].agg(
        lambda titles: "; ".join(dict.fromkeys(str(title) for title in titles if not is_missing(title))))
    for event_type, group in dated.groupby("event_type", sort=True):
        xs: list[object] = []
        texts: list[str] = []
        for row in group.itertuples():
            end = None if is_missing(row.end_date) else row.end_date
            text = (f"<b>[{label(row.ref)}] {label(row.event_type)}</b> {row.start_date:%Y-%m-%d}"
                    + (f" to {end:%Y-%m-%d}" if end is not None else "")
                    + (f" in {label(row.location_city)}" if not is_missing(row.location_city) else "")
                    + f"<br>{label(row.participants, 90)}"
                    + f"<br>{row.mention_count} mention(s) in {row.article_count} article(s): "
                    + f"<i>{label(reported_by[row.event_id], 90)}</i>")
            points = [row.start_date, end] if end is not None else [row.start_date]
            xs += [*points, None]
            texts += [text] * len(points) + [""]
        refs = [label(row.ref) if i == 0 else "" for row in group.itertuples()
                for i in range(3 if not is_missing(row.end_date) else 2)]
        fig.add_trace(go.Scatter(x=xs, y=[label(event_type) if x is not None else None for x in xs],
                                 mode="lines+markers+text", name=label(event_type), hovertext=texts,
                                 hoverinfo="text", text=refs, textposition="top center", line={"width": 6},
                                 marker={"size": 12}, connectgaps=False, cliponaxis=False))
    if dated.empty:
        _empty(fig, "no dated meetings")
    fig.update_xaxes(title_text="date", type="date")
    fig.update_yaxes(title_text="event type", type="category")
    return _layout(fig, 220 + 40 * max(dated["event_type"].nunique(), 1))


def mentions_under_events(events: pd.DataFrame) -> pd.DataFrame:
    """The timeline's table rows: each event's columns on its first mention only, its other mentions below it."""
    columns = ["ref", "start_date", "end_date", "event_type", "location_city", "participants"]
    later = events["event_id"].duplicated()
    return events.astype({column: object for column in columns}).mask(
        pd.DataFrame({column: later if column in columns else False for column in events.columns}), "")


def who_met_whom_figure(participants: pd.DataFrame) -> go.Figure:
    """Two matrices: people × people and countries × countries, each cell the number of shared events."""
    fig = make_subplots(rows=1, cols=2, column_widths=[0.62, 0.38], horizontal_spacing=0.18,
                        subplot_titles=("people", "countries"))
    if participants.empty:
        return _layout(_empty(fig, "no meeting participants"), 300)
    names = person_labels(participants)
    for col, key, naming in ((1, "person_id", names), (2, "country_code", {})):
        pairs = meeting_pairs(most_present(participants, key, MATRIX_LIMIT), key)
        keys = sorted(set(pairs["a"]), key=lambda k: naming.get(k, k))
        matrix = pairs.pivot(index="a", columns="b", values="events").reindex(index=keys, columns=keys).fillna(0)
        refs = pairs.pivot(index="a", columns="b", values="refs").reindex(index=keys, columns=keys)
        axis = [label(naming.get(k, k)) for k in keys]
        hover = [[f"{axis[i]} & {axis[j]}: {int(matrix.iat[i, j])} event(s)"
                  + (f"<br>refs: {label(refs.iat[i, j])}" if not is_missing(refs.iat[i, j]) else "")
                  for j in range(len(keys))] for i in range(len(keys))]
        fig.add_trace(go.Heatmap(z=matrix.to_numpy(), x=axis, y=axis, hovertext=hover, hoverinfo="text",
                                 texttemplate="%{z}", coloraxis="coloraxis"), row=1, col=col)
    fig.update_layout(coloraxis={"colorscale": "Blues", "colorbar": {"title": {"text": "events"}}})
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category", tickangle=-30)
    return _layout(fig, 200 + 45 * min(participants["person_id"].nunique(), MATRIX_LIMIT))


def targets_figure(targets: pd.DataFrame, figures: pd.DataFrame) -> go.Figure:
    """For each metric and unit with a target: reported figures by year (bars) and the targets (diamonds)."""
    groups = sorted({(row.metric, row.unit) for row in targets.itertuples()})
    fig = make_subplots(rows=max(len(groups), 1), cols=1, vertical_spacing=0.12,
                        subplot_titles=[label(f"{metric} ({unit})") for metric, unit in groups] or None)
    if not groups:
        return _layout(_empty(fig, "no targets"), 300)
    for index, (metric, unit) in enumerate(groups, start=1):
        reported = figures[(figures["metric"] == metric) & (figures["unit"] == unit)].dropna(subset=["year"])
        goals = targets[(targets["metric"] == metric) & (targets["unit"] == unit)].dropna(subset=["year"])
        divisor, word = axis_scale([*reported["value"], *goals["value"]])
        for frame, name, trace in ((reported, "reported", go.Bar), (goals, "target", go.Scatter)):
            points = frame.groupby(["year", "value"], as_index=False).agg(refs=("ref", ", ".join))
            hover = [f"{name} {int(p.year)}: {label(format_quantity(p.value, unit))}<br>refs: {label(p.refs)}"
                     for p in points.itertuples()]
            style = ({"marker": {"color": "#8da0cb"}} if trace is go.Bar else
                     {"mode": "markers", "marker": {"symbol": "diamond", "size": 16, "color": "#e34a33"}})
            fig.add_trace(trace(x=[str(int(y)) for y in points["year"]], y=points["value"] / divisor,
                                name=name, legendgroup=name, showlegend=index == 1, hovertext=hover,
                                hoverinfo="text", **style), row=index, col=1)
        fig.update_yaxes(title_text=label(f"{word}{unit}"), rangemode="tozero", row=index, col=1)
        fig.update_xaxes(type="category", categoryorder="category ascending", row=index, col=1)
    return _layout(fig, 120 + 280 * len(groups))


def agreements_figure(counts: pd.DataFrame) -> go.Figure:
    """Stacked bars: agreements per article year, coloured by agreement_type."""
    fig = go.Figure()
    if counts.empty:
        return _layout(_empty(fig, "no agreements"), 300)
    order = year_order(list(counts["year"]))
    for agreement_type, group in counts.groupby("agreement_type", sort=True):
        hover = [f"{label(agreement_type)} ({row.year}): {row.agreements}, signed in the article: {row.signed}"
                 f"<br>refs: {label(row.refs)}" for row in group.itertuples()]
        fig.add_trace(go.Bar(x=list(group["year"]), y=list(group["agreements"]), name=label(agreement_type),
                             hovertext=hover, hoverinfo="text"))
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text="year of the reporting article", type="category", categoryorder="array",
                     categoryarray=order)
    fig.update_yaxes(title_text="agreements", dtick=1)
    return _layout(fig, 380)


# ---------------------------------------------------------------- page (figures and tables → HTML)

def cell(value: object) -> str:
    """A table cell's text, escaped; missing values are an em dash."""
    if is_missing(value):
        return "—"
    if isinstance(value, pd.Timestamp | datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return html.escape(str(value))


def article_cell(row: pd.Series) -> str:
    """The article's title (a link when it has an http(s) URL), its external id and article_id."""
    title = cell(row["article_title"])
    url = row.get("url")
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        title = f'<a href="{html.escape(url)}" rel="noopener noreferrer">{title}</a>'
    return f'{title}<br><span class="id">{cell(row["external_id"])} · {cell(row["article_id"])}</span>'


def evidence_table(frame: pd.DataFrame, columns: Sequence[tuple[str, str]], caption: str) -> str:
    """An HTML table of `columns` ((heading, column) pairs), then the evidence sentence and the article."""
    head = "".join(f"<th>{html.escape(heading)}</th>" for heading, _ in columns)
    if len(frame) > TABLE_ROWS:
        caption = f"{caption} (the first {TABLE_ROWS} of {len(frame)}; the marts hold them all)"
    rows = []
    for _, row in frame.head(TABLE_ROWS).iterrows():
        cells = "".join(f"<td>{cell(row[column])}</td>" for _, column in columns)
        rows.append(f'<tr>{cells}<td class="evidence">{cell(row["evidence"])}</td><td>{article_cell(row)}</td></tr>')
    body = "".join(rows) or f'<tr><td colspan="{len(columns) + 2}">none</td></tr>'
    return (f'<div class="table"><table><caption>{html.escape(caption)}</caption><thead><tr>{head}'
            f"<th>evidence</th><th>article</th></tr></thead><tbody>{body}</tbody></table></div>")


def figure_html(fig: go.Figure, div_id: str, include_plotlyjs: bool) -> str:
    """The figure as a div; plotly.js is inlined (no CDN) with the first figure of the page only."""
    return fig.to_html(full_html=False, include_plotlyjs=include_plotlyjs, div_id=div_id, config=PLOT_CONFIG,
                       default_height=f"{fig.layout.height}px")


def validation_html(publishes: list[dict]) -> str:
    """The run's validation result, rows per published table, and the publishes before it."""
    if not publishes:
        return "<p>No publish log found: this report was not written after a publish.</p>"
    last = publishes[-1]
    rows = "".join(f"<tr><td>{html.escape(str(table))}</td><td class='num'>{cell(count)}</td></tr>"
                   for table, count in last.get("rows", {}).items())
    history = "".join(f"<tr><td>{cell(p.get('published_at'))}</td><td>{cell(p.get('run_id'))}</td>"
                      f"<td>{cell(p.get('validation'))}</td></tr>" for p in reversed(publishes[-20:]))
    return (f"<p>Run <code>{cell(last.get('run_id'))}</code>, published {cell(last.get('published_at'))}: "
            f"Great Expectations validation <strong>{cell(last.get('validation'))}</strong>. "
            'Details: <a href="../gx/data_docs/index.html">GX Data Docs</a>, lineage: '
            '<a href="../dbt/target/static_index.html">dbt docs</a>.</p>'
            '<div class="table"><table><caption>rows per published table</caption>'
            f"<thead><tr><th>table</th><th>rows</th></tr></thead><tbody>{rows}</tbody></table></div>"
            '<div class="table"><table><caption>publishes (latest first, at most 20)</caption>'
            "<thead><tr><th>published at</th><th>run id</th><th>validation</th></tr></thead>"
            f"<tbody>{history}</tbody></table></div>")


def target_table_frame(targets: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Targets (with the latest figure beside them) and every figure of a metric that has a target, as rows."""
    beside = latest_figures(targets, figures)
    goals = beside.assign(
        kind="target", quantity=[format_quantity(r.value, r.unit) for r in beside.itertuples()],
        latest=["—" if is_missing(r.figure_value) else
                f"{format_quantity(r.figure_value, r.unit)} in {int(r.figure_year)} [{r.figure_ref}]; "
                f"gap {format_quantity(r.gap, r.unit)}" for r in beside.itertuples()])
    keys = set(zip(targets["metric"], targets["unit"], strict=True))
    related = figures.loc[[key in keys for key in zip(figures["metric"], figures["unit"], strict=True)]]
    reported = related.assign(
        kind=["reported (year of the article)" if from_article else "reported"
              for from_article in related["year_from_article"]],
        quantity=[(f"{r.qualifier} " if not is_missing(r.qualifier) else "") + format_quantity(r.value, r.unit)
                  for r in related.itertuples()], latest="")
    return pd.concat([goals, reported], ignore_index=True) if len(reported) else goals


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>newsfacts report</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; max-width: 1200px;
       padding: 1rem 1.5rem; color: #222; line-height: 1.4; }}
h1 {{ margin-bottom: .2rem; }} h2 {{ border-bottom: 1px solid #ddd; padding-bottom: .2rem; margin-top: 2.5rem; }}
nav a {{ margin-right: 1rem; }} .meta {{ color: #555; }} code, .id {{ font-size: .8em; color: #555; }}
.table {{ overflow-x: auto; }} table {{ border-collapse: collapse; width: 100%; margin: .8rem 0; font-size: .9em; }}
caption {{ text-align: left; font-weight: 600; padding: .3rem 0; }}
th, td {{ border: 1px solid #ddd; padding: .3rem .5rem; vertical-align: top; text-align: left; }}
th {{ background: #f5f5f5; }} td {{ max-width: 22rem; overflow-wrap: break-word; }}
td.evidence {{ min-width: 24rem; max-width: none; }} td.num {{ text-align: right; }}
</style></head>
<body>
<h1>newsfacts report</h1>
<p class="meta">From the published marts (<code>marts.duckdb</code>, opened read-only) of run
<code>{run_id}</code>, published {published_at}; validation: <strong>{validation}</strong>.
Generated {generated_at}. Hover a chart for details; each point's <em>ref</em> is in the table under it, beside
the sentence and the article that state it.</p>
<nav><a href="#meetings">Meetings</a><a href="#who-met-whom">Who met whom</a><a href="#targets">Targets</a>
<a href="#agreements">Agreements</a><a href="#validation">Validation</a></nav>
{sections}
</body></html>
"""


def section(anchor: str, title: str, intro: str, chart: str, table: str) -> str:
    return f'<section id="{anchor}"><h2>{html.escape(title)}</h2><p>{intro}</p>{chart}{table}</section>'


def render_report(data: ReportData, generated_at: datetime) -> str:
    """The whole page: four charts with their evidence tables, and the validation summary."""
    figures = [
        ("meetings", events_figure(data.events)),
        ("who-met-whom", who_met_whom_figure(data.participants)),
        ("targets", targets_figure(data.targets, data.figures)),
        ("agreements", agreements_figure(agreement_counts(data.agreements))),
    ]
    charts = {anchor: figure_html(fig, f"chart-{anchor}", index == 0) for index, (anchor, fig) in enumerate(figures)}
    undated = int(data.events.drop_duplicates("event_id")["start_date"].isna().sum())
    sections = [
        section("meetings", "Meetings timeline",
                "Meetings, visits, talks, calls and receptions by date and type: one point per event "
                "(fct_events), however many articles report it; its mentions (fct_meetings) are listed under it."
                + (f" {undated} event(s) without a knowable date are in the table but not on the timeline."
                   if undated else ""), charts["meetings"],
                evidence_table(mentions_under_events(data.events),
                               [("ref", "ref"), ("date", "start_date"), ("to", "end_date"), ("type", "event_type"),
                                ("city", "location_city"), ("participants", "participants"),
                                ("mention", "mention_type")], "events, and each mention with its evidence")),
        section("who-met-whom", "Who met whom",
                "People and countries taking part in the same event (bridge_event_participants), the "
                f"{MATRIX_LIMIT} in most events; the diagonal counts every event a person or country took part "
                "in. Each row shows the first mention naming the person.", charts["who-met-whom"],
                evidence_table(data.participants, [("ref", "ref"), ("date", "start_date"), ("type", "event_type"),
                                                   ("person", "full_name"), ("country", "country_code"),
                                                   ("title in the article", "title")],
                               "participants and their evidence")),
        section("targets", "Targets and the latest reported figures",
                "Each quantified goal (fct_targets, diamonds) beside the figures reported for the same metric and "
                "unit (fct_figures, bars, by the year stated or else the article's year).", charts["targets"],
                evidence_table(target_table_frame(data.targets, data.figures),
                               [("ref", "ref"), ("kind", "kind"), ("metric", "metric"), ("year", "year"),
                                ("value", "quantity"), ("latest reported figure", "latest")],
                               "targets, the figures of their metrics, and their evidence")),
        section("agreements", "Agreements by type and year",
                "Agreements, memoranda, statements and treaties signed or referenced (fct_agreements), by the year "
                "of the reporting article.", charts["agreements"],
                evidence_table(data.agreements, [("ref", "ref"), ("year", "year"), ("type", "agreement_type"),
                                                 ("name", "name"), ("documents", "document_count"),
                                                 ("signed in the article", "is_signed_in_article")],
                               "agreements and their evidence")),
        f'<section id="validation"><h2>Validation</h2>{validation_html(data.publishes)}</section>',
    ]
    last = data.publishes[-1] if data.publishes else {}
    return PAGE.format(run_id=cell(last.get("run_id")), published_at=cell(last.get("published_at")),
                       validation=cell(last.get("validation")),
                       generated_at=generated_at.isoformat(timespec="seconds"), sections="\n".join(sections))


def write_report(paths: WarehousePaths, generated_at: datetime | None = None) -> Path:
    """Write WAREHOUSE/report/index.html from the published marts; replaced atomically, never half-written."""
    page = render_report(load_report_data(paths), generated_at or datetime.now(UTC))
    target = paths.root / "report" / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(".index.html.tmp")
    staged.write_text(page, encoding="utf-8")
    os.replace(staged, target)
    return target
