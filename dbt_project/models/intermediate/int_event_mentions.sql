-- Every meeting an article reports, with what clustering it into events needs: its kind of event, the days it
-- can have taken place on, and its participants. A view: its readers each need it once, and a table of it costs
-- more to write than to compute.
{{ config(materialized='view') }}
with meetings as (
    select * from {{ ref('int_meetings_extracted') }}
),

articles as (
    select * from {{ ref('stg_raw__articles') }}
),

context as (
    select * from {{ ref('int_article_context') }}
),

event_kinds as (
    select * from {{ ref('event_kinds') }}
),

spans as (
    select
        meetings.meeting_id,
        meetings.article_id,
        event_kinds.event_kind,
        meetings.meeting_type,
        event_kinds.specificity,
        meetings.start_date,
        meetings.end_date,
        meetings.date_precision,
        meetings.location_city,
        case when event_kinds.has_place then meetings.location_city end as comparable_city,
        meetings.evidence,
        meetings.confidence,
        meetings.participant_keys,
        articles.published_date,
        -- the outlet: the dateline's agency, else the web site; an article with neither is an outlet of its own
        coalesce(context.dateline_agency, regexp_extract(articles.url, '^[a-z]+://([^/]+)', 1), meetings.article_id)
            as source,
        -- The days the meeting can have taken place on: its own dates; for an undated one, its article's
        -- reporting window (the 30 days up to publication, else the article's year); null when nothing is known.
        case
            when meetings.start_date is not null then meetings.start_date
            when articles.published_date is not null then articles.published_date - to_days({{ var('reporting_window_days') }})
            when context.reference_year is not null then make_date(context.reference_year, 1, 1)
        end as span_start,
        case
            when meetings.date_precision = 'month' then last_day(meetings.start_date)
            when meetings.date_precision = 'year' then make_date(year(meetings.start_date), 12, 31)
            when meetings.start_date is not null then coalesce(meetings.end_date, meetings.start_date)
            when articles.published_date is not null then articles.published_date
            when context.reference_year is not null then make_date(context.reference_year, 12, 31)
        end as span_end
    from meetings
    inner join event_kinds on event_kinds.meeting_type = meetings.meeting_type
    left join articles on articles.article_id = meetings.article_id
    left join context on context.article_id = meetings.article_id
),

final as (
    select
        * exclude (participant_keys, span_start, span_end),
        cast(span_start as date) as span_start,
        cast(span_end as date) as span_end,
        -- the precision that wins when mentions merge: day, then month, year, unknown
        list_position(['day', 'month', 'year', 'unknown'], date_precision) as precision_rank,
        list_transform(participant_keys, lambda person_key: md5(person_key)) as person_ids,
        len(participant_keys) as participant_count
    from spans
)

select * from final
