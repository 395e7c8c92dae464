-- One row per meeting an article reports, with its participants as a list of person keys.
{{ config(materialized='incremental', post_hook="{{ delete_outdated_articles(ref('int_article_context')) }}") }}
-- depends_on: {{ ref('int_article_context') }}
with extracted as (
    select * from {{ ref('int_article_facts_extracted') }}
),

unpacked as (
    select
        article_id,
        extractor_version,
        payload ->> '$.meeting_type' as meeting_type,
        cast(payload ->> '$.start_date' as date) as start_date,
        cast(payload ->> '$.end_date' as date) as end_date,
        payload ->> '$.date_precision' as date_precision,
        payload ->> '$.location_city' as location_city,
        list_sort(from_json(payload -> '$.participants', '["VARCHAR"]')) as participant_keys,
        payload ->> '$.evidence' as evidence,
        cast(payload ->> '$.confidence' as double) as confidence
    from extracted
    where fact_kind = 'meetings' and {{ article_not_built('extracted') }}
),

final as (
    select
        {{ fact_id(['article_id', 'meeting_type', 'start_date', "array_to_string(participant_keys, ',')", 'evidence']) }}
            as meeting_id,
        *
    from unpacked
)

select * from final
