-- One row per article: the latest landed version of each external id, and one row per distinct content.
with source as (
    select * from {{ source('raw', 'articles') }}
),

latest_version as (
    select *
    from source
    qualify row_number() over (partition by external_id order by ingested_at desc, record_id) = 1
),

one_row_per_content as (
    -- the same content under two names is one article; the first name (alphabetically) is kept
    select *
    from latest_version
    qualify row_number() over (partition by article_id order by external_id) = 1
),

final as (
    select
        article_id,
        external_id,
        source_uri,
        source_format,
        title,
        body_text,
        url,
        published_at,
        cast(published_at as date) as published_date,
        content_hash,
        landing_notes,
        ingested_at
    from one_row_per_content
)

select * from final
