#!/usr/bin/env bash
# Placeholder until the rebranded GOV.UK Frontend build lands.
set -euo pipefail
mkdir -p static/dist
