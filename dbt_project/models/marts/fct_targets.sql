with measures as (
    select * from {{ ref('int_measures_extracted') }}
),

final as (
    select
        measure_id as target_id,
        article_id,
        metric,
        cast(exact_value as double) as value,
        unit,
        measure_year as target_year,
        qualifier,
        evidence,
        confidence
    from measures
    where measure_kind = 'targets'
)

select * from final
