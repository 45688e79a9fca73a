#!/bin/sh
# README command 1: installs what is missing, builds, and runs the main job
# on a built-in default: the spec's example request, built with
# `hsscodec url` and validated with `hsscodec check-request`.
set -eu
cd "$(dirname "$0")/.."
scripts/setup-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default >/dev/null
H=build/default/cli/hsscodec

# The spec's example values; "xxxxxx" is the spec's placeholder password,
# handed over in the environment as a real one would be (never argv).
export HSS_PROJECT_ID=2a473356cca5487f8373be891bffc1cf
export HSS_REGISTRY_PASSWORD=xxxxxx
set -- --registry-addr hub.docker.com --namespace test --username xxx \
       --enterprise-project-id all_granted_eps --region ap-southeast-1

echo "== hsscodec url (the spec's example request; the password is shown as ***)"
"$H" url "$@"
echo
echo "== hsscodec check-request (the same request, decoded and validated again)"
HSS_REGISTRY_PASSWORD=xxxxxx "$H" url --show-secrets "$@" | "$H" check-request -
echo
echo "== hsscodec check-request on a tampered request (expected to fail, exit 1)"
rc=0
printf '%s\n' "/v5/$HSS_PROJECT_ID/image/registries/image-upload-command?registry_addr=user:pw@hub.docker.com&namespace=test&username=xxx&password=xxxxxx" \
    | "$H" check-request - || rc=$?
echo "exit code: $rc"
