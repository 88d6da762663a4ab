#!/usr/bin/env bash
# The JavaScript the tests need to open EPUBs the way readers and distributors do: epub.js and
# JSZip, puppeteer-core to drive Debian's chromium (no browser is downloaded), and Ace by DAISY
# (the accessibility checker), from the npm registry into .venv/reader/node_modules, without
# running install scripts.
# Skipped (the reading-system tests then skip too) where npm is not installed.
set -euo pipefail
folder=${1:-.venv/reader}
command -v npm >/dev/null 2>&1 || { echo "bookforge: npm not found; reading-system tests will be skipped"; exit 0; }
[ -x "$folder/node_modules/.bin/ace-cli" ] && [ -d "$folder/node_modules/epubjs" ] && exit 0
mkdir -p "$folder"
PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix "$folder" --ignore-scripts --no-audit --no-fund --silent \
  epubjs@0.3.93 jszip@3.10.1 puppeteer-core@24 @daisy/ace-cli@1.4.6 @daisy/ace-axe-runner-puppeteer@1.4.6 \
  || echo "bookforge: npm install failed; reading-system and accessibility tests will be skipped"
