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

{{- define "cruddur.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cruddur.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: api
{{- end }}

{{- define "cruddur.collectorSelectorLabels" -}}
app.kubernetes.io/name: {{ include "cruddur.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: collector
{{- end }}

{{- define "cruddur.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "cruddur.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "cruddur.collectorServiceAccountName" -}}
{{- if .Values.collector.serviceAccount.create }}
{{- default (include "cruddur.collectorName" .) .Values.collector.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.collector.serviceAccount.name }}
{{- end }}
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
