with agreements as (
    select * from {{ ref('int_agreements_extracted') }}
),

final as (
    select
        agreement_id,
        article_id,
        agreement_type,
        name,
        document_count,
        is_signed_in_article,
        evidence,
        confidence
    from agreements
)

select * from final
