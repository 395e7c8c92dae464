{{ config(materialized='incremental', post_hook="{{ delete_outdated_articles(ref('int_article_context')) }}") }}
-- depends_on: {{ ref('int_article_context') }}
with extracted as (
    select * from {{ ref('int_article_facts_extracted') }}
),

unpacked as (
    select
        article_id,
        extractor_version,
        payload ->> '$.agreement_type' as agreement_type,
        payload ->> '$.name' as name,
        cast(payload ->> '$.document_count' as integer) as document_count,
        cast(payload ->> '$.is_signed_in_article' as boolean) as is_signed_in_article,
        payload ->> '$.evidence' as evidence,
        cast(payload ->> '$.confidence' as double) as confidence
    from extracted
    where fact_kind = 'agreements' and {{ article_not_built('extracted') }}
),

final as (
    select
        {{ fact_id(['article_id', 'agreement_type', 'name', 'document_count']) }} as agreement_id,
        *
    from unpacked
)

select * from final
