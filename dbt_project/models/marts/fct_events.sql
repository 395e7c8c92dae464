with event_mentions as (
    select * from {{ ref('bridge_event_mentions') }}
),

mentions as (
    select * from {{ ref('int_event_mentions') }}
),

mentions_ranked as (
    -- the most informative mention first: the most precise date, a city, more participants, more confidence
    select
        event_mentions.event_id,
        mentions.*,
        row_number() over (
            partition by event_mentions.event_id
            order by mentions.precision_rank, mentions.location_city is null, len(mentions.person_ids) desc,
                mentions.confidence desc, mentions.meeting_id
        ) as informative_rank
    from event_mentions
    inner join mentions on mentions.meeting_id = event_mentions.meeting_id
),

events as (
    select
        event_id,
        -- the most specific type any mention gives ("state visit" over "visit"), then the most informative
        -- (a numeric key: specificity first, as an event has far fewer than a million mentions)
        arg_max(meeting_type, specificity * 1000000 - informative_rank) as event_type,
        arg_min(start_date, informative_rank) as start_date,
        arg_min(end_date, informative_rank) as end_date,
        arg_min(date_precision, informative_rank) as date_precision,
        arg_min(location_city, informative_rank) filter (where location_city is not null) as location_city,
        count(*) as mention_count,
        count(distinct article_id) as article_count,
        count(distinct source) as source_count,
        min(published_date) as first_reported_at,
        max(published_date) as last_reported_at,
        arg_min(evidence, informative_rank) as evidence,
        -- independent reports of one event: it happened unless every one of them is wrong
        1 - product(1 - confidence) as confidence
    from mentions_ranked
    group by event_id
),

final as (
    select
        event_id,
        event_type,
        start_date,
        end_date,
        date_precision,
        location_city,
        cast(mention_count as integer) as mention_count,
        cast(article_count as integer) as article_count,
        cast(source_count as integer) as source_count,
        first_reported_at,
        last_reported_at,
        evidence,
        cast(confidence as double) as confidence
    from events
)

select * from final
