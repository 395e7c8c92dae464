{{ config(materialized='incremental', post_hook="{{ delete_outdated_articles(ref('int_article_context')) }}") }}
-- depends_on: {{ ref('int_article_context') }}
with meetings as (
    select * from {{ ref('int_meetings_extracted') }} as meetings
    where {{ article_not_built('meetings') }}
),

final as (
    select
        meeting_id,
        article_id,
        meeting_type,
        start_date,
        end_date,
        date_precision,
        location_city,
        evidence,
        confidence,
        cast(len(participant_keys) as integer) as participant_count,
        extractor_version
    from meetings
)

select * from final
