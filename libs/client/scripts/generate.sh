#!/usr/bin/env bash
# `npm run client:generate`: regenerates libs/client/src/generated/reco-api.ts from the backend's
# OpenAPI document with openapi-typescript. `--check` (CI, `npm run client:check`): generates into
# tmp/ and fails when the committed file differs.
set -euo pipefail
cd "$(dirname "$0")/../../.."
committed=libs/client/src/generated/reco-api.ts
npx tsx --conditions=@reco/source apps/backend/scripts/write-openapi.ts tmp/openapi/openapi.json
target=$committed
if [ "${1:-}" = "--check" ]; then target=tmp/openapi/reco-api.ts; fi
# openapi-typescript lints with its own Redocly copy, which knows nothing of our documented
# exceptions (npm run openapi:lint is the check): its notices are dropped, its errors are not.
npx openapi-typescript tmp/openapi/openapi.json --output "$target" 2> >(grep -v '⚠' >&2)
if [ "$target" != "$committed" ]; then
  if ! diff -u "$committed" "$target" >tmp/openapi/reco-api.diff; then
    head -n 40 tmp/openapi/reco-api.diff
    echo "$committed is not current with the backend's OpenAPI document: run \`npm run client:generate\` and commit it" >&2
    exit 1
  fi
  echo "$committed is current"
fi
