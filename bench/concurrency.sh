#!/usr/bin/env bash
# Two builds started together into one output folder, many times (issue 13, SPEC §4 « shared
# ground »): each time, both must end well and the folder must be identical (diff -r) to a
# clean build of the same roster.
#   Rounds alternate: into an empty folder, and into a folder built from an older roster
#   (one establishment renamed), so that both a first build and a rebuild race.
# Usage: bench/concurrency.sh [RUNS=20] [ROSTER=parties.yaml ...]
#   A roster given as a number N is made by bench/national.py (N establishments).
# Env: WORK=/dev/shm/ent-rgpd-concurrency
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
RUNS="${1:-20}"
shift || true
[ $# -gt 0 ] || set -- "$repo/parties.yaml" 2000
WORK="${WORK:-/dev/shm/ent-rgpd-concurrency}"

(cd "$repo" && cargo build --release --quiet)
BIN="$repo/target/release/ent-rgpd"
rm -rf "$WORK" && mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT

fail=0
for spec in "$@"; do
  if [[ "$spec" =~ ^[0-9]+$ ]]; then
    python3 "$here/national.py" "$spec" "$WORK/roster-$spec" >/dev/null
    roster="$WORK/roster-$spec/parties.yaml"
    label="national.py $spec"
  else
    roster="$(cd "$(dirname "$spec")" && pwd)/$(basename "$spec")"
    label="$(basename "$spec")"
  fi
  # The older roster: the same files under the same names (the pages name their source
  # file), the first establishment renamed.
  older="$WORK/older-src/$(basename "$roster")"
  rm -rf "$WORK/older-src" && mkdir -p "$WORK/older-src"
  cp "$roster" "$older"
  if [ -d "$(dirname "$roster")/etablissements" ]; then
    cp -r "$(dirname "$roster")/etablissements" "$WORK/older-src/"
  fi
  python3 - "$WORK/older-src" <<'EOF'
import pathlib, re, sys
for f in sorted(pathlib.Path(sys.argv[1]).rglob("*.yaml")):
    text = f.read_text(encoding="utf-8")
    m = re.search(r"^\s*-\s*uai:.*\n(?:\s+\w+:.*\n)*?\s+nom: (.+)$", text, re.M)
    if m:
        f.write_text(text[: m.start(1)] + "Établissement renommé" + text[m.end(1):], encoding="utf-8")
        break
else:
    sys.exit("no establishment to rename")
EOF
  "$BIN" build -q --roster "$roster" --output "$WORK/clean"
  "$BIN" build -q --roster "$older" --output "$WORK/older"
  same=0
  start=$(date +%s.%N)
  for i in $(seq 1 "$RUNS"); do
    out="$WORK/race"
    rm -rf "$out"
    if ((i % 2 == 0)); then cp -a "$WORK/older" "$out"; kind=rebuild; else kind=first; fi
    "$BIN" build -q --roster "$roster" --output "$out" 2>"$WORK/a.err" &
    a=$!
    "$BIN" build -q --roster "$roster" --output "$out" 2>"$WORK/b.err" &
    b=$!
    ra=0; rb=0
    wait "$a" || ra=$?
    wait "$b" || rb=$?
    if [ "$ra" != 0 ] || [ "$rb" != 0 ]; then
      echo "$label run $i ($kind): exit $ra / $rb"; cat "$WORK/a.err" "$WORK/b.err"; fail=1; continue
    fi
    # The input cache records the time of nothing; the lock file is empty in both.
    if diff -r "$WORK/clean" "$out" >"$WORK/diff" 2>&1; then
      same=$((same + 1))
    else
      echo "$label run $i ($kind): differs from a clean build"; head -20 "$WORK/diff"; fail=1
    fi
    # And a third build after them writes nothing.
    line=$("$BIN" build --roster "$roster" --output "$out" 2>/dev/null | tail -1)
    case "$line" in
      *" 0 fichier(s) écrit(s)"*) ;;
      *) echo "$label run $i ($kind): the next build wrote files: $line"; fail=1 ;;
    esac
  done
  end=$(date +%s.%N)
  files=$(find "$WORK/clean" -type f | wc -l)
  printf '%s (%d files): %d/%d runs identical to a clean build (diff -r), %.1f s\n' \
    "$label" "$files" "$same" "$RUNS" "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')"
  rm -rf "$WORK/clean" "$WORK/older" "$WORK/race" "$WORK/older-src"
done
exit "$fail"
