{{ config(materialized='incremental', post_hook="{{ delete_outdated_articles(ref('int_article_context')) }}") }}
-- depends_on: {{ ref('int_article_context') }}
with agreements as (
    select * from {{ ref('int_agreements_extracted') }} as agreements
    where {{ article_not_built('agreements') }}
),

final as (
    select
        agreement_id,
        article_id,
        agreement_type,
        name,
        document_count,
        is_signed_in_article,
        evidence,
        confidence,
        extractor_version
    from agreements
)

select * from final
