"""Each article split into its parts (standfirst, dateline, lead, body, captions, trailer): see newsfacts.parsing."""

import pandas as pd
from newsfacts.parsing import split_article


def model(dbt, session):
    dbt.config(materialized="table")
    articles = dbt.ref("stg_raw__articles").project("article_id, body_text").order("article_id")
    rows = [
        (article_id, section.index, section.kind, section.text)
        for article_id, body_text in articles.fetchall()
        for section in split_article(body_text)
    ]
    return pd.DataFrame(rows, columns=["article_id", "section_index", "section_kind", "section_text"])
