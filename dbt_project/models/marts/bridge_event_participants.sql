with event_mentions as (
    select * from {{ ref('bridge_event_mentions') }}
),

meeting_participants as (
    select * from {{ ref('bridge_meeting_participants') }}
),

people as (
    select * from {{ ref('dim_people') }}
),

participants as (
    select distinct event_mentions.event_id, meeting_participants.person_id
    from event_mentions
    inner join meeting_participants on meeting_participants.meeting_id = event_mentions.meeting_id
),

final as (
    select
        participants.event_id,
        participants.person_id,
        people.country_code
    from participants
    left join people on people.person_id = participants.person_id
)

select * from final
