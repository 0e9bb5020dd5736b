#!/usr/bin/env bash
# Refreshes the translation catalogues from the source and compiles them.
#
#   scripts/i18n_update.sh            update locale/<lang>/LC_MESSAGES/django.po for every
#                                     language, keeping existing translations, then compile
#   scripts/i18n_update.sh --compile  only compile the .po files into .mo files
#
# New or changed source strings arrive empty (no fuzzy guesses: a guess from a similar
# string is more often wrong than right); tests/test_i18n_catalogues.py fails until every
# public one is translated.
# See docs/translating.md.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-.venv/bin/python}
LANGS=(cy pl ur pa bn so ar)
export DEBUG=${DEBUG:-1}

if [[ ${1:-} != --compile ]]; then
  args=()
  for lang in "${LANGS[@]}"; do args+=(-l "$lang"); done
  # --no-obsolete drops strings no longer in the source; --add-location=file keeps the
  # references (which the public-pages test reads) without line numbers that churn.
  $PYTHON manage.py makemessages "${args[@]}" \
    --no-obsolete --add-location=file --no-wrap \
    --ignore='.venv/*' --ignore='node_modules/*' --ignore='var/*' --ignore='static/*' \
    --ignore='bench/*' --ignore='tests/*' --ignore='docs/*' --ignore='*.egg-info/*'
fi

for lang in "${LANGS[@]}"; do
  po=locale/$lang/LC_MESSAGES/django.po
  msgfmt --check --statistics -o "${po%.po}.mo" "$po"
done
