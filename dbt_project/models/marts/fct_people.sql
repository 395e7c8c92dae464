with mentions as (
    select * from {{ ref('int_people_mentioned') }}
),

final as (
    select
        article_id,
        md5(person_key) as person_id,
        title,
        country_code,
        mention_count
    from mentions
)

select * from final
