-- One row per person named in an article, keyed by the normalised name.
{{ config(materialized='incremental', post_hook="{{ delete_outdated_articles(ref('int_article_context')) }}") }}
-- depends_on: {{ ref('int_article_context') }}
with extracted as (
    select * from {{ ref('int_article_facts_extracted') }}
),

final as (
    select
        article_id,
        extractor_version,
        payload ->> '$.person_key' as person_key,
        payload ->> '$.full_name' as full_name,
        payload ->> '$.native_name' as native_name,
        from_json(payload -> '$.spellings', '["VARCHAR"]') as spellings,
        payload ->> '$.title' as title,
        payload ->> '$.country_code' as country_code,
        cast(payload ->> '$.mention_count' as integer) as mention_count
    from extracted
    where fact_kind = 'people' and {{ article_not_built('extracted') }}
)

select * from final
