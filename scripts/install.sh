#!/usr/bin/env bash
# Lays out an installed soundtrack under DESTDIR/PREFIX: the binary, the systemd units (their
# paths rewritten for PREFIX), the man pages, shell completions, the docs and an example
# watch.conf. `make install` and scripts/make-deb.sh call it.
#
#   scripts/install.sh BIN PREFIX [DESTDIR]
#
# Environment: SYSCONFDIR (/etc), UNITDIR (PREFIX/lib/systemd/system), GENERATE_MANUAL (the
# argument-parser tool that writes soundtrack(1) from the binary's own help; found next to BIN
# when unset), CONFIG (keep: install SYSCONFDIR/soundtrack/watch.conf only if absent; always: the
# Debian package's conffile; none).
set -euo pipefail

bin=${1:?usage: scripts/install.sh BIN PREFIX [DESTDIR]}
prefix=${2:?usage: scripts/install.sh BIN PREFIX [DESTDIR]}
destdir=${3:-}
sysconfdir=${SYSCONFDIR:-/etc}
unitdir=${UNITDIR:-$prefix/lib/systemd/system}
config=${CONFIG:-keep}
generate_manual=${GENERATE_MANUAL:-$(dirname "$bin")/generate-manual}
root=$(cd "$(dirname "$0")/.." && pwd)

fail() { echo "install: $*" >&2; exit 1; }
[ -x "$bin" ] || fail "no binary at $bin (run 'make release' first)"
[ -x "$generate_manual" ] || fail "no generate-manual at $generate_manual (run 'make release' first)"
case $prefix in /*) ;; *) fail "PREFIX must be an absolute path, not '$prefix'" ;; esac

# zsh looks in vendor-completions for the system's own packages, site-functions for local ones.
if [ "$prefix" = /usr ]; then zsh_dir=share/zsh/vendor-completions; else zsh_dir=share/zsh/site-functions; fi

target=$destdir$prefix
docdir=$prefix/share/doc/soundtrack
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

install -d "$target/bin" "$destdir$unitdir" "$target/share/man/man1" "$target/share/man/man5" \
    "$target/share/bash-completion/completions" "$target/$zsh_dir" \
    "$target/share/fish/vendor_completions.d" "$destdir$docdir/examples"

install -m 755 "$bin" "$target/bin/soundtrack"

# The units in systemd/ name /usr/local/bin and /etc; the installed copies name where things are,
# and their Documentation= what is installed beside them.
for unit in "$root"/systemd/*.service; do
    sed -e "s|/usr/local/bin/soundtrack|$prefix/bin/soundtrack|g" \
        -e "s|/etc/soundtrack/|$sysconfdir/soundtrack/|g" \
        -e "s|^Documentation=.*|Documentation=man:soundtrack(1) man:watch.conf(5) file://$docdir/daemon.md|" \
        "$unit" >"$scratch/$(basename "$unit")"
    install -m 644 "$scratch/$(basename "$unit")" "$destdir$unitdir/"
done

# soundtrack(1) comes from the same definitions as --help: argument-parser's generate-manual runs
# the binary with --experimental-dump-help. SOURCE_DATE_EPOCH keeps the page's date reproducible.
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)}
"$generate_manual" "$bin" --section 1 --date "$(date -u -d "@$epoch" +%Y-%m-%d)" \
    --output-directory "$scratch" >/dev/null
[ -s "$scratch/soundtrack.1" ] || fail "generate-manual wrote no soundtrack.1"
# A blank line in a help text (before its examples) is a paragraph break in mdoc, not an empty line.
sed -i 's/^$/.Pp/' "$scratch/soundtrack.1"
gzip -9 -n -c "$scratch/soundtrack.1" >"$target/share/man/man1/soundtrack.1.gz"
gzip -9 -n -c "$root/packaging/man/watch.conf.5" >"$target/share/man/man5/watch.conf.5.gz"
chmod 644 "$target/share/man/man1/soundtrack.1.gz" "$target/share/man/man5/watch.conf.5.gz"

# bash-completion sources its files: they need no #! line.
"$bin" --generate-completion-script bash | sed '1{/^#!/d}' >"$scratch/bash"
"$bin" --generate-completion-script zsh >"$scratch/zsh"
"$bin" --generate-completion-script fish >"$scratch/fish"
install -m 644 "$scratch/bash" "$target/share/bash-completion/completions/soundtrack"
install -m 644 "$scratch/zsh" "$target/$zsh_dir/_soundtrack"
install -m 644 "$scratch/fish" "$target/share/fish/vendor_completions.d/soundtrack.fish"

install -m 644 "$root/README.md" "$root"/docs/*.md "$destdir$docdir/"
install -m 644 "$root/watch.conf.example" "$destdir$docdir/examples/watch.conf"
install -m 644 "$root/systemd/status-page.conf" "$destdir$docdir/examples/status-page.conf"

case $config in
    keep)
        if [ ! -e "$destdir$sysconfdir/soundtrack/watch.conf" ]; then
            install -d "$destdir$sysconfdir/soundtrack"
            install -m 644 "$root/watch.conf.example" "$destdir$sysconfdir/soundtrack/watch.conf"
        fi
        ;;
    always)
        install -d "$destdir$sysconfdir/soundtrack"
        install -m 644 "$root/watch.conf.example" "$destdir$sysconfdir/soundtrack/watch.conf"
        ;;
    none) ;;
    *) fail "CONFIG must be keep, always or none, not '$config'" ;;
esac

echo "installed soundtrack in $destdir$prefix"
