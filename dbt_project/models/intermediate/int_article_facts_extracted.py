"""Candidate facts of every article, one JSON payload per fact, extracted by newsfacts.extraction.

The vocabularies come from the seeds, so lineage shows them and users can extend them without code.
"""

import json

import pandas as pd
from newsfacts.extraction import FACT_KINDS, extract_article
from newsfacts.parsing import Section
from newsfacts.vocab import SEED_NAMES, Vocabulary


def _rows(relation):
    return [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]


def model(dbt, session):
    dbt.config(materialized="table")
    # dbt reads refs statically, so each seed is named literally (the list is newsfacts.vocab.SEED_NAMES).
    seeds = {
        "countries": dbt.ref("countries"),
        "cities": dbt.ref("cities"),
        "titles": dbt.ref("titles"),
        "meeting_triggers": dbt.ref("meeting_triggers"),
        "agreement_kinds": dbt.ref("agreement_kinds"),
        "currencies": dbt.ref("currencies"),
        "metric_keywords": dbt.ref("metric_keywords"),
        "surnames": dbt.ref("surnames"),
    }
    vocab = Vocabulary.from_rows({name: _rows(seeds[name]) for name in SEED_NAMES})
    articles = dbt.ref("stg_raw__articles").project("article_id, published_date")
    sections = dbt.ref("stg_raw__article_sections")
    grouped = (
        sections.aggregate(
            "article_id, list(struct_pack(i := section_index, k := section_kind, t := section_text) "
            "order by section_index) as sections", "article_id")
        .join(articles, "article_id")
        .order("article_id")
    )
    rows = []
    for article_id, article_sections, published_date in grouped.fetchall():
        parsed = [Section(s["i"], s["k"], s["t"]) for s in article_sections]
        facts = extract_article(parsed, published_date, vocab)
        rows.append((article_id, "article", 0, json.dumps(facts.article, ensure_ascii=False)))
        for kind in FACT_KINDS:
            for position, fact in enumerate(getattr(facts, kind)):
                rows.append((article_id, kind, position, json.dumps(fact, ensure_ascii=False)))
    return pd.DataFrame(rows, columns=["article_id", "fact_kind", "fact_index", "payload"])
