-- Every spelling a person has been named by (with and without diacritics, with and without hyphens).
with mentions as (
    select * from {{ ref('int_people_mentioned') }}
),

spellings as (
    select distinct person_key, unnest(spellings) as alias
    from mentions
),

final as (
    select
        md5(person_key) as person_id,
        alias
    from spellings
)

select * from final
