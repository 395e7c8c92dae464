with source as (
    select * from {{ source('raw', 'rejected_inputs') }}
),

final as (
    select
        rejection_id,
        source_uri,
        reason,
        raw_excerpt,
        rejected_at,
        landing_run_id
    from source
)

select * from final
