with meetings as (
    select * from {{ ref('int_meetings_extracted') }}
),

participants as (
    select distinct meeting_id, unnest(participant_keys) as person_key
    from meetings
),

final as (
    select
        meeting_id,
        md5(person_key) as person_id
    from participants
)

select * from final
