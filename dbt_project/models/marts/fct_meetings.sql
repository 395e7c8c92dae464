with meetings as (
    select * from {{ ref('int_meetings_extracted') }}
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
        cast(len(participant_keys) as integer) as participant_count
    from meetings
)

select * from final
