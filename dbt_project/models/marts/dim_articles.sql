with articles as (
    select * from {{ ref('stg_raw__articles') }}
),

context as (
    select * from {{ ref('int_article_context') }}
),

final as (
    select
        articles.article_id,
        articles.external_id,
        articles.source_uri,
        articles.title,
        articles.published_date,
        cast(articles.ingested_at as timestamp) as ingested_at,
        articles.content_hash,
        context.reference_year,
        context.dateline_city,
        context.dateline_agency,
        articles.source_format,
        articles.url
    from articles
    left join context on context.article_id = articles.article_id
)

select * from final
