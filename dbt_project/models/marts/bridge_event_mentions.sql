with clusters as (
    select * from {{ ref('int_event_clusters') }}
),

mentions as (
    select * from {{ ref('int_event_mentions') }}
),

final as (
    select
        {{ fact_id(["'event'", 'clusters.anchor_id']) }} as event_id,
        clusters.meeting_id,
        mentions.article_id,
        clusters.link_rule
    from clusters
    inner join mentions on mentions.meeting_id = clusters.meeting_id
)

select * from final
