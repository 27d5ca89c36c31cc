#!/usr/bin/env bash
# Times `permify-render template` against `helm template` on the same values files and
# prints the figures as Markdown tables (median wall time, ratio, peak RSS), with a
# trivial-process baseline and a 200-file batch comparison.
#
# Usage:
#   bench/compare-helm.sh HELM CHART_DIR [PERMIFY_RENDER]
#
#   HELM            path to a helm binary (3.17 to 4.1)
#   CHART_DIR       the official chart, unpacked with its `common` dependency
#                   (e.g. /tmp/helmchart/permify)
#   PERMIFY_RENDER  the binary to time (default: target/release/permify-render, or
#                   $CARGO_TARGET_DIR/release/permify-render); build it first with
#                   `cargo build --release`
#
# Needs hyperfine, GNU time (/usr/bin/time) and python3; installs nothing. Environment:
#   RUNS=20        hyperfine runs per single-render command
#   BATCH_RUNS=3   runs of the 200-file comparisons
#   BATCH_FILES=200
#
# Each pair of outputs is compared byte for byte first (a mismatch is reported).
# Numbers depend on the machine and on what else runs on it: run it on an idle box.

set -euo pipefail

if [ $# -lt 2 ]; then
    sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi

HELM=$1
CHART=$2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PR=${3:-${CARGO_TARGET_DIR:-$ROOT/target}/release/permify-render}
RUNS=${RUNS:-20}
BATCH_RUNS=${BATCH_RUNS:-3}
BATCH_FILES=${BATCH_FILES:-200}

for tool in hyperfine python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done
[ -x "$HELM" ] || { echo "not executable: $HELM" >&2; exit 2; }
[ -f "$CHART/Chart.yaml" ] || { echo "no Chart.yaml in $CHART" >&2; exit 2; }
[ -x "$PR" ] || { echo "no $PR: run cargo build --release first" >&2; exit 2; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# The values files: the examples, and a few conformance cases rendered by Helm.
FILES=()
for f in "$ROOT"/examples/*.yaml; do FILES+=("$f"); done
for c in app-everything big-numbers-file createdb-custom db-uri-secret; do
    FILES+=("$ROOT/testdata/conformance/cases/$c/values.yaml")
done

label() { # a short name for a values file
    case "$1" in
        */conformance/cases/*) basename "$(dirname "$1")" ;;
        *) basename "$1" .yaml ;;
    esac
}

median() { # hyperfine JSON -> median seconds
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$1"
}

peak_rss() { # command... -> the largest peak RSS (KiB) of 5 runs
    local max=0 kb
    for _ in 1 2 3 4 5; do
        /usr/bin/time -f %M -o "$WORK/rss" "$@" >/dev/null 2>&1 || true
        kb=$(tail -n 1 "$WORK/rss")
        [ "${kb:-0}" -gt "$max" ] && max=$kb
    done
    echo "$max"
}

worst() { # min|max current value -> the new worst
    python3 -c 'import sys; f, a, b = sys.argv[1:]; print(b if not a else (min if f == "min" else max)(float(a), float(b)))' "$@"
}

ms() { python3 -c 'import sys; print(f"{float(sys.argv[1])*1000:.1f}")' "$1"; }
ratio() { python3 -c 'import sys; print(f"{float(sys.argv[1])/float(sys.argv[2]):.1f}")' "$1" "$2"; }
mib() { python3 -c 'import sys; print(f"{int(sys.argv[1])/1024:.1f}")' "$1"; }

time_cmd() { # name runs command... -> median seconds (hyperfine, no shell)
    local name=$1 runs=$2
    shift 2
    # -i: a values file both refuse (the seed guide's) is timed to its error.
    hyperfine -N -i --warmup 3 --runs "$runs" --export-json "$WORK/$name.json" \
        --output=null -- "$(printf '%q ' "$@")" >/dev/null 2>&1
    median "$WORK/$name.json"
}

echo "## Machine"
echo
echo '```'
echo "nproc: $(nproc)"
lscpu | head -n 15
echo "kernel: $(uname -sr)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "helm: $("$HELM" version --short 2>/dev/null || "$HELM" version)"
echo "permify-render: $("$PR" --version)"
echo '```'
echo

# ---- baselines ----
TRUE_S=$(time_cmd true "$RUNS" /bin/true)
VERSION_S=$(time_cmd version "$RUNS" "$PR" --version)
TRUE_RSS=$(peak_rss /bin/true)
VERSION_RSS=$(peak_rss "$PR" --version)

# ---- one render per values file ----
echo "## One render per run (median of $RUNS runs; peak RSS of 5 runs)"
echo
echo "| values | permify-render | helm template | speed-up | RSS permify-render | RSS helm | RSS ratio | same output |"
echo "|---|---:|---:|---:|---:|---:|---:|:-:|"
SUM_PR=0
SUM_HELM=0
WORST_SPEEDUP=
WORST_RSS=
WORST_TRIVIAL=
WORST_VERSION=
for f in "${FILES[@]}"; do
    name=$(label "$f")
    pr_code=0
    helm_code=0
    "$PR" --quiet template permify -f "$f" >"$WORK/pr.out" 2>/dev/null || pr_code=$?
    "$HELM" template permify "$CHART" -f "$f" >"$WORK/helm.out" 2>/dev/null || helm_code=$?
    same=yes
    if [ "$pr_code" != 0 ] || [ "$helm_code" != 0 ]; then
        same="exit $pr_code / $helm_code"
    fi
    cmp -s "$WORK/pr.out" "$WORK/helm.out" || same=NO
    pr_s=$(time_cmd "pr-$name" "$RUNS" "$PR" --quiet template permify -f "$f")
    helm_s=$(time_cmd "helm-$name" "$RUNS" "$HELM" template permify "$CHART" -f "$f")
    pr_rss=$(peak_rss "$PR" --quiet template permify -f "$f")
    helm_rss=$(peak_rss "$HELM" template permify "$CHART" -f "$f")
    speedup=$(ratio "$helm_s" "$pr_s")
    rss_ratio=$(ratio "$helm_rss" "$pr_rss")
    trivial=$(ratio "$pr_s" "$TRUE_S")
    echo "| $name | $(ms "$pr_s") ms | $(ms "$helm_s") ms | ${speedup}× | $(mib "$pr_rss") MiB | $(mib "$helm_rss") MiB | ${rss_ratio}× smaller | $same |"
    WORST_SPEEDUP=$(worst min "$WORST_SPEEDUP" "$speedup")
    WORST_RSS=$(worst min "$WORST_RSS" "$rss_ratio")
    WORST_TRIVIAL=$(worst max "$WORST_TRIVIAL" "$trivial")
    WORST_VERSION=$(worst max "$WORST_VERSION" "$(ratio "$pr_s" "$VERSION_S")")
done
echo
echo "## Baselines (trivial processes)"
echo
echo "| command | median | peak RSS |"
echo "|---|---:|---:|"
echo "| /bin/true | $(ms "$TRUE_S") ms | $(mib "$TRUE_RSS") MiB |"
echo "| permify-render --version | $(ms "$VERSION_S") ms | $(mib "$VERSION_RSS") MiB |"
echo

# ---- batch ----
mkdir -p "$WORK/values" "$WORK/pr-out" "$WORK/helm-out"
i=0
while [ "$i" -lt "$BATCH_FILES" ]; do
    src=${FILES[$((i % ${#FILES[@]}))]}
    cp "$src" "$WORK/values/$(printf 'rel-%03d' "$i").yaml"
    i=$((i + 1))
done
cat >"$WORK/helm-loop.sh" <<EOF
for f in "$WORK"/values/*.yaml; do
    n=\$(basename "\$f" .yaml)
    "$HELM" template "\$n" "$CHART" -f "\$f" >"$WORK/helm-out/\$n.yaml"
done
EOF
hyperfine --warmup 1 --runs "$BATCH_RUNS" --export-json "$WORK/batch-helm.json" \
    "bash $WORK/helm-loop.sh" >/dev/null 2>&1
BATCH_HELM=$(median "$WORK/batch-helm.json")
BATCH_PR=$(time_cmd batch-pr "$((BATCH_RUNS * 3))" "$PR" --quiet batch --output-dir "$WORK/pr-out" "$WORK"/values/*.yaml)
BATCH_PR_1=$(time_cmd batch-pr-1 "$((BATCH_RUNS * 3))" "$PR" --quiet batch -j 1 --output-dir "$WORK/pr-out" "$WORK"/values/*.yaml)
BATCH_RSS=$(peak_rss "$PR" --quiet batch --output-dir "$WORK/pr-out" "$WORK"/values/*.yaml)
same=0
rendered=0
for f in "$WORK"/helm-out/*.yaml; do
    [ -s "$f" ] || continue # Helm refused these values (the seed guide's)
    rendered=$((rendered + 1))
    cmp -s "$f" "$WORK/pr-out/$(basename "$f")" && same=$((same + 1))
done
echo "## Batch: $BATCH_FILES values files"
echo
echo "| | median | per file | speed-up |"
echo "|---|---:|---:|---:|"
echo "| $BATCH_FILES × helm template | $(ms "$BATCH_HELM") ms | $(ms "$(python3 -c "print($BATCH_HELM/$BATCH_FILES)")") ms | 1× |"
echo "| permify-render batch (all cores) | $(ms "$BATCH_PR") ms | $(ms "$(python3 -c "print($BATCH_PR/$BATCH_FILES)")") ms | $(ratio "$BATCH_HELM" "$BATCH_PR")× |"
echo "| permify-render batch -j 1 | $(ms "$BATCH_PR_1") ms | $(ms "$(python3 -c "print($BATCH_PR_1/$BATCH_FILES)")") ms | $(ratio "$BATCH_HELM" "$BATCH_PR_1")× |"
echo
echo "Batch peak RSS: $(mib "$BATCH_RSS") MiB. Files identical to Helm's output: $same of the $rendered Helm rendered (the others Helm refuses, as permify-render does)."
echo

# ---- targets ----
verdict() { python3 -c 'import sys; print("met" if eval(sys.argv[1]) else "MISSED")' "$1"; }
echo "## Targets"
echo
echo "| target | measured | |"
echo "|---|---|---|"
echo "| ≥ 12× faster than helm template (worst file) | ${WORST_SPEEDUP}× | $(verdict "$WORST_SPEEDUP >= 12") |"
echo "| peak RSS ≤ ¼ of Helm's (worst file) | ${WORST_RSS}× smaller | $(verdict "$WORST_RSS >= 4") |"
echo "| single render ≤ 1.5× a trivial process (/bin/true, worst file) | ${WORST_TRIVIAL}× | $(verdict "$WORST_TRIVIAL <= 1.5") |"
echo "| single render ≤ 1.5× permify-render --version (worst file) | ${WORST_VERSION}× | $(verdict "$WORST_VERSION <= 1.5") |"
echo "| batch ≥ 100× faster than $BATCH_FILES helm runs | $(ratio "$BATCH_HELM" "$BATCH_PR")× | $(verdict "$BATCH_HELM / $BATCH_PR >= 100") |"
