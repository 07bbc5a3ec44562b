#!/usr/bin/env bash
# Compares mamori's IAM rules (MAM-IAM-001..003) with Checkov's and Trivy's IAM checks on the
# rules' own fixtures (Terraform and CloudFormation; neither peer reads IAM API JSON), and prints,
# per fixture file, what each tool reports. Results land in bench/results/iam-compare.md.
#
#   bench/iam-compare.sh                      # builds mamori (debug) first
#   MAMORI=target/release/mamori bench/iam-compare.sh
#
# Uses the Checkov and Trivy of $BENCH_VENV (default .venv-bench; bench/run.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${BENCH_VENV:-.venv-bench}
MAMORI=${MAMORI:-}
if [ -z "$MAMORI" ]; then
  cargo build -q -p mamori
  MAMORI="${CARGO_TARGET_DIR:-target}/debug/mamori"
fi
MAMORI=$(realpath "$MAMORI")
VENV=$(realpath "$VENV")
OUT=$(realpath -m bench/results)
mkdir -p "$OUT"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# Each fixture in a folder of its own: the files of one rule folder are separate examples, not
# one Terraform configuration.
for entry in crates/mamori-rules/fixtures/MAM-IAM-00*/*; do
  case "$entry" in *.expect | *.toml) continue ;; esac
  rule=$(basename "$(dirname "$entry")")
  name=$(basename "$entry")
  mkdir -p "$WORK/$rule/$name"
  if [ -d "$entry" ]; then cp -r "$entry"/. "$WORK/$rule/$name/"; else cp "$entry" "$WORK/$rule/$name/"; fi
done
( cd "$WORK" && "$MAMORI" scan --no-config -f json . > "$OUT/iam-mamori.json" || true )
( cd "$WORK" && "$VENV/bin/checkov" -d . --quiet --compact --output json --skip-download \
    --framework terraform cloudformation > "$OUT/iam-checkov.json" 2>/dev/null || true )
( cd "$WORK" && "$VENV/bin/trivy" config --skip-check-update --quiet --format json \
    --output "$OUT/iam-trivy.json" . || true )
python3 - "$OUT" <<'PY' | tee "$OUT/iam-compare.md"
import json, sys, collections
out = sys.argv[1]
rows = collections.defaultdict(lambda: [set(), set(), set()])
def key(path):
    # `MAM-IAM-001/fail.tf/fail.tf` → `MAM-IAM-001/fail.tf`; a folder fixture keeps its folder.
    parts = path.lstrip("./").split("/")
    i = next(i for i, p in enumerate(parts) if p.startswith("MAM-IAM"))
    return "/".join(parts[i:i + 2])
m = json.load(open(f"{out}/iam-mamori.json"))
for f in m["findings"]:
    if f["rule"].startswith("MAM-IAM"):
        rows[key(f["location"]["path"])][0].add(f'{f["rule"]} ×{sum(1 for g in m["findings"] if g["rule"] == f["rule"] and g["location"]["path"] == f["location"]["path"])}')
c = json.load(open(f"{out}/iam-checkov.json"))
for r in (c if isinstance(c, list) else [c]):
    for f in r.get("results", {}).get("failed_checks", []):
        if "iam" in f["resource"].lower():
            rows[key(f["file_path"])][1].add(f["check_id"])
t = json.load(open(f"{out}/iam-trivy.json"))
for r in t.get("Results", []):
    for f in r.get("Misconfigurations") or []:
        if f.get("Status", "FAIL") == "FAIL" and "IAM" in f["Title"]:
            rows[key(r["Target"])][2].add(f["ID"])
print("| fixture | mamori | Checkov | Trivy |")
print("| --- | --- | --- | --- |")
for k in sorted(rows):
    a, b, c = (", ".join(sorted(x)) or "–" for x in rows[k])
    print(f"| `{k}` | {a} | {b} | {c} |")
PY
