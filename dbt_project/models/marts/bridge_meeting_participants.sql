{{ config(materialized='incremental', post_hook="{{ delete_outdated_articles(ref('int_article_context')) }}") }}
-- depends_on: {{ ref('int_article_context') }}
with meetings as (
    select * from {{ ref('int_meetings_extracted') }} as meetings
    where {{ article_not_built('meetings') }}
),

participants as (
    select distinct meeting_id, unnest(participant_keys) as person_key, article_id, extractor_version
    from meetings
),

final as (
    select
        meeting_id,
        md5(person_key) as person_id,
        article_id,
        extractor_version
    from participants
)

select * from final
