#!/usr/bin/env bash
# Builds soundtrack_VERSION_ARCH.deb from a release binary, without debhelper: scripts/install.sh
# lays out a staged tree under /usr, packaging/deb/ gives the control file, the conffile and the
# maintainer scripts, and dpkg-deb --build packs it.
#
#   scripts/make-deb.sh BIN OUTDIR
#
# Environment: SOUNDFONT_DEPENDS (the SoundFont packages Depends names as alternatives; the first
# is also recommended), VERSION (otherwise read from `BIN --version`, or made from git),
# MAINTAINER, COMPRESS (xz, the smallest; gzip is many times faster to build).
set -euo pipefail

bin=${1:?usage: scripts/make-deb.sh BIN OUTDIR}
outdir=${2:?usage: scripts/make-deb.sh BIN OUTDIR}
soundfonts=${SOUNDFONT_DEPENDS:-fluid-soundfont-gm | fluidr3mono-gm-soundfont | timgm6mb-soundfont}
maintainer=${MAINTAINER:-soundtrack developers <soundtrack@example.org>}
compress=${COMPRESS:-xz}
root=$(cd "$(dirname "$0")/.." && pwd)

fail() { echo "make-deb: $*" >&2; exit 1; }
[ -x "$bin" ] || fail "no binary at $bin (run 'make release' first)"
for tool in dpkg-deb dpkg-shlibdeps ldd; do
    command -v $tool >/dev/null || fail "$tool is missing (apt-get install dpkg-dev)"
done

# A package must run without the toolchain: nothing may come from /opt/swift or any other Swift
# installation at run time.
if ldd "$bin" | grep -E 'swift|/opt/' >&2; then
    fail "$bin links the Swift runtime dynamically; build it with --static-swift-stdlib ('make release')"
fi

# The version the binary reports ("soundtrack 1.2.0 ..."), else 0.0~gitDATE.TIME.COMMIT: the
# commit's time first, so that later builds sort as newer and upgrade.
version=${VERSION:-$("$bin" --version 2>/dev/null | head -1 | grep -oE '[0-9]+\.[0-9]+(\.[0-9]+)?' | head -1 || true)}
if [ -z "$version" ]; then
    version="0.0~git$(TZ=UTC git -C "$root" log -1 --format=%cd --date=format-local:%Y%m%d.%H%M%S).$(git -C "$root" log -1 --format=%h)"
fi
arch=$(dpkg --print-architecture)

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
tree=$stage/soundtrack
SYSCONFDIR=/etc UNITDIR=/lib/systemd/system CONFIG=always \
    bash "$root/scripts/install.sh" "$bin" /usr "$tree" >/dev/null
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$tree/usr/bin/soundtrack"
# Debian wants a copyright file and, for a native package, a changelog.
docdir=$tree/usr/share/doc/soundtrack
install -m 644 "$root/packaging/deb/copyright" "$docdir/copyright"
{
    printf 'soundtrack (%s) unstable; urgency=medium\n\n' "$version"
    printf '  * Built from commit %s.\n\n' "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    printf ' -- %s  %s\n' "$maintainer" "$(date -R -u -d "@${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct)}")"
} | gzip -9 -n >"$docdir/changelog.gz"
chmod 644 "$docdir/changelog.gz"
install -d "$tree/DEBIAN"
install -m 644 "$root/packaging/deb/conffiles" "$tree/DEBIAN/"
install -m 755 "$root/packaging/deb/postinst" "$root/packaging/deb/prerm" "$root/packaging/deb/postrm" "$tree/DEBIAN/"

# Depends: the packages of the shared libraries the binary loads, with the versions their symbols
# need (dpkg-shlibdeps reads the shlibs/symbols files of the installed -dev libraries), and a
# General MIDI SoundFont.
mkdir -p "$stage/debian"
printf 'Source: soundtrack\n\nPackage: soundtrack\nArchitecture: any\n' >"$stage/debian/control"
shlibs=$(cd "$stage" && dpkg-shlibdeps -O "$tree/usr/bin/soundtrack" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$shlibs" ] || fail "dpkg-shlibdeps found no libraries for $bin"
# A unit that calls /bin/kill (ExecReload) needs procps, which minimal systems lack.
extra=adduser
if grep -q '/bin/kill' "$tree"/lib/systemd/system/*.service; then extra="$extra, procps"; fi
depends="$shlibs, $extra, $soundfonts"
# libfluidsynth3 already pulls in TimGM6mb, which satisfies any alternative list that names it;
# recommending the first SoundFont gets the preferred one installed unless recommends are off.
recommends=$(echo "${soundfonts%%|*}" | tr -d ' ')

size=$(du -k -s --exclude=DEBIAN "$tree" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@INSTALLED_SIZE@/$size/" \
    -e "s|@MAINTAINER@|$maintainer|" -e "s/@DEPENDS@/$depends/" -e "s/@RECOMMENDS@/$recommends/" \
    "$root/packaging/deb/control.in" >"$tree/DEBIAN/control"
(cd "$tree" && find . -path ./DEBIAN -prune -o -type f -print0 | sort -z | xargs -0 md5sum | sed 's|  \./|  |') \
    >"$tree/DEBIAN/md5sums"
chmod 644 "$tree/DEBIAN/md5sums" "$tree/DEBIAN/control"

mkdir -p "$outdir"
package="$outdir/soundtrack_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Z"$compress" --build "$tree" "$package" >/dev/null
echo "$package"
