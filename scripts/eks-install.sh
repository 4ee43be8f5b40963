#!/usr/bin/env bash
# Installs or upgrades Cruddur on EKS with values-eks.yaml, waits for the rollout, and
# runs the chart's test. Needs:
#   IMAGE_REPOSITORY, IMAGE_TAG       the API image (e.g. an ECR repository and git SHA)
#   AWS_REGION
#   API_ROLE_ARN                      IRSA role of the API pod (CloudWatch Logs, and X-Ray
#                                     sampling and segments for its X-Ray daemon sidecar)
#   COLLECTOR_ROLE_ARN                IRSA role of the Collector (X-Ray PutTraceSegments)
# and, for the Secret (created or updated first, see scripts/secrets.sh):
#   HONEYCOMB_API_KEY, ROLLBAR_ACCESS_TOKEN
# Extra arguments go to helm (e.g. --set api.honeycomb.team=my-team).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$repo/scripts/lib.sh"
need helm kubectl

missing=0
for var in IMAGE_REPOSITORY IMAGE_TAG AWS_REGION API_ROLE_ARN COLLECTOR_ROLE_ARN; do
  if [ -z "${!var:-}" ]; then echo "eks-install.sh: $var is not set" >&2; missing=1; fi
done
[ "$missing" -eq 0 ] || exit 1

"$repo/scripts/secrets.sh"
helm upgrade --install "$CRUDDUR_RELEASE" "$repo/charts/cruddur" \
  --namespace "$CRUDDUR_NAMESPACE" \
  -f "$repo/charts/cruddur/values-eks.yaml" \
  --set-string image.repository="$IMAGE_REPOSITORY" \
  --set-string image.tag="$IMAGE_TAG" \
  --set-string aws.region="$AWS_REGION" \
  --set-string collector.exporters.awsxray.region="$AWS_REGION" \
  --set-string "serviceAccount.annotations.eks\.amazonaws\.com/role-arn=$API_ROLE_ARN" \
  --set-string "collector.serviceAccount.annotations.eks\.amazonaws\.com/role-arn=$COLLECTOR_ROLE_ARN" \
  --set secrets.create=false \
  --set-string secrets.existingSecret="$CRUDDUR_SECRET" \
  --wait --timeout 5m "$@"
helm test "$CRUDDUR_RELEASE" --namespace "$CRUDDUR_NAMESPACE" --logs
