-- What the extractor learnt about each article as a whole: its reference year and dateline.
with extracted as (
    select * from {{ ref('int_article_facts_extracted') }}
),

final as (
    select
        article_id,
        cast(payload ->> '$.reference_year' as integer) as reference_year,
        payload ->> '$.dateline_city' as dateline_city,
        payload ->> '$.dateline_agency' as dateline_agency
    from extracted
    where fact_kind = 'article'
)

select * from final
