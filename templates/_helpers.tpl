{#-
  Named helpers of the Permify chart, as minijinja macros. Each takes `top`, the root
  render context (Go templates' `.`/`$`: Values, Release, Chart, Capabilities,
  Template) and outputs exactly what the chart's `define` of the same name does.
  Filters and functions (default, trunc, trimSuffix, printf, quote, ...) have Go and
  Sprig semantics; see src/render/funcs.rs.
-#}

{#- permify.name: the chart name, or nameOverride. -#}
{%- macro name(top) -%}
{{- default(top.Chart.Name, top.Values.nameOverride) | trunc(63) | trimSuffix("-") }}
{%- endmacro %}

{#- permify.fullname: release-qualified name; the release name alone when it already
    contains the chart name; fullnameOverride wins. Truncated to 63 (DNS) bytes. -#}
{%- macro fullname(top) -%}
{%- if top.Values.fullnameOverride %}
{{- top.Values.fullnameOverride | trunc(63) | trimSuffix("-") }}
{%- else %}
{%- set name = default(top.Chart.Name, top.Values.nameOverride) %}
{%- if contains(name, top.Release.Name) %}
{{- top.Release.Name | trunc(63) | trimSuffix("-") }}
{%- else %}
{{- printf("%s-%s", top.Release.Name, name) | trunc(63) | trimSuffix("-") }}
{%- endif %}
{%- endif %}
{%- endmacro %}

{#- permify.chart: chart name and version for the helm.sh/chart label. -#}
{%- macro chart(top) -%}
{{- printf("%s-%s", top.Chart.Name, top.Chart.Version) | replace("+", "_") | trunc(63) | trimSuffix("-") }}
{%- endmacro %}

{#- permify.selectorLabels -#}
{%- macro selectorLabels(top) -%}
app.kubernetes.io/name: {{ name(top) }}
app.kubernetes.io/instance: {{ top.Release.Name }}
{%- endmacro %}

{#- permify.labels: common labels. The version label is "v" + image.tag, so a tag
    that starts with "v" yields "vv..." (a quirk of the official chart, kept). -#}
{%- macro labels(top) -%}
helm.sh/chart: {{ chart(top) }}
{{ selectorLabels(top) }}
{%- if top.Chart.AppVersion %}
app.kubernetes.io/version: {{ printf("v%s", top.Values.image.tag) | default(top.Chart.AppVersion) | quote }}
{%- endif %}
app.kubernetes.io/managed-by: {{ top.Release.Service }}
{%- endmacro %}

{#- permify.serviceAccountName -#}
{%- macro serviceAccountName(top) -%}
{%- if top.Values.serviceAccount.create %}
{{- default(fullname(top), top.Values.serviceAccount.name) }}
{%- else %}
{{- default("default", top.Values.serviceAccount.name) }}
{%- endif %}
{%- endmacro %}
