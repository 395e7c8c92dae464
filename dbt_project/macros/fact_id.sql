{#- A stable id from content: the same input gives the same id on every run and machine. -#}
{% macro fact_id(columns) -%}
    md5(concat_ws('|', {% for column in columns %}coalesce(cast({{ column }} as varchar), '')
        {%- if not loop.last %}, {% endif %}{% endfor %}))
{%- endmacro %}
