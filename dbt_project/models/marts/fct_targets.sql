{{ config(materialized='incremental', post_hook="{{ delete_outdated_articles(ref('int_article_context')) }}") }}
-- depends_on: {{ ref('int_article_context') }}
with measures as (
    select * from {{ ref('int_measures_extracted') }} as measures
    where {{ article_not_built('measures') }}
),

final as (
    select
        measure_id as target_id,
        article_id,
        metric,
        cast(exact_value as double) as value,
        unit,
        measure_year as target_year,
        qualifier,
        evidence,
        confidence,
        extractor_version
    from measures
    where measure_kind = 'targets'
)

select * from final
