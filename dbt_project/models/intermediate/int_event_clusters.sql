-- Which event each meeting mention belongs to, as the meeting_id of the event's anchor mention.
-- Dated mentions of the same kind of event that share a participant, overlap in days and do not name two
-- different cities form events (connected components: the result depends on no order). An undated mention then
-- joins the event its participants point to: among the events with a compatible mention (same kind, a shared
-- participant, a compatible city, days within the undated mention's reporting window when that is known), the one
-- sharing the most participants with it, when no other shares as many (and, when its article has no date nor
-- year to bound it, sharing two participants, or its only one: one shared name alone is too common a coincidence
-- across years). Undated mentions joining no dated event are one event with those of the same kind and the same
-- participants.
-- Calls and online talks have no place: their cities never differ.
-- The anchor is the event's earliest-published dated mention, or for an event of undated mentions only its
-- earliest-published mention (then the smallest meeting_id): a mention reported later never changes an event's id.
with recursive mentions as (
    select * from {{ ref('int_event_mentions') }}
),

participants as (
    select
        meeting_id,
        event_kind,
        start_date,
        comparable_city,
        span_start,
        span_end,
        participant_count,
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
        and coalesce(mention.comparable_city = other.comparable_city, true)
),

dated_reachable as (
    {{ reachable_through('dated_reachable', 'dated_links') }}
),

anchor_keys as (
    -- meeting ids are md5 hex digests (32 characters): the anchor is the key's last 32
    select meeting_id, coalesce(cast(published_date as varchar), '9999-12-31') || meeting_id as anchor_key
    from mentions
),

dated_members as (
    select meeting_id, meeting_id as member_id from mentions where start_date is not null
    union
    select meeting_id, reached_id as member_id from dated_reachable
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
        count(distinct undated.person_id) as shared_participants,
        -- what an undated mention must share: with no reporting window, two participants (or its only one)
        case when undated.span_start is null then least(2, undated.participant_count) else 1 end as shared_needed
    from participants as undated
    inner join participants as dated
        on dated.person_id = undated.person_id
        and dated.event_kind = undated.event_kind
        and dated.start_date is not null
    inner join dated_events on dated_events.meeting_id = dated.meeting_id
    where undated.start_date is null
        and coalesce(undated.comparable_city = dated.comparable_city, true)
        and coalesce(dated.span_start <= undated.span_end and undated.span_start <= dated.span_end, true)
    group by undated.meeting_id, dated_events.anchor_id, undated.span_start, undated.participant_count
),

undated_matches as (
    select meeting_id, anchor_id
    from undated_candidates
    where shared_participants >= shared_needed
    qualify rank() over (partition by meeting_id order by shared_participants desc) = 1
        and count(*) over (partition by meeting_id, shared_participants) = 1
),

undated_links as (
    -- undated mentions joining no dated event, between themselves: the same kind and the same participants (one
    -- shared name would chain unrelated mentions through the one that names nobody else)
    select
        mention.meeting_id,
        other.meeting_id as linked_id
    from mentions as mention
    inner join mentions as other
        on other.event_kind = mention.event_kind
        and other.person_ids = mention.person_ids
        and other.meeting_id <> mention.meeting_id
    where mention.start_date is null
        and other.start_date is null
        and coalesce(mention.comparable_city = other.comparable_city, true)
        and coalesce(other.span_start <= mention.span_end and mention.span_start <= other.span_end, true)
        and mention.meeting_id not in (select meeting_id from undated_matches)
        and other.meeting_id not in (select meeting_id from undated_matches)
),

undated_reachable as (
    {{ reachable_through('undated_reachable', 'undated_links') }}
),

undated_events as (
    select
        undated_reachable.meeting_id,
        right(min(anchor_keys.anchor_key), 32) as anchor_id
    from undated_reachable
    inner join anchor_keys on anchor_keys.meeting_id = undated_reachable.reached_id
    group by undated_reachable.meeting_id
),

final as (
    select
        mentions.meeting_id,
        coalesce(dated_events.anchor_id, undated_matches.anchor_id, undated_events.anchor_id, mentions.meeting_id)
            as anchor_id,
        case
            when dated_events.is_linked then 'overlapping_days'
            when undated_matches.anchor_id is not null then 'undated_best_match'
            when undated_events.anchor_id is not null then 'undated_alike'
            else 'unlinked'
        end as link_rule
    from mentions
    left join dated_events on dated_events.meeting_id = mentions.meeting_id
    left join undated_matches on undated_matches.meeting_id = mentions.meeting_id
    left join undated_events on undated_events.meeting_id = mentions.meeting_id
)

select * from final
