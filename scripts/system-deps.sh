#!/usr/bin/env bash
# Install the Debian packages bookforge needs, if any is missing.
# As root: installs with apt-get. As a user with sudo: uses sudo.
# Otherwise: prints the exact command to run and fails.
set -euo pipefail

packages=(
  fonts-noto-cjk        # Noto Serif/Sans CJK: the Chinese faces
  fonts-noto-core       # Noto Serif/Sans: the Latin book faces
  libpango-1.0-0        # text layout for WeasyPrint
  libpangoft2-1.0-0
  libharfbuzz-subset0   # fast font subsetting when writing PDFs
  libgs-common          # a CMYK colour profile for PDF/X output intents
  poppler-utils         # pdftoppm/pdffonts, to look at and check PDFs
  dict-freedict-deu-eng # German, French and Japanese glosses in English, for the aligner
  dict-freedict-fra-eng
  dict-freedict-jpn-eng
)
command -v java >/dev/null 2>&1 || packages+=(default-jre-headless)   # EPUBCheck
packages+=("$@")   # extra packages a make target asks for (pandoc for the benchmark)
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || packages+=(python3-venv)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

command="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
echo "bookforge: installing system packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"
elif command -v sudo >/dev/null 2>&1 && { sudo -n true 2>/dev/null || [ -t 0 ]; }; then
  sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "bookforge: cannot install system packages without root. Run:" >&2
  echo "  sudo sh -c '$command'" >&2
  exit 1
fi
