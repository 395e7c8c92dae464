-- One row per person named in an article, keyed by the normalised name.
with extracted as (
    select * from {{ ref('int_article_facts_extracted') }}
),

final as (
    select
        article_id,
        payload ->> '$.person_key' as person_key,
        payload ->> '$.full_name' as full_name,
        payload ->> '$.native_name' as native_name,
        from_json(payload -> '$.spellings', '["VARCHAR"]') as spellings,
        payload ->> '$.title' as title,
        payload ->> '$.country_code' as country_code,
        cast(payload ->> '$.mention_count' as integer) as mention_count
    from extracted
    where fact_kind = 'people'
)

select * from final
