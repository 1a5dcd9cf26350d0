#!/bin/sh
# Install Charter Builder for this user only (no administrator rights needed):
# the program under ~/.local/lib/charter-builder, a menu entry, an icon, and the
# .charter file type, so double-clicking a draft opens it in Charter Builder.
# Run it from the unpacked folder: ./install.sh   (./install.sh --uninstall removes it)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
target=${CHARTER_BUILDER_HOME:-$HOME/.local/lib/charter-builder}
bin=$HOME/.local/bin
type=application/vnd.charter-builder.draft+zip

refresh() {
    command -v update-mime-database >/dev/null && update-mime-database "$data/mime" || true
    command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" || true
    command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$target"
    rm -f "$bin/charter-builder" "$data/applications/charter-builder.desktop" \
          "$data/mime/packages/charter-builder.xml"
    find "$data/icons/hicolor" -name 'charter-builder.png' -delete 2>/dev/null || true
    find "$data/icons/hicolor" -name 'application-vnd.charter-builder.draft+zip.png' -delete 2>/dev/null || true
    refresh
    echo "Charter Builder has been removed. Your drafts have not been touched."
    exit 0
fi

if [ "$here" != "$target" ]; then
    rm -rf "$target.new"
    mkdir -p "$(dirname "$target")"
    cp -R "$here/charter-builder" "$target.new"
    rm -rf "$target"
    mv "$target.new" "$target"
fi

mkdir -p "$bin" "$data/applications" "$data/mime/packages"
ln -sf "$target/charter-builder" "$bin/charter-builder"
sed "s|@EXEC@|\"$target/Charter Builder\"|" "$here/share/charter-builder.desktop" \
    > "$data/applications/charter-builder.desktop"
cp "$here/share/charter-builder-mime.xml" "$data/mime/packages/charter-builder.xml"
for icon in "$here"/share/icons/charter-builder-*.png; do
    size=$(basename "$icon" .png | sed 's/charter-builder-//')
    mkdir -p "$data/icons/hicolor/${size}x${size}/apps" "$data/icons/hicolor/${size}x${size}/mimetypes"
    cp "$icon" "$data/icons/hicolor/${size}x${size}/apps/charter-builder.png"
    cp "$icon" "$data/icons/hicolor/${size}x${size}/mimetypes/application-vnd.charter-builder.draft+zip.png"
done
refresh
if command -v xdg-mime >/dev/null; then
    xdg-mime default charter-builder.desktop "$type"
fi
echo "Charter Builder is installed. Open it from your applications menu, or double-click a .charter draft."
