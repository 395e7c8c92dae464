-- Candidate facts of each article, one JSON payload per fact (newsfacts.extraction.extract_article).
with source as (
    select * from {{ source('extracted', 'article_facts') }}
),

final as (
    select
        article_id,
        fact_kind,
        cast(fact_index as integer) as fact_index,
        cast(payload as json) as payload,
        extractor_version
    from source
)

select * from final
