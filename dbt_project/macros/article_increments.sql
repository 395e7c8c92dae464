{#-
    Incremental models scoped by article. Each row carries the extractor_version of its article's facts, so a
    model knows which articles it holds under which extraction. An incremental run builds only the articles it
    does not hold yet under their current extraction (new, or extracted again), replacing their rows
    (delete+insert on article_id); its post-hook then drops the rows of articles no longer published or no
    longer extracted that way. A change to the dbt project itself makes the next build a full refresh
    (newsfacts.pipeline.dbt_full_refresh_needed), so rows never outlive the SQL that made them.
-#}

{#- Filter on a model's input rows (`alias`): true on a full build; else rows of articles not held yet as `key` says. -#}
{% macro article_not_built(alias, key=('article_id', 'extractor_version')) -%}
    {%- if is_incremental() -%}
        not exists (
            select 1 from {{ this }} as built
            where {% for column in key %}built.{{ column }} = {{ alias }}.{{ column }}
                {%- if not loop.last %} and {% endif %}{% endfor %}
        )
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#- Post-hook: delete the rows of articles that `current` (one row per published article and its extraction) lacks. -#}
{% macro delete_outdated_articles(current) -%}
    delete from {{ this }} as built
    where not exists (
        select 1 from {{ current }} as current_articles
        where current_articles.article_id = built.article_id
          and current_articles.extractor_version = built.extractor_version
    )
{%- endmacro %}
