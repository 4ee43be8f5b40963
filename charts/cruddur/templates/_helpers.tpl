{{- define "cruddur.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "cruddur.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "cruddur.collectorName" -}}
{{- printf "%s-collector" (include "cruddur.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- /* Labels beside the selector labels: on objects (with name and instance) and pod templates. */ -}}
{{- define "cruddur.commonLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: cruddur
{{- end }}

{{- define "cruddur.labels" -}}
app.kubernetes.io/name: {{ include "cruddur.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{ include "cruddur.commonLabels" . }}
{{- end }}

{{- /* Selector labels of one component; call with (list $ "api") or (list $ "collector"). */ -}}
{{- define "cruddur.componentSelectorLabels" -}}
{{- $ := index . 0 -}}
app.kubernetes.io/name: {{ include "cruddur.name" $ }}
app.kubernetes.io/instance: {{ $.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end }}

{{- define "cruddur.selectorLabels" -}}
{{ include "cruddur.componentSelectorLabels" (list . "api") }}
{{- end }}

{{- define "cruddur.collectorSelectorLabels" -}}
{{ include "cruddur.componentSelectorLabels" (list . "collector") }}
{{- end }}

{{- /* A ServiceAccount's name from its values (create, name) and the name it gets when created. */ -}}
{{- define "cruddur.serviceAccountNameOf" -}}
{{- $values := index . 0 -}}
{{- if $values.create }}
{{- default (index . 1) $values.name }}
{{- else }}
{{- default "default" $values.name }}
{{- end }}
{{- end }}

{{- define "cruddur.serviceAccountName" -}}
{{- include "cruddur.serviceAccountNameOf" (list .Values.serviceAccount (include "cruddur.fullname" .)) }}
{{- end }}

{{- define "cruddur.collectorServiceAccountName" -}}
{{- include "cruddur.serviceAccountNameOf" (list .Values.collector.serviceAccount (include "cruddur.collectorName" .)) }}
{{- end }}

{{- /* The Secret holding the Honeycomb key and the Rollbar token, or "" when there is none. */ -}}
{{- define "cruddur.secretName" -}}
{{- if .Values.secrets.existingSecret }}
{{- .Values.secrets.existingSecret }}
{{- else if .Values.secrets.create }}
{{- include "cruddur.fullname" . }}
{{- end }}
{{- end }}

{{- define "cruddur.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- /* GOMEMLIMIT from the Collector's memory limit (Mi or Gi), as MiB. */ -}}
{{- define "cruddur.collectorGoMemLimit" -}}
{{- $limit := toString .Values.collector.resources.limits.memory }}
{{- $mib := 0 }}
{{- if hasSuffix "Gi" $limit }}{{ $mib = mul (trimSuffix "Gi" $limit | atoi) 1024 }}{{ else }}{{ $mib = trimSuffix "Mi" $limit | atoi }}{{ end }}
{{- printf "%dMiB" (div (mul $mib .Values.collector.goMemLimitPercentage) 100) }}
{{- end }}
