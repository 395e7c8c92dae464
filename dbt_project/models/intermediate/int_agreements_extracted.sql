with extracted as (
    select * from {{ ref('int_article_facts_extracted') }}
),

unpacked as (
    select
        article_id,
        payload ->> '$.agreement_type' as agreement_type,
        payload ->> '$.name' as name,
        cast(payload ->> '$.document_count' as integer) as document_count,
        cast(payload ->> '$.is_signed_in_article' as boolean) as is_signed_in_article,
        payload ->> '$.evidence' as evidence,
        cast(payload ->> '$.confidence' as double) as confidence
    from extracted
    where fact_kind = 'agreements'
),

final as (
    select
        {{ fact_id(['article_id', 'agreement_type', 'name', 'document_count']) }} as agreement_id,
        *
    from unpacked
)

select * from final
