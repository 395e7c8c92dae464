-- Targets and figures share their shape: a metric, an exact value in base units and a unit.
{{ config(materialized='incremental', post_hook="{{ delete_outdated_articles(ref('int_article_context')) }}") }}
-- depends_on: {{ ref('int_article_context') }}
with extracted as (
    select * from {{ ref('int_article_facts_extracted') }}
),

unpacked as (
    select
        article_id,
        extractor_version,
        fact_kind as measure_kind,
        payload ->> '$.metric' as metric,
        cast(payload ->> '$.value' as decimal(38, 6)) as exact_value,
        payload ->> '$.unit' as unit,
        cast(coalesce(payload ->> '$.target_year', payload ->> '$.year') as integer) as measure_year,
        payload ->> '$.qualifier' as qualifier,
        payload ->> '$.evidence' as evidence,
        cast(payload ->> '$.confidence' as double) as confidence
    from extracted
    where fact_kind in ('targets', 'figures') and {{ article_not_built('extracted') }}
),

final as (
    select
        {{ fact_id(['article_id', 'measure_kind', 'exact_value', 'unit', 'measure_year']) }} as measure_id,
        *
    from unpacked
)

select * from final
