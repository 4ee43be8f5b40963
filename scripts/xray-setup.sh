#!/usr/bin/env bash
# Creates (or updates) Cruddur's X-Ray sampling rule and group with the AWS CLI.
# Safe to run again. Uses the usual AWS_* variables (AWS_PROFILE, AWS_REGION,
# AWS_ENDPOINT_URL for LocalStack).
#   scripts/xray-setup.sh            rule from xray/sampling-rule.json, group "Cruddur"
#   XRAY_GROUP=name SERVICE_NAME=svc scripts/xray-setup.sh
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rule_file=$repo/xray/sampling-rule.json
group=${XRAY_GROUP:-Cruddur}
service=${SERVICE_NAME:-cruddur-backend}

command -v aws >/dev/null || { echo "xray-setup.sh: the AWS CLI (v2) is required" >&2; exit 1; }

rule_name=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["SamplingRule"]["RuleName"])' "$rule_file")
if aws xray get-sampling-rules --query "SamplingRuleRecords[?SamplingRule.RuleName=='$rule_name'] | length(@)" --output text | grep -qx 0; then
  aws xray create-sampling-rule --cli-input-json "file://$rule_file" >/dev/null
  echo "created sampling rule $rule_name"
else
  # update-sampling-rule takes the same fields as SamplingRuleUpdate, minus Version.
  update=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["SamplingRule"]; r.pop("Version",None); print(json.dumps({"SamplingRuleUpdate": r}))' "$rule_file")
  aws xray update-sampling-rule --cli-input-json "$update" >/dev/null
  echo "updated sampling rule $rule_name"
fi

filter="service(\"$service\")"
if aws xray get-group --group-name "$group" >/dev/null 2>&1; then
  aws xray update-group --group-name "$group" --filter-expression "$filter" >/dev/null
  echo "updated group $group ($filter)"
else
  aws xray create-group --group-name "$group" --filter-expression "$filter" >/dev/null
  echo "created group $group ($filter)"
fi
