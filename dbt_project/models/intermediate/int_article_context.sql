-- What the extractor learnt about each article as a whole: its reference year and dateline.
{{ config(materialized='incremental',
          post_hook="{{ delete_outdated_articles(ref('int_article_facts_extracted')) }}") }}
with extracted as (
    select * from {{ ref('int_article_facts_extracted') }}
),

final as (
    select
        article_id,
        extractor_version,
        cast(payload ->> '$.reference_year' as integer) as reference_year,
        payload ->> '$.dateline_city' as dateline_city,
        payload ->> '$.dateline_agency' as dateline_agency
    from extracted
    where fact_kind = 'article' and {{ article_not_built('extracted') }}
)

select * from final
