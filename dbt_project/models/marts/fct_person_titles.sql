with people_in_articles as (
    select * from {{ ref('fct_people') }}
),

articles as (
    select * from {{ ref('dim_articles') }}
),

people as (
    select * from {{ ref('dim_people') }}
),

titles as (
    select
        people_in_articles.person_id,
        people_in_articles.title,
        min(articles.published_date) as first_seen,
        max(articles.published_date) as last_seen,
        count(distinct people_in_articles.article_id) as article_count
    from people_in_articles
    inner join articles on articles.article_id = people_in_articles.article_id
    where people_in_articles.title is not null
    group by people_in_articles.person_id, people_in_articles.title
),

final as (
    select
        titles.person_id,
        titles.title,
        people.country_code,
        titles.first_seen,
        titles.last_seen,
        cast(titles.article_count as integer) as article_count
    from titles
    inner join people on people.person_id = titles.person_id
)

select * from final
