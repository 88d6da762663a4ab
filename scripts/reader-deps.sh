#!/usr/bin/env bash
# The JavaScript a test needs to open EPUBs the way web and app readers do: epub.js and JSZip
# from the npm registry, and puppeteer-core to drive Debian's chromium (no browser is
# downloaded), into .venv/reader/node_modules, without running install scripts.
# Skipped (the reading-system tests then skip too) where npm is not installed.
set -euo pipefail
folder=${1:-.venv/reader}
command -v npm >/dev/null 2>&1 || { echo "bookforge: npm not found; reading-system tests will be skipped"; exit 0; }
[ -d "$folder/node_modules/puppeteer-core" ] && [ -d "$folder/node_modules/epubjs" ] && exit 0
mkdir -p "$folder"
PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix "$folder" --ignore-scripts --no-audit --no-fund --silent epubjs@0.3.93 jszip@3.10.1 puppeteer-core@24
