{#- The body of the recursive CTE `name`: every (meeting_id, reached_id) connected through the CTE `links`
    (meeting_id, linked_id; each link in both directions). UNION, not UNION ALL: it stops when nothing is new. -#}
{% macro reachable_through(name, links) -%}
    select meeting_id, linked_id as reached_id from {{ links }}
    union
    select {{ name }}.meeting_id, {{ links }}.linked_id as reached_id
    from {{ name }}
    inner join {{ links }} on {{ links }}.meeting_id = {{ name }}.reached_id
{%- endmacro %}
