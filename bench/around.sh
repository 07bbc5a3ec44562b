#!/usr/bin/env bash
# Compares mamori's KMS, log group and GuardDuty findings with Checkov's and Trivy's, on the
# rules' fixtures (each fixture file in a folder of its own) and on the corpus files that
# declare these resources.
#
#   bench/around.sh [CORPUS]      (default: ../shared/corpus; BENCH_VENV as in bench/run.sh)
#
# Prints one line per tool, check and resource; results in bench/results/around/.
set -euo pipefail
cd "$(dirname "$0")/.."

CORPUS=${1:-../shared/corpus}
VENV=${BENCH_VENV:-.venv-bench}
OUT=bench/results/around
mkdir -p "$OUT"
cargo build --release --locked -p mamori
MAMORI=${CARGO_TARGET_DIR:-target}/release/mamori

SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT

# Fixtures: one folder per file, so that a pass and a fail file never form one module.
for rule in MAM-KMS-001 MAM-LOGS-001 MAM-LOGS-002 MAM-GD-001 MAM-GD-002 MAM-GD-003 MAM-GD-004; do
  for f in crates/mamori-rules/fixtures/$rule/*; do
    case "$f" in *.expect|*.toml) continue ;; esac
    b=$(basename "$f")
    leaf=${b//./-}
    d="$SCRATCH/fixtures/$rule/$leaf"
    mkdir -p "$d"
    case "$b" in
      *.tf) cp "$f" "$d/main.tf" ;;
      *) cp "$f" "$d/$b" ;;
    esac
  done
done

# Corpus: the repositories that declare a KMS key, a log group or a GuardDuty detector, whole
# (Terraform modules are read through the examples that call them).
PATTERN='resource "aws_kms_key"|resource "aws_cloudwatch_log_group"|resource "aws_guardduty_detector|AWS::KMS::Key|AWS::Logs::LogGroup|AWS::GuardDuty::Detector'
mkdir -p "$SCRATCH/corpus"
grep -rlE "$PATTERN" "$CORPUS" | sed "s|^$CORPUS/||" | cut -d/ -f1 | sort -u | while read -r repo; do
  cp -r "$CORPUS/$repo" "$SCRATCH/corpus/$repo"
done

for set in fixtures corpus; do
  "$MAMORI" scan "$SCRATCH/$set" --no-config --format json --output "$OUT/$set-mamori.json" || true
  "$VENV/bin/checkov" -d "$SCRATCH/$set" --quiet --compact --output json --skip-download \
    --framework terraform cloudformation > "$OUT/$set-checkov.json" || true
  "$VENV/bin/trivy" config --skip-check-update --quiet --format json \
    --output "$OUT/$set-trivy.json" "$SCRATCH/$set" || true
  python3 - "$OUT" "$set" "$SCRATCH/$set/" <<'PY'
import json, sys
out, name, root = sys.argv[1], sys.argv[2], sys.argv[3]
mine = ("MAM-KMS-", "MAM-LOGS-", "MAM-GD-")
# The other scanners' checks on the same resources.
checkov_ids = {"CKV_AWS_7", "CKV_AWS_33", "CKV_AWS_66", "CKV_AWS_158", "CKV_AWS_338", "CKV_AWS_227",
               "CKV_AWS_238", "CKV2_AWS_3", "CKV2_AWS_64"}
trivy_ids = {"AVD-AWS-0065", "AVD-AWS-0017"}
rows = []
m = json.load(open(f"{out}/{name}-mamori.json"))
for f in m["findings"]:
    if f["rule"].startswith(mine):
        rows.append(("mamori", f["rule"], f["location"]["path"].replace(root, ""), f["resource"]["address"]))
c = json.load(open(f"{out}/{name}-checkov.json"))
for report in c if isinstance(c, list) else [c]:
    for r in report.get("results", {}).get("failed_checks", []):
        if r["check_id"] in checkov_ids:
            rows.append(("checkov", r["check_id"], r["repo_file_path"].lstrip("/"), r["resource"]))
t = json.load(open(f"{out}/{name}-trivy.json"))
for res in t.get("Results", []) or []:
    for mc in res.get("Misconfigurations", []) or []:
        # Trivy 0.76 reports `AWS-0065` in ID and no AVDID; older versions `AVD-AWS-0065`.
        cid = mc.get("AVDID") or ("AVD-" + mc["ID"] if mc.get("ID", "").startswith("AWS-") else mc.get("ID"))
        if cid in trivy_ids and mc.get("Status", "FAIL") == "FAIL":
            rows.append(("trivy", cid, res["Target"], mc.get("CauseMetadata", {}).get("Resource", "")))
rows.sort()
with open(f"{out}/{name}.tsv", "w") as fh:
    for r in rows:
        fh.write("\t".join(r) + "\n")
from collections import Counter
print(name, dict(sorted(Counter((r[0], r[1]) for r in rows).items())))
PY
done
