#!/usr/bin/env bash
# Times `mamori scan --aws` on an emulated account of 50 ECS clusters, 500 services and 2,000
# task definition revisions (4 revisions in each of 500 families, each service on the latest),
# with what the services use (10 security groups, 50 ECR repositories, 500 log groups, 20 KMS
# keys, a GuardDuty detector, the task role's policies: tests/aws/seed.py `scale`), with the
# wall time, peak memory (/usr/bin/time -v) and the number of requests sent.
#
#   bench/aws-live.sh                       (the figures above)
#   CLUSTERS=10 SERVICES=100 REVISIONS=400 bench/aws-live.sh
#   CONCURRENCY=16 bench/aws-live.sh        (--aws-concurrency; default mamori's, 8)
#   RUNS=3 bench/aws-live.sh                (scans of the same seeded account; default 3)
#
# moto[server] 5.2.5 is installed into $MOTO_VENV (default target/moto-venv-5.2.5, the one
# scripts/test makes) when missing, started on a free port for this run and stopped after it.
# moto answers from one Python process, so the figures measure mamori's request pattern against
# a slow, serial server more than AWS's latency: compare runs, not absolute times.
# Results: bench/results/aws-live.md.
set -euo pipefail
cd "$(dirname "$0")/.."

CLUSTERS=${CLUSTERS:-50}
SERVICES=${SERVICES:-500}
REVISIONS=${REVISIONS:-2000}
RUNS=${RUNS:-3}
REGION=us-east-1
VENV=${MOTO_VENV:-${CARGO_TARGET_DIR:-target}/moto-venv-5.2.5}
OUT=bench/results
mkdir -p "$OUT"

if [ ! -x "$VENV/bin/moto_server" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "moto[server]==5.2.5"
fi
if [ -z "${MAMORI:-}" ]; then
  cargo build --release --locked -q -p mamori
  MAMORI="${CARGO_TARGET_DIR:-target}/release/mamori"
fi

port=$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$VENV/bin/moto_server" -H 127.0.0.1 -p "$port" >/dev/null 2>&1 &
moto_pid=$!
trap 'kill "$moto_pid" 2>/dev/null || true' EXIT
until "$VENV/bin/python" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/moto-api/')" 2>/dev/null; do
  sleep 0.25
done
endpoint="http://127.0.0.1:$port"

echo "seeding $CLUSTERS clusters, $SERVICES services, $REVISIONS revisions"
seed_started=$(date +%s)
"$VENV/bin/python" tests/aws/seed.py "$endpoint" "$REGION" scale "$CLUSTERS" "$SERVICES" "$REVISIONS"
echo "seeded in $(($(date +%s) - seed_started)) s"

export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=$REGION
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true
args=(scan --aws --no-config --endpoint-url "$endpoint" --format json)
if [ -n "${CONCURRENCY:-}" ]; then args+=(--aws-concurrency "$CONCURRENCY"); fi

{
  echo "# mamori scan --aws on an emulated account"
  echo
  echo "$CLUSTERS clusters, $SERVICES services, $REVISIONS task definition revisions (moto 5.2.5, one process, on"
  echo "127.0.0.1); \`mamori ${args[*]}\`, $(nproc) cores, $(date -u +%Y-%m-%d)."
  echo
  echo "| run | wall time | max RSS | requests | retries | resources | findings |"
  echo "|---|---|---|---|---|---|---|"
} >"$OUT/aws-live.md"
for run in $(seq 1 "$RUNS"); do
  /usr/bin/time -v -o /tmp/mamori-aws-live.time "$MAMORI" "${args[@]}" >/tmp/mamori-aws-live.json || true
  wall=$(grep "Elapsed (wall clock)" /tmp/mamori-aws-live.time | awk '{print $NF}')
  rss=$(grep "Maximum resident" /tmp/mamori-aws-live.time | awk '{print $NF}')
  read -r requests retries resources findings < <("$VENV/bin/python" -c '
import json, sys
v = json.load(open("/tmp/mamori-aws-live.json"))
s = v["summary"]
print(s["aws"]["requests"], s["aws"]["retries"], s["resources"], s["findings"])')
  echo "run $run: $wall, $((rss / 1024)) MiB, $requests requests ($retries retried), $resources resources, $findings findings"
  echo "| $run | $wall | $((rss / 1024)) MiB | $requests | $retries | $resources | $findings |" >>"$OUT/aws-live.md"
done
echo "results: $OUT/aws-live.md"
