#!/usr/bin/env bash
# Regenerate Cyd's vendored front-end assets from the npm packages pinned in
# package.json / package-lock.json.
#
#   bash scripts/vendor_assets.sh
#
# Produces (and only touches):
#   static/vendor/govuk-frontend/   GOV.UK Frontend CSS (built from scripts/assets/govuk.scss), JS, LICENSE
#   static/vendor/axe-core/         axe-core (browser tests only), LICENSE
#   static/vendor/README.md         what is vendored, versions, licences
#   coop/core/fonts/                Noto Sans .woff files for WeasyPrint PDFs, fonts.css, OFL.txt
#
# Needs node/npm, and Python with fontTools (the project's .venv has it; or set PYTHON).
#
# Idempotent: running it twice gives byte-identical output.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# --ignore-scripts: nothing we use needs an install script (sass's optional
# @parcel/watcher is only used by `sass --watch`).
npm ci --ignore-scripts --no-audit --no-fund

NM="$ROOT/node_modules"
GOVUK_DIST="$NM/govuk-frontend/dist/govuk"

pkg_field() { # pkg_field <package> <field>
  node -e 'const p=require(process.argv[1]+"/package.json"); process.stdout.write(String(p[process.argv[2]]))' "$NM/$1" "$2"
}

GOVUK_VERSION="$(pkg_field govuk-frontend version)"
AXE_VERSION="$(pkg_field axe-core version)"
SASS_VERSION="$(pkg_field sass version)"
NOTO_VERSION="$(pkg_field @fontsource/noto-sans version)"

# Fail loudly if an upgrade changes a licence we document below.
[[ "$(pkg_field govuk-frontend license)" == "MIT" ]] || { echo "govuk-frontend licence changed" >&2; exit 1; }
[[ "$(pkg_field axe-core license)" == "MPL-2.0" ]] || { echo "axe-core licence changed" >&2; exit 1; }
[[ "$(pkg_field @fontsource/noto-sans license)" == "OFL-1.1" ]] || { echo "@fontsource/noto-sans licence changed" >&2; exit 1; }

# ---------------------------------------------------------------------------
# GOV.UK Frontend
# ---------------------------------------------------------------------------
OUT_GOVUK="$ROOT/static/vendor/govuk-frontend"
rm -rf "$OUT_GOVUK"
mkdir -p "$OUT_GOVUK"

# GOV.UK Frontend 5.x still uses @import and old Sass syntax: silence the
# deprecation noise coming from it (--quiet-deps covers files found through
# --load-path; the @import in our own entry file needs --silence-deprecation).
"$NM/.bin/sass" \
  --no-source-map \
  --style=compressed \
  --load-path="$NM" \
  --quiet-deps \
  --silence-deprecation=import \
  "$ROOT/scripts/assets/govuk.scss" "$OUT_GOVUK/govuk-frontend.min.css"

# ES module bundle. Drop the sourceMappingURL comment: we don't ship the map, and
# Django's ManifestStaticFilesStorage fails collectstatic on a missing map file.
sed -e 's|//# sourceMappingURL=[^[:space:]]*||' \
  "$GOVUK_DIST/govuk-frontend.min.js" > "$OUT_GOVUK/govuk-frontend.min.js"

# Images, minus anything GOV.UK / crown branded (we are not a government
# service). In 5.x every image is such (crest, favicons, app icons, OpenGraph
# image), so normally nothing is copied and no images folder is created.
# The GDS Transport fonts (assets/fonts) are deliberately never copied.
IMG_TMP="$(mktemp -d)"
trap 'rm -rf "$IMG_TMP"' EXIT
if [[ -d "$GOVUK_DIST/assets/images" ]]; then
  find "$GOVUK_DIST/assets/images" -maxdepth 1 -type f \
    ! -iname '*crown*' ! -iname '*royal*' ! -iname '*crest*' ! -iname '*arms*' \
    ! -iname '*favicon*' ! -iname 'govuk-*' ! -iname '*opengraph*' \
    -exec cp {} "$IMG_TMP/" \;
fi
if [[ -n "$(ls -A "$IMG_TMP")" ]]; then
  mkdir -p "$OUT_GOVUK/assets/images"
  cp "$IMG_TMP"/* "$OUT_GOVUK/assets/images/"
fi

# The npm package ships no licence file; this is the repository's LICENSE.txt.
cat > "$OUT_GOVUK/LICENSE.txt" <<'EOF'
The MIT License (MIT)

Copyright (C) 2017 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do
so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
EOF

# ---------------------------------------------------------------------------
# axe-core (injected by Playwright in browser tests only)
# ---------------------------------------------------------------------------
OUT_AXE="$ROOT/static/vendor/axe-core"
rm -rf "$OUT_AXE"
mkdir -p "$OUT_AXE"
cp "$NM/axe-core/axe.min.js" "$OUT_AXE/axe.min.js"
cp "$NM/axe-core/LICENSE" "$OUT_AXE/LICENSE.txt"

# ---------------------------------------------------------------------------
# Noto Sans for WeasyPrint PDFs (latin + latin-ext cover Welsh: ŵ ŷ ẁ ẃ ẅ ỳ ...)
# ---------------------------------------------------------------------------
# @fontsource ships each subset as a separate file. Declaring those as separate
# @font-face rules (the browser way) does NOT work in WeasyPrint 70: it keys PDF
# fonts by family/weight/style only, so the latin and latin-ext files of one
# style collapse into one PDF font that embeds only one of the files, and e.g.
# "ŵ" is drawn with the wrong glyph ("ó"). So we merge the two subset files of
# each style into one .woff with fontTools (a WeasyPrint dependency, so it is
# in the project venv) and declare it with the union of both unicode-ranges.
OUT_FONTS="$ROOT/coop/core/fonts"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
[[ -x "$PYTHON" ]] || PYTHON=python3
"$PYTHON" -c "import fontTools" 2>/dev/null || {
  echo "fontTools is needed to build the PDF fonts: create the project venv (.venv) first, or set PYTHON" >&2
  exit 1
}
mkdir -p "$OUT_FONTS"
# Only remove what this script creates; leave anything else in the folder alone.
rm -f "$OUT_FONTS"/noto-sans-*.woff "$OUT_FONTS/fonts.css" "$OUT_FONTS/OFL.txt"
cp "$NM/@fontsource/noto-sans/LICENSE" "$OUT_FONTS/OFL.txt"
"$PYTHON" - "$NM/@fontsource/noto-sans" "$OUT_FONTS" <<'EOF'
import json
import logging
import sys
from pathlib import Path

from fontTools.merge import Merger
from fontTools.ttLib import TTFont

logging.getLogger("fontTools").setLevel(logging.ERROR)

src, out = Path(sys.argv[1]), Path(sys.argv[2])
ranges = json.loads((src / "unicode.json").read_text())
version = json.loads((src / "package.json").read_text())["version"]
subsets = ["latin", "latin-ext"]
unicode_range = ",".join(ranges[subset] for subset in subsets)
welsh = "ŵŷŴŶâêîôûŵẁẃẅỳÂÊÎÔÛẀẂẄỲ"

css = (
    f"/* Noto Sans {version} (@fontsource/noto-sans, latin + latin-ext subsets merged),\n"
    " * SIL Open Font License 1.1: see OFL.txt.\n"
    " * Generated by scripts/vendor_assets.sh - do not edit.\n"
    " * URLs are relative to this file: load it with\n"
    " *   CSS(filename=.../fonts.css, font_config=font_config)\n"
    " * and pass the same FontConfiguration to write_pdf(font_config=...),\n"
    " * otherwise WeasyPrint ignores @font-face rules. */\n"
)
for weight, style in [(400, "normal"), (700, "normal"), (400, "italic"), (700, "italic")]:
    files = [str(src / "files" / f"noto-sans-{subset}-{weight}-{style}.woff") for subset in subsets]
    font = Merger().merge(files)
    font.flavor = "woff"
    # Keep the output byte-identical between runs: take the timestamps from the
    # source files instead of "now".
    sources = [TTFont(f) for f in files]
    font["head"].created = min(f["head"].created for f in sources)
    font["head"].modified = max(f["head"].modified for f in sources)
    font.recalcTimestamp = False
    name = f"noto-sans-{weight}-{style}.woff"
    font.save(str(out / name))
    cmap = TTFont(str(out / name)).getBestCmap()
    missing = [c for c in welsh if ord(c) not in cmap]
    if missing:
        sys.exit(f"{name} lacks {missing}")
    css += (
        "\n@font-face {\n"
        '  font-family: "Noto Sans";\n'
        f"  font-style: {style};\n"
        f"  font-weight: {weight};\n"
        f'  src: url("{name}") format("woff");\n'
        f"  unicode-range: {unicode_range};\n"
        "}\n"
    )
(out / "fonts.css").write_text(css)
EOF

# ---------------------------------------------------------------------------
# README
# ---------------------------------------------------------------------------
cat > "$ROOT/static/vendor/README.md" <<EOF
# Vendored front-end assets

Generated by \`scripts/vendor_assets.sh\` from the npm packages pinned in
\`package.json\` / \`package-lock.json\` - do not edit by hand. To upgrade, change
the pinned version, run \`npm install\`, then \`bash scripts/vendor_assets.sh\`
and commit the results.

| What | Version | Licence | Files |
| --- | --- | --- | --- |
| [GOV.UK Frontend](https://github.com/alphagov/govuk-frontend) | ${GOVUK_VERSION} | MIT (\`govuk-frontend/LICENSE.txt\`) | \`govuk-frontend/govuk-frontend.min.css\`, \`govuk-frontend/govuk-frontend.min.js\` |
| [axe-core](https://github.com/dequelabs/axe-core) | ${AXE_VERSION} | MPL-2.0 (\`axe-core/LICENSE.txt\`) | \`axe-core/axe.min.js\` |
| [Noto Sans](https://fontsource.org/fonts/noto-sans) via @fontsource/noto-sans | ${NOTO_VERSION} | SIL OFL 1.1 (\`coop/core/fonts/OFL.txt\`) | \`coop/core/fonts/\` (not under static/) |

- **GOV.UK Frontend**: \`govuk-frontend.min.css\` is compiled with Dart Sass
  ${SASS_VERSION} from \`scripts/assets/govuk.scss\`. Cyd is not a GOV.UK service,
  so the GDS Transport typeface is not used (a system font stack instead) and no
  crown / crest / royal arms images or GOV.UK favicons are vendored (the CSS's
  one image URL, the footer crest, is replaced by an empty inline SVG). The
  v5 brand refresh is switched on by the \`govuk-template--rebranded\` class on
  \`<html>\`. \`govuk-frontend.min.js\` is the ES module bundle (source-map
  comment removed); \`static/js/cyd.js\` imports it and calls \`initAll()\`.
- **axe-core**: accessibility checker, used only by browser tests (injected by
  Playwright); no page references it.
- **Noto Sans**: regular, bold, italic and bold italic for WeasyPrint PDFs.
  The \`latin\` and \`latin-ext\` subset files (latin-ext carries Welsh ŵ ŷ ẁ
  ẃ ẅ ỳ) of each style are merged into one \`.woff\` with fontTools, because
  WeasyPrint 70 mis-renders a family split over several files by
  unicode-range. \`coop/core/fonts/fonts.css\` declares them (relative URLs,
  unicode-range); WeasyPrint only honours it when the same
  \`FontConfiguration\` is given to \`CSS(...)\` and \`write_pdf(...)\`.
EOF

echo "Vendored: govuk-frontend ${GOVUK_VERSION} (sass ${SASS_VERSION}), axe-core ${AXE_VERSION}, @fontsource/noto-sans ${NOTO_VERSION}"
