#!/bin/sh
# README command 1: installs what is missing, builds, and runs the main job
# on a built-in default: the spec's example request, built with
# `hsscodec url` and validated with `hsscodec check-request`, then a real
# call with `hsscodec get` against a loopback mock of the API (which is
# stopped at the end).
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
       --enterprise-project-id all_granted_eps

echo "== hsscodec url (the spec's example request; the password is shown as ***)"
"$H" url --region ap-southeast-1 "$@"
echo
echo "== hsscodec check-request (the same request, decoded and validated again)"
HSS_REGISTRY_PASSWORD=xxxxxx "$H" url --show-secrets --region ap-southeast-1 "$@" | "$H" check-request -
echo
echo "== hsscodec check-request on a tampered request (expected to fail, exit 1)"
rc=0
printf '%s\n' "/v5/$HSS_PROJECT_ID/image/registries/image-upload-command?registry_addr=user:pw@hub.docker.com&namespace=test&username=xxx&password=xxxxxx" \
    | "$H" check-request - 2>&1 || rc=$?
echo "exit code: $rc"

echo
echo "== hsscodec get against a loopback mock of the API (tests/mock/mock_api.py)"
tmp=$(mktemp -d)
python3 tests/mock/mock_api.py --scenario ok --token demo-token --lifetime 60 >"$tmp/mock.out" 2>/dev/null &
mock=$!
trap 'kill $mock 2>/dev/null; rm -rf "$tmp"' EXIT
i=0
until grep -q '^PORT ' "$tmp/mock.out" 2>/dev/null; do
    i=$((i + 1)); [ $i -lt 100 ] || { echo "the mock did not start" >&2; exit 1; }
    sleep 0.1
done
port=$(sed -n 's/^PORT //p' "$tmp/mock.out")
echo "-- the request, as --dry-run shows it (secrets as ***):"
HSS_AUTH_TOKEN=demo-token "$H" get --dry-run --allow-http --endpoint "http://127.0.0.1:$port" "$@"
echo "-- the validated answer:"
HSS_AUTH_TOKEN=demo-token "$H" get --allow-http --endpoint "http://127.0.0.1:$port" "$@"
echo "-- the same call with a wrong token (the mock answers 401, exit code 4):"
rc=0
HSS_AUTH_TOKEN=wrong-token "$H" get --allow-http --endpoint "http://127.0.0.1:$port" "$@" 2>&1 || rc=$?
echo "exit code: $rc"
echo
echo "Against the real API: export HSS_AUTH_TOKEN (or use --token-file) and"
echo "HSS_REGISTRY_PASSWORD, then: $H get --region <region> --project-id <id> ..."
