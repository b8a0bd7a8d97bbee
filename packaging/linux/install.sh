#!/bin/sh
# Install the Hearth bundle for the current user (no root): run from the unpacked
# Hearth/ folder, or pass it. Uninstall: ./install.sh --uninstall
set -eu
HERE=$(cd "$(dirname "$0")/.." && pwd)
PREFIX=${PREFIX:-$HOME/.local}
APPDIR=$PREFIX/opt/hearth
if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$APPDIR" "$PREFIX/bin/hearth" "$PREFIX/share/applications/io.hearth.Hearth.desktop" \
         "$PREFIX/share/metainfo/io.hearth.Hearth.metainfo.xml"
  find "$PREFIX/share/icons/hicolor" -name 'io.hearth.Hearth.*' -delete 2>/dev/null || true
  echo "Hearth removed (your library data is kept; 'hearth delete-all-data' removes it)."
  exit 0
fi
mkdir -p "$APPDIR" "$PREFIX/bin" "$PREFIX/share/applications" "$PREFIX/share/metainfo"
cp -a "$HERE/." "$APPDIR/"
ln -sf "$APPDIR/hearth" "$PREFIX/bin/hearth"
for size in 16 24 32 48 64 128 256 512; do
  dir="$PREFIX/share/icons/hicolor/${size}x${size}/apps"
  mkdir -p "$dir"
  cp "$HERE/share/icons/hearth-$size.png" "$dir/io.hearth.Hearth.png"
done
mkdir -p "$PREFIX/share/icons/hicolor/scalable/apps"
cp "$HERE/share/icons/hearth.svg" "$PREFIX/share/icons/hicolor/scalable/apps/io.hearth.Hearth.svg"
sed "s|^Exec=hearth|Exec=$APPDIR/hearth|" "$HERE/share/hearth.desktop" \
  > "$PREFIX/share/applications/io.hearth.Hearth.desktop"
cp "$HERE/share/io.hearth.Hearth.metainfo.xml" "$PREFIX/share/metainfo/"
command -v update-desktop-database >/dev/null && \
  update-desktop-database "$PREFIX/share/applications" || true
echo "Hearth installed in $APPDIR; start it from the applications menu or with 'hearth'."
