with mentions as (
    select * from {{ ref('int_people_mentioned') }}
),

articles as (
    select * from {{ ref('stg_raw__articles') }}
),

mentions_by_recency as (
    select
        mentions.*,
        row_number() over (
            partition by mentions.person_key
            order by articles.published_date desc nulls last, articles.ingested_at desc, mentions.article_id desc
        ) as recency_rank
    from mentions
    inner join articles on articles.article_id = mentions.article_id
),

country_votes as (
    select person_key, country_code, count(*) as votes
    from mentions
    where country_code is not null
    group by person_key, country_code
),

best_country as (
    select person_key, country_code
    from country_votes
    qualify row_number() over (partition by person_key order by votes desc, country_code) = 1
),

latest_title as (
    select person_key, title
    from mentions_by_recency
    where title is not null
    qualify row_number() over (partition by person_key order by recency_rank) = 1
),

people as (
    select
        person_key,
        min(full_name) as full_name,
        min(native_name) as native_name,
        count(distinct article_id) as article_count
    from mentions
    group by person_key
),

final as (
    select
        md5(people.person_key) as person_id,
        people.full_name,
        people.native_name,
        best_country.country_code,
        latest_title.title as latest_title,
        cast(people.article_count as integer) as article_count,
        people.person_key
    from people
    left join best_country on best_country.person_key = people.person_key
    left join latest_title on latest_title.person_key = people.person_key
)

select * from final
