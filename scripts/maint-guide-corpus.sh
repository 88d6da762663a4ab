#!/usr/bin/env bash
# Regenerate tests/corpora/maint-guide/: Debian's New Maintainers' Guide (packages maint-guide
# and maint-guide-zh-cn, GPL-2+), converted from its HTML by pandoc as a user would convert
# a manual: GitHub-flavoured Markdown without raw HTML, one file per chapter, the links
# between chapter files renamed to the Markdown files. Needs pandoc and both packages.
set -euo pipefail
out=$(cd "$(dirname "$0")/.." && pwd)/tests/corpora/maint-guide
chapters=(index start first modify dreq dother build checkit upload update advanced)
declare -A folders=([en]=/usr/share/doc/maint-guide/html [zh-Hans]=/usr/share/doc/maint-guide-zh-cn/html)
declare -A suffixes=([en]=en [zh-Hans]=zh-cn)
rename=()
for i in "${!chapters[@]}"; do
  rename+=(-e "s/\\b${chapters[$i]}\\.\\(en\\|zh-cn\\)\\.html/$(printf %02d "$i")-${chapters[$i]}.md/g")
done
for lang in en zh-Hans; do
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
