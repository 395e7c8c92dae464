-- Each article split into its parts (standfirst, dateline, lead, body, captions, trailer): see newsfacts.parsing.
with source as (
    select * from {{ source('extracted', 'article_sections') }}
),

final as (
    select
        article_id,
        cast(section_index as integer) as section_index,
        section_kind,
        section_text
    from source
)

select * from final
