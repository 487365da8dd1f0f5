#!/usr/bin/env bash
# Rebuild the brand-neutral GOV.UK Frontend files in the parent folder.
#
#   cd static/vendor/govuk-frontend/build && ./build.sh
#
# Needs node + npm at build time only; the Django app serves the outputs
# as plain static files. node_modules/ is removed when the build ends (it
# lives under static/, so collectstatic would otherwise pick it up); set
# KEEP_NODE_MODULES=1 to keep it. It is git-ignored either way.
set -euo pipefail

BUILD_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT_DIR="$(dirname "$BUILD_DIR")"
cd "$BUILD_DIR"

# Same URL prefix as $assets-path in _url-handlers.scss.
ASSETS_URL="/static/vendor/govuk-frontend/assets/"
# Files under assets/ that carry Crown / GOV.UK branding: never shipped.
BRANDED_RE='(^|/)(fonts/|favicon|govuk-icon|govuk-opengraph-image|govuk-crest|govuk-logo|manifest\.json)'

# 1. Exact, locked dependencies. --ignore-scripts: sass needs no install
#    scripts (the only one is sass's optional file-watcher, unused here).
npm ci --ignore-scripts --no-audit --no-fund

PKG="$BUILD_DIR/node_modules/govuk-frontend"
DIST="$PKG/dist/govuk"
VERSION="$(node -p "require('$PKG/package.json').version")"

# 2. Compile the Sass entry (pkg: URLs resolved by the Node package importer).
TMP_CSS="$(mktemp)"
cleanup() {
  rm -f "$TMP_CSS"
  if [ "${KEEP_NODE_MODULES:-0}" != "1" ]; then rm -rf "$BUILD_DIR/node_modules"; fi
}
trap cleanup EXIT
npx --no-install sass --pkg-importer=node --style=compressed --no-source-map \
  brand-neutral.scss "$TMP_CSS"

# 3. Brand-neutral checks: fail the build rather than ship GOV.UK branding.
if grep -q 'GDS Transport\|/assets/fonts\|@font-face\|govuk-crest' "$TMP_CSS"; then
  echo "ERROR: compiled CSS still references GDS Transport / fonts / crest" >&2
  exit 1
fi

# 4. Ship only the assets the CSS references, and nothing branded.
rm -rf "$OUT_DIR/assets"
ASSET_FILES=()
while IFS= read -r url; do
  [ -z "$url" ] && continue
  case "$url" in
    "$ASSETS_URL"*) rel="${url#"$ASSETS_URL"}" ;;
    data:*) continue ;;
    *) echo "ERROR: url($url) is outside $ASSETS_URL" >&2; exit 1 ;;
  esac
  if [[ "$rel" =~ $BRANDED_RE ]]; then
    echo "ERROR: CSS references branded asset $rel" >&2; exit 1
  fi
  if [ ! -f "$DIST/assets/$rel" ]; then
    echo "ERROR: url($url) has no file in govuk-frontend's dist/govuk/assets" >&2; exit 1
  fi
  mkdir -p "$OUT_DIR/assets/$(dirname "$rel")"
  cp "$DIST/assets/$rel" "$OUT_DIR/assets/$rel"
  ASSET_FILES+=("assets/$rel")
done < <(grep -o 'url([^)]*)' "$TMP_CSS" | sed -e 's/^url(//' -e 's/)$//' -e "s/^[\"']//" -e "s/[\"']$//" | sort -u)

# 5. Copy outputs. The JS is the package's own ES module bundle, unchanged;
#    its source map is shipped too because the bundle ends with a
#    sourceMappingURL comment, which Django's ManifestStaticFilesStorage
#    follows during collectstatic (a missing map would fail it).
cp "$TMP_CSS" "$OUT_DIR/govuk-frontend.min.css"
chmod 644 "$OUT_DIR/govuk-frontend.min.css"
cp "$DIST/govuk-frontend.min.js" "$OUT_DIR/govuk-frontend.min.js"
cp "$DIST/govuk-frontend.min.js.map" "$OUT_DIR/govuk-frontend.min.js.map"
echo "$VERSION" > "$OUT_DIR/VERSION"

# 6. Report what was written.
echo "govuk-frontend $VERSION (brand-neutral) written to $OUT_DIR:"
for f in VERSION govuk-frontend.min.css govuk-frontend.min.js govuk-frontend.min.js.map "${ASSET_FILES[@]}"; do
  printf '  %-40s %8s bytes\n' "$f" "$(wc -c < "$OUT_DIR/$f")"
done
[ "${#ASSET_FILES[@]}" -eq 0 ] && echo "  (the CSS references no image or font files, so no assets/ folder)"
echo "GDS Transport / /assets/fonts mentions in CSS: $(grep -c 'GDS Transport\|/assets/fonts' "$OUT_DIR/govuk-frontend.min.css" || true)"
