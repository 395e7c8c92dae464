{{ config(materialized='incremental', post_hook="{{ delete_outdated_articles(ref('int_article_context')) }}") }}
with articles as (
    select * from {{ ref('stg_raw__articles') }}
),

context as (
    select * from {{ ref('int_article_context') }}
),

joined as (
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
        articles.url,
        context.extractor_version
    from articles
    left join context on context.article_id = articles.article_id
),

final as (
    -- an article's row also changes when another of its landed versions becomes the one shown (external_id, ingested_at)
    select * from joined
    where {{ article_not_built('joined', key=('article_id', 'extractor_version', 'external_id', 'ingested_at')) }}
)

select * from final
