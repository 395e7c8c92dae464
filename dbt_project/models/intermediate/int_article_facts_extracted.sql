-- The extraction tasks read these seeds' CSV files; the refs make lineage show it:
-- depends_on: {{ ref('countries') }} {{ ref('cities') }} {{ ref('titles') }} {{ ref('surnames') }}
-- depends_on: {{ ref('meeting_triggers') }} {{ ref('agreement_kinds') }}
-- depends_on: {{ ref('currencies') }} {{ ref('metric_keywords') }}
-- Candidate facts of the articles that are published (one row per distinct content, latest version).
-- A view: each intermediate model reads one fact kind of it once, so a table would only be written to be read.
{{ config(materialized='view') }}

with articles as (
    select article_id from {{ ref('stg_raw__articles') }}
),

facts as (
    select * from {{ ref('stg_extracted__article_facts') }}
),

final as (
    select
        facts.article_id,
        facts.fact_kind,
        facts.fact_index,
        facts.payload,
        facts.extractor_version
    from facts
    semi join articles using (article_id)
)

select * from final
