# soundtrack: the two commands of the README, and a few more for engineers.
SHELL := /bin/bash
SAMPLE := samples/sample.mp4
RELEASE_BIN := .build/release/soundtrack

.PHONY: deps build release demo test bench format clean install deb man completions daemon

deps:
	@bash scripts/install-deps.sh

build: deps
	swift build

## The release binary carries the Swift runtime (--static-swift-stdlib), so it runs where Swift is
## not installed; generate-manual (from swift-argument-parser) writes its man page.
release: deps
	swift build -c release --product soundtrack --static-swift-stdlib
	swift build -c release --product generate-manual --static-swift-stdlib

$(SAMPLE):
	@bash scripts/make-sample.sh $(SAMPLE) >/dev/null

## Gives the bundled sample a soundtrack and says where it is.
demo: release $(SAMPLE)
	@rm -f samples/sample.soundtrack.mp4 samples/sample.soundtrack.mid samples/sample.report.json
	$(RELEASE_BIN) $(SAMPLE) --midi samples/sample.soundtrack.mid --report samples/sample.report.json
	@echo
	@echo "Done: samples/sample.soundtrack.mp4 (the score: samples/sample.soundtrack.mid, the report: samples/sample.report.json)"

## Runs every test; the end-to-end tests use the release binary, the shared journal's tests a
## throwaway PostgreSQL server (scripts/with-postgresql.sh). The several-machines suite runs
## after the others, on its own under the same server: its daemons need the cores to themselves
## for their leases to mean what they say.
test: release
	SOUNDTRACK_BIN=$(CURDIR)/$(RELEASE_BIN) bash scripts/with-postgresql.sh \
		bash -c 'swift test --skip ScaleOutTests && swift test --filter ScaleOutTests'

## Speed and memory against ffmpeg's own CLI on a 10-minute 720p video (see scripts/bench.sh), and
## rendering speed against FluidSynth's own CLI on the same score (scripts/bench-render.sh).
bench: release
	bash scripts/bench.sh
	bash scripts/bench-analysis.sh
	bash scripts/bench-render.sh

format:
	swift format --in-place --recursive Sources Tests Package.swift

clean:
	rm -rf .build samples/*.soundtrack.* samples/*.report.json $(SAMPLE)

# Installation. `make install` builds first; `make install BIN=path` installs that binary as it is
# (generate-manual is taken from the same folder).
PREFIX ?= /usr/local
DESTDIR ?=
SYSCONFDIR ?= /etc
BIN ?= $(RELEASE_BIN)
BUILT_BIN := $(if $(filter command line,$(origin BIN)),,release)
# The SoundFonts the Debian package depends on, as alternatives; it recommends the first.
SOUNDFONT_DEPENDS ?= fluid-soundfont-gm | fluidr3mono-gm-soundfont | timgm6mb-soundfont
DEB_DIR ?= .
# xz makes the smallest package; gzip builds it many times faster.
DEB_COMPRESS ?= xz

## Installs the binary, the systemd units, man pages, completions, docs and /etc/soundtrack/watch.conf
## (kept if it exists) under DESTDIR/PREFIX.
install: $(BUILT_BIN)
	SYSCONFDIR="$(SYSCONFDIR)" bash scripts/install.sh "$(BIN)" "$(PREFIX)" "$(DESTDIR)"

## A Debian package, soundtrack_VERSION_ARCH.deb, in DEB_DIR.
deb: $(BUILT_BIN)
	SOUNDFONT_DEPENDS="$(SOUNDFONT_DEPENDS)" COMPRESS=$(DEB_COMPRESS) bash scripts/make-deb.sh "$(BIN)" "$(DEB_DIR)"

## Only the man pages and completions, under .build/share (to look at: man -l .build/share/man/man1/soundtrack.1.gz).
man completions: $(BUILT_BIN)
	rm -rf .build/stage
	CONFIG=none bash scripts/install.sh "$(BIN)" /usr .build/stage >/dev/null
	rm -rf .build/share && mv .build/stage/usr/share .build/share && rm -rf .build/stage
	@echo ".build/share/man, .build/share/bash-completion, .build/share/zsh, .build/share/fish"

## Runs the daemon in the foreground on ./watch.conf: drop videos into drop/in, find them in drop/out.
daemon: $(BUILT_BIN)
	mkdir -p drop/in drop/out drop/failed
	"$(BIN)" daemon --config watch.conf
