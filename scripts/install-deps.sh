#!/usr/bin/env bash
# Installs the Debian packages soundtrack needs to build, run and test, if any are missing.
set -euo pipefail

packages=(
    pkg-config
    libavformat-dev libavcodec-dev libavutil-dev libswresample-dev libswscale-dev
    libinotifytools0-dev libfluidsynth-dev libsqlite3-dev libpq-dev
    fluid-soundfont-gm timgm6mb-soundfont fluidr3mono-gm-soundfont
    ffmpeg fluidsynth espeak-ng strace bc time
    rsync systemd util-linux
    musescore3
    dpkg-dev man-db
    chromium prometheus python3
    postgresql
)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "Installing: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "Run as root or install sudo to add: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
fi
$sudo apt-get update -qq
# postgresql is here for the shared journal's tests (scripts/with-postgresql.sh runs a throwaway
# cluster); its package would start the system cluster, which the policy below also prevents.
# prometheus is here for promtool (the status page's /metrics is checked with it); its package
# would also start a Prometheus server on port 9090. A policy-rc.d that forbids service starts
# keeps it from starting during the install (unless the machine already has one), and the
# service is disabled after it.
policy=/usr/sbin/policy-rc.d
added_policy=""
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod 755 "$policy"
    added_policy=yes
fi
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
if [ -n "$added_policy" ]; then $sudo rm -f "$policy"; fi
if [ -d /run/systemd/system ] && systemctl list-unit-files prometheus.service >/dev/null 2>&1; then
    $sudo systemctl disable --now prometheus.service >/dev/null 2>&1 || true
fi
if [ -d /run/systemd/system ] && systemctl list-unit-files postgresql.service >/dev/null 2>&1; then
    $sudo systemctl disable --now postgresql.service >/dev/null 2>&1 || true
fi
