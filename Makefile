# soundtrack: the two commands of the README, and a few more for engineers.
SHELL := /bin/bash
SAMPLE := samples/sample.mp4
RELEASE_BIN := .build/release/soundtrack

.PHONY: deps build release demo test bench format clean

deps:
	@bash scripts/install-deps.sh

build: deps
	swift build

release: deps
	swift build -c release --product soundtrack

$(SAMPLE):
	@bash scripts/make-sample.sh $(SAMPLE) >/dev/null

## Gives the bundled sample a soundtrack and says where it is.
demo: release $(SAMPLE)
	@rm -f samples/sample.soundtrack.mp4 samples/sample.soundtrack.mid samples/sample.report.json
	$(RELEASE_BIN) $(SAMPLE) --midi samples/sample.soundtrack.mid --report samples/sample.report.json
	@echo
	@echo "Done: samples/sample.soundtrack.mp4 (the score: samples/sample.soundtrack.mid, the report: samples/sample.report.json)"

## Runs every test; the end-to-end tests use the release binary.
test: release
	SOUNDTRACK_BIN=$(CURDIR)/$(RELEASE_BIN) swift test

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
