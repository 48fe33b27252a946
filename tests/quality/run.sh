#!/usr/bin/env bash
# Quality gates on the built example sites (issue 6):
#   a. axe-core (WCAG 2.1 A/AA) in headless Debian Chromium, zero violations;
#   b. the Nu HTML checker (vnu), zero errors;
#   c. links.py: every internal link, anchor and base_url link resolves;
#   d. the .gitlab-ci.yml of `init --ci gitlab` against GitLab's JSON Schema (check-jsonschema).
# Usage: tests/quality/run.sh [ROSTER...]   (default: parties.yaml and tests/rosters/*.yaml)
# Installs what it lacks (Debian chromium and JRE, npm packages from package-lock.json,
# check-jsonschema from PyPI).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
Q=$ROOT/tests/quality
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/ent-rgpd
cd "$ROOT"

# Tools: Debian packages only for the browser, npm packages pinned by the lockfile.
if ! command -v chromium >/dev/null || ! command -v java >/dev/null; then
  apt-get update -qq && apt-get install -y -qq chromium default-jre-headless >/dev/null
fi
[ -d "$Q/node_modules/vnu-jar" ] || (cd "$Q" && npm ci --ignore-scripts --no-audit --no-fund --silent)
cargo build --release --locked --quiet  # a no-op when CI has just built it

WORK=$(mktemp -d)
SERVER=
cleanup() { [ -z "$SERVER" ] || kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

if [ $# -eq 0 ]; then set -- parties.yaml tests/rosters/*.yaml; fi
PAGES=() SITES=()
for roster in "$@"; do
  name=$(basename "$roster" .yaml)
  site=$WORK/$name
  "$BIN" build --quiet --roster "$roster" --output "$site"
  base_url=$(sed -n '/^ *base_url:/{s/^ *base_url: *["'\'']\{0,1\}\([^"'\'' ]*\).*/\1/p;q}' "$roster")
  [ -n "$base_url" ] || { echo "base_url introuvable dans $roster" >&2; exit 1; }
  SITES+=("$site" "$base_url")
  # One page of each kind (ENT home and notice, establishment pages, register sheet,
  # département pages...): the first page of each path shape, where a path segment
  # with a digit (UAI, département) or under registre/ is a variable.
  mapfile -t kinds < <(cd "$site" && find . -name '*.html' ! -name footer.html | LC_ALL=C sort | python3 -c '
import re, sys
seen = set()
for path in sys.stdin.read().split():
    segs = path[2:].split("/")
    shape = tuple("*" if re.search("[0-9]", s) or i and segs[i - 1] == "registre" else s
                  for i, s in enumerate(segs))
    if shape not in seen:
        seen.add(shape)
        print(path[2:])')
  # An establishment's footer (not every establishment has a grandes lignes page).
  # (awk reads all its input: no SIGPIPE for sort under pipefail, as `head -1` would cause)
  etab=$(cd "$site" && find . -mindepth 2 -maxdepth 2 -name footer.html | LC_ALL=C sort | awk -F/ 'NR == 1 {print $2}')
  # The footer snippet inside a minimal valid document, as a vendor would embed it.
  { printf '<!DOCTYPE html>\n<html lang="fr">\n<head><meta charset="utf-8"><title>Connexion – pied de page</title></head>\n<body>\n<main><h1>Connexion</h1></main>\n<footer>\n'
    cat "$site/$etab/footer.html"
    printf '\n</footer>\n</body>\n</html>\n'; } > "$WORK/$name-footer.html"
  for p in "${kinds[@]}"; do PAGES+=("$name/$p"); done
  PAGES+=("$name-footer.html")
done

status=0
# c. Links, over every built page of every roster.
python3 "$Q/links.py" "${SITES[@]}" || status=1

# b. Nu HTML checker: errors fail, warnings are allowed.
if (cd "$WORK" && java -Xss8m -jar "$Q/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only --format gnu "${PAGES[@]}"); then
  echo "vnu : ${#PAGES[@]} pages vérifiées, 0 erreur"
else
  echo "vnu : erreurs HTML dans les pages ci-dessus"; status=1
fi

# a. axe-core in headless Chromium, the pages served over a local HTTP server.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$WORK" >/dev/null 2>&1 &
SERVER=$!
for _ in $(seq 50); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $port))" 2>/dev/null && break; sleep 0.1; done
node "$Q/axe.js" "http://127.0.0.1:$port/" "${PAGES[@]}" || status=1

# d. The GitLab Pages job that `init --ci gitlab` writes, against GitLab's own JSON Schema of
# .gitlab-ci.yml (vendored by check-jsonschema, pinned): the académies' forge runs GitLab.
python3 -c 'import check_jsonschema' 2>/dev/null || python3 -m pip install -q 'check-jsonschema==0.39.0' >/dev/null 2>&1 \
  || python3 -m pip install -q --break-system-packages 'check-jsonschema==0.39.0' >/dev/null 2>&1 || true
mkdir -p "$WORK/gitlab" && (cd "$WORK/gitlab" && "$BIN" init --ci gitlab >/dev/null)
if python3 -m check_jsonschema --builtin-schema vendor.gitlab-ci "$WORK/gitlab/.gitlab-ci.yml"; then
  echo "gitlab-ci : .gitlab-ci.yml conforme au schéma de GitLab"
else
  echo "gitlab-ci : .gitlab-ci.yml non conforme"; status=1
fi

[ $status -eq 0 ] && echo "qualité : toutes les vérifications passent" || echo "qualité : ÉCHEC"
exit $status
