{{ config(materialized='incremental', post_hook="{{ delete_outdated_articles(ref('int_article_context')) }}") }}
-- depends_on: {{ ref('int_article_context') }}
with mentions as (
    select * from {{ ref('int_people_mentioned') }} as mentions
    where {{ article_not_built('mentions') }}
),

final as (
    select
        article_id,
        md5(person_key) as person_id,
        title,
        country_code,
        mention_count,
        extractor_version
    from mentions
)

select * from final
