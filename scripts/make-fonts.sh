#!/usr/bin/env bash
# Regenerates assets/fonts/ from Debian's Noto fonts (OFL-1.1). Needs: fonts-noto-core fonts-noto-cjk, pip fonttools.
# The Latin family is cut down to the scripts a brief uses (Latin, Greek, Cyrillic, punctuation, symbols);
# the CJK face is cut down to the CJK characters of the bundled dataset plus CJK punctuation. At run time the
# renderer prefers a system CJK font (any character), and falls back to this subset.
set -euo pipefail
cd "$(dirname "$0")/.."
latin="U+0020-007E,U+00A0-024F,U+0370-03FF,U+0400-04FF,U+1E00-1EFF,U+2000-206F,U+20A0-20CF,U+2100-214F,U+2190-21FF,U+2200-22FF,U+2500-25FF,U+2713-2717"
for style in Regular Bold Italic; do
  pyftsubset "/usr/share/fonts/truetype/noto/NotoSans-$style.ttf" --unicodes="$latin" \
    --layout-features='' --no-hinting --desubroutinize --output-file="assets/fonts/NotoSans-$style.ttf"
done
cjk=$(cat data/*.json data/companies/*.json | python3 -c 'import sys; print("".join(sorted({c for c in sys.stdin.read() if ord(c) >= 0x2E80})))')
pyftsubset /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc --font-number=2 --text="$cjk" \
  --unicodes="U+3000-303F,U+FF01-FF5E" --layout-features='' --no-hinting --desubroutinize \
  --output-file=assets/fonts/NotoSansSC-Subset.otf
