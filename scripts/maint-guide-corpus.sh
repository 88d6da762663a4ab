#!/usr/bin/env bash
# Regenerate tests/corpora/maint-guide/: Debian's New Maintainers' Guide (packages maint-guide,
# maint-guide-zh-cn, -zh-tw, -ja, -de and -fr, GPL-2+), converted from its HTML by pandoc as a
# user would convert a manual: GitHub-flavoured Markdown without raw HTML, one file per
# chapter, the links between chapter files renamed to the Markdown files. Needs pandoc and the
# packages. Arguments: the languages to regenerate (default: all).
set -euo pipefail
out=$(cd "$(dirname "$0")/.." && pwd)/tests/corpora/maint-guide
chapters=(index start first modify dreq dother build checkit update upload advanced)
declare -A suffixes=([en]=en [zh-Hans]=zh-cn [zh-Hant]=zh-tw [ja]=ja [de]=de [fr]=fr)
declare -A folders=([en]=/usr/share/doc/maint-guide/html)
for lang in zh-Hans zh-Hant ja de fr; do
  folders[$lang]=/usr/share/doc/maint-guide-${suffixes[$lang]}/html
done
if [ $# -gt 0 ]; then languages=("$@"); else languages=(en zh-Hans zh-Hant ja de fr); fi
rename=()
for i in "${!chapters[@]}"; do
  rename+=(-e "s/\\b${chapters[$i]}\\.\\(en\\|zh-cn\\|zh-tw\\|ja\\|de\\|fr\\)\\.html/$(printf %02d "$i")-${chapters[$i]}.md/g")
done
for lang in "${languages[@]}"; do
  mkdir -p "$out/$lang"
  rm -f "$out/$lang"/*.md
  for i in "${!chapters[@]}"; do
    name=${chapters[$i]}
    pandoc -f html-native_divs -t gfm-raw_html --wrap=preserve \
      "${folders[$lang]}/$name.${suffixes[$lang]}.html" \
      | sed "${rename[@]}" > "$out/$lang/$(printf %02d "$i")-$name.md"
  done
done
cp /usr/share/doc/maint-guide/copyright "$out/COPYRIGHT"
