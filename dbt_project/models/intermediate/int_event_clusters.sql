-- Which event each meeting mention belongs to, as the meeting_id of the event's anchor mention.
-- Dated mentions of the same kind of event that share a participant, overlap in days and do not name two
-- different cities form events (connected components: the result depends on no order). An undated mention then
-- joins the event its participants point to: among the events with a compatible mention (same kind, a shared
-- participant, a compatible city, days within the undated mention's reporting window when that is known), the one
-- sharing the most participants with it, when no other shares as many; else it is an event of its own.
-- The anchor is the event's earliest-published dated mention (then the smallest meeting_id): a mention reported
-- later never changes an event's id.
with recursive mentions as (
    select * from {{ ref('int_event_mentions') }}
),

participants as (
    select
        meeting_id,
        event_kind,
        start_date,
        location_city,
        span_start,
        span_end,
        unnest(person_ids) as person_id
    from mentions
),

dated_links as (
    select distinct
        mention.meeting_id,
        other.meeting_id as linked_id
    from participants as mention
    inner join participants as other
        on other.person_id = mention.person_id
        and other.event_kind = mention.event_kind
        and other.meeting_id <> mention.meeting_id
        and other.span_start <= mention.span_end
        and mention.span_start <= other.span_end
    where mention.start_date is not null
        and other.start_date is not null
        and coalesce(mention.location_city = other.location_city, true)
),

reachable as (
    select meeting_id, linked_id as reached_id from dated_links
    union
    select reachable.meeting_id, dated_links.linked_id as reached_id
    from reachable
    inner join dated_links on dated_links.meeting_id = reachable.reached_id
),

anchor_keys as (
    -- meeting ids are md5 hex digests (32 characters): the anchor is the key's last 32
    select meeting_id, coalesce(cast(published_date as varchar), '9999-12-31') || meeting_id as anchor_key
    from mentions
),

dated_members as (
    select meeting_id, meeting_id as member_id from mentions where start_date is not null
    union
    select meeting_id, reached_id as member_id from reachable
),

dated_events as (
    select
        dated_members.meeting_id,
        right(min(anchor_keys.anchor_key), 32) as anchor_id,
        count(*) > 1 as is_linked
    from dated_members
    inner join anchor_keys on anchor_keys.meeting_id = dated_members.member_id
    group by dated_members.meeting_id
),

undated_candidates as (
    select
        undated.meeting_id,
        dated_events.anchor_id,
        count(distinct undated.person_id) as shared_participants
    from participants as undated
    inner join participants as dated
        on dated.person_id = undated.person_id
        and dated.event_kind = undated.event_kind
        and dated.start_date is not null
    inner join dated_events on dated_events.meeting_id = dated.meeting_id
    where undated.start_date is null
        and coalesce(undated.location_city = dated.location_city, true)
        and coalesce(dated.span_start <= undated.span_end and undated.span_start <= dated.span_end, true)
    group by undated.meeting_id, dated_events.anchor_id
),

undated_matches as (
    select meeting_id, anchor_id
    from undated_candidates
    qualify rank() over (partition by meeting_id order by shared_participants desc) = 1
        and count(*) over (partition by meeting_id, shared_participants) = 1
),

final as (
    select
        mentions.meeting_id,
        coalesce(dated_events.anchor_id, undated_matches.anchor_id, mentions.meeting_id) as anchor_id,
        case
            when dated_events.is_linked then 'overlapping_days'
            when undated_matches.anchor_id is not null then 'undated_best_match'
            else 'unlinked'
        end as link_rule
    from mentions
    left join dated_events on dated_events.meeting_id = mentions.meeting_id
    left join undated_matches on undated_matches.meeting_id = mentions.meeting_id
)

select * from final
