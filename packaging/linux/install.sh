#!/bin/sh
# Installe ce dossier (la version autonome de l'Assistant d'audition) sur un
# poste Linux, avec son entrée de menu et son icône. À lancer en root depuis
# le dossier construit :  sudo ./install.sh
#
# Emplacements (variables facultatives) :
#   PREFIX   dossier du programme          (défaut : /opt/audition-assistant)
#   BINDIR   lien vers la commande         (défaut : /usr/local/bin)
#   SHARE    menus et icônes               (défaut : /usr/local/share)
#   DESTDIR  racine de l'installation      (défaut : vide, pour une image ou un test)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-/opt/audition-assistant}
bindir=${BINDIR:-/usr/local/bin}
share=${SHARE:-/usr/local/share}
root=${DESTDIR:-}
name=audition-assistant
icons="$here/_internal/audition_assistant/resources/icons"

if [ ! -x "$here/$name" ] || [ ! -d "$icons" ]; then
    echo "install.sh : lancez ce script depuis le dossier construit ($name/), pas depuis les sources." >&2
    exit 1
fi

if [ "$here" != "$root$prefix" ]; then
    rm -rf "$root$prefix"
    mkdir -p "$root$prefix"
    cp -a "$here/." "$root$prefix/"
fi
mkdir -p "$root$bindir" "$root$share/applications"
ln -sf "$prefix/$name" "$root$bindir/$name"
install -D -m 644 "$icons/$name.png" "$root$share/icons/hicolor/256x256/apps/$name.png"
install -D -m 644 "$icons/$name.svg" "$root$share/icons/hicolor/scalable/apps/$name.svg"
sed "s|^Exec=.*|Exec=$prefix/$name gui|" "$here/$name.desktop" > "$root$share/applications/$name.desktop"
chmod 644 "$root$share/applications/$name.desktop"

if [ -z "$root" ]; then
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$share/applications" || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$share/icons/hicolor" || true
fi

echo "Assistant d'audition installé dans $root$prefix (commande : $bindir/$name, entrée de menu « Assistant d'audition »)."
echo "Pour le désinstaller : rm -rf $prefix $bindir/$name $share/applications/$name.desktop $share/icons/hicolor/*/apps/$name.*"
