#!/usr/bin/env bash
# Builds the rebranded GOV.UK Frontend assets into static/dist/ (git-ignored).
# Called by `make assets`. Quick when nothing changed: npm ci runs only when
# package-lock.json is newer than the installed tree, and Sass only when a source is
# newer than the compiled stylesheet.
set -euo pipefail

cd "$(dirname "$0")/.."

DIST=static/dist
GOVUK=node_modules/govuk-frontend/dist/govuk
mkdir -p "$DIST"

# npm writes node_modules/.package-lock.json on every install, so it is the stamp of
# what is installed.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  if ! command -v npm >/dev/null; then
    echo "frontend/build.sh: npm is missing (apt-get install nodejs npm)" >&2
    exit 1
  fi
  # --ignore-scripts: no package needs an install script (Sass's optional file
  # watcher is not used for one-off builds).
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  touch node_modules/.package-lock.json
fi

# newer_than TARGET SOURCE... : true when TARGET is missing or any SOURCE is newer.
newer_than() {
  local target=$1
  shift
  [[ ! -f $target ]] && return 0
  [[ -n $(find "$@" -newer "$target" -print -quit) ]]
}

if newer_than "$DIST/app.css" frontend/scss node_modules/.package-lock.json; then
  # GOV.UK Frontend 5 is written with @import; its deprecation notices are not ours.
  node_modules/.bin/sass \
    --load-path=node_modules \
    --style=compressed \
    --no-source-map \
    --quiet-deps \
    --silence-deprecation=import \
    frontend/scss/main.scss "$DIST/app.css.tmp"
  mv "$DIST/app.css.tmp" "$DIST/app.css"
  echo "built $DIST/app.css"
fi

if newer_than "$DIST/govuk-frontend.min.js" "$GOVUK/govuk-frontend.min.js"; then
  cp "$GOVUK/govuk-frontend.min.js" "$DIST/govuk-frontend.min.js"
  echo "copied $DIST/govuk-frontend.min.js"
fi
