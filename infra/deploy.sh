#!/usr/bin/env bash
# The deploy steps of infra/README.md that need more than one AWS call. Run from the checkout with
# operator credentials (AWS_PROFILE / AWS_REGION), after `make deps`:
#
#   infra/deploy.sh platform <stage> <mail domain> [alarm e-mail]   data, mail and alarm stacks
#   infra/deploy.sh web <stage> [<alias domain> <ACM certificate ARN in us-east-1>]
#                                                                     CloudFront + gateway responses
#   infra/deploy.sh site <stage>                                      upload the page, invalidate
#
# Each step is idempotent: run it again after a change of its templates or of static_site/.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,9p' "$0" >&2; exit 2; }

stack() {  # stack <name> <template> [Key=Value ...]
  local name=$1 template=$2
  shift 2
  aws cloudformation deploy --no-fail-on-empty-changeset --stack-name "$name" \
    --template-file "$template" --parameter-overrides "$@" \
    --tags app=pixi-callcenter "stage=${STAGE}"
}

output() {  # output <stack> <output key>
  aws cloudformation describe-stacks --stack-name "$1" \
    --query "Stacks[0].Outputs[?OutputKey=='$2'].OutputValue" --output text
}

rest_api_id() {  # what `chalice deploy --stage <stage>` recorded in .chalice/deployed/<stage>.json
  python3 - "$STAGE" <<'EOF'
import json, sys
deployed = json.load(open(f".chalice/deployed/{sys.argv[1]}.json"))
print(next(r["rest_api_id"] for r in deployed["resources"] if r["resource_type"] == "rest_api"))
EOF
}

step=${1:-}
STAGE=${2:-}
[[ "$STAGE" == dev || "$STAGE" == prod ]] || usage

case "$step" in
  platform)
    mail_domain=${3:?mail domain, e.g. callcenter.example}
    stack "pcc-${STAGE}-data" infra/data.yaml "Stage=${STAGE}"
    stack "pcc-${STAGE}-mail" infra/mail.yaml "Stage=${STAGE}" "MailDomain=${mail_domain}"
    stack "pcc-${STAGE}-alarms" infra/alarms.yaml "Stage=${STAGE}" "AlarmEmail=${4:-}"
    echo "Publish these DNS records for ${mail_domain} (SES verifies the domain by them):"
    for n in 1 2 3; do output "pcc-${STAGE}-mail" "DkimRecord${n}"; done
    ;;
  web)
    api_id=$(rest_api_id)
    region=${AWS_REGION:-$(aws configure get region)}
    stack "pcc-${STAGE}-web" infra/web.yaml "Stage=${STAGE}" "RestApiId=${api_id}" \
      "ApiDomainName=${api_id}.execute-api.${region}.amazonaws.com" \
      "AliasDomain=${3:-}" "CertificateArn=${4:-}"
    # The gateway responses of the web stack take effect with the next deployment of the API stage.
    aws apigateway create-deployment --rest-api-id "$api_id" --stage-name api \
      --description "gateway responses of pcc-${STAGE}-web" >/dev/null
    echo "The page: $(output "pcc-${STAGE}-web" WebUrl)"
    ;;
  site)
    bucket=$(output "pcc-${STAGE}-web" SiteBucketName)
    distribution=$(output "pcc-${STAGE}-web" DistributionId)
    aws s3 sync static_site/ "s3://${bucket}/" --delete --exclude config.js
    printf 'window.APP_CONFIG = {"apiBase": "/api", "stage": "%s"};\n' "$STAGE" |
      aws s3 cp - "s3://${bucket}/config.js" --content-type application/javascript
    aws cloudfront create-invalidation --distribution-id "$distribution" --paths '/*' >/dev/null
    echo "Uploaded static_site/ to ${bucket}; CloudFront serves it within a few minutes."
    ;;
  *) usage ;;
esac
