with measures as (
    select * from {{ ref('int_measures_extracted') }}
),

final as (
    select
        measure_id as figure_id,
        article_id,
        metric,
        cast(exact_value as double) as value,
        unit,
        measure_year as year,
        qualifier,
        evidence,
        confidence
    from measures
    where measure_kind = 'figures'
)

select * from final
