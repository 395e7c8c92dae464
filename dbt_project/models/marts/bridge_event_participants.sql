with event_mentions as (
    select * from {{ ref('bridge_event_mentions') }}
),

mentions as (
    select * from {{ ref('int_event_mentions') }}
),

people as (
    select * from {{ ref('dim_people') }}
),

participants as (
    select distinct event_mentions.event_id, unnest(mentions.person_ids) as person_id
    from event_mentions
    inner join mentions on mentions.meeting_id = event_mentions.meeting_id
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
