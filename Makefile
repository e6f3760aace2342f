# radiomics — build, test and demo. Every target works as the first command on a fresh
# Debian 12 machine with Swift 6.3: `make deps` installs the system libraries when missing.

PREFIX ?= /usr/local
SWIFT ?= swift
APT_PACKAGES = libgdcm-dev zlib1g-dev libdeflate-dev libinsighttoolkit5-dev
BIN = .build/release/radiomics
CT = Fixtures/ibsi/ibsi1/ct_phantom

.PHONY: all deps build test pyradiomics-corpus test-browser test-slurm demo install bench bench-deps clean fuzz fuzz-build fuzz-smoke fuzz-campaign test-asan asan-leaks test-tsan mutation

all: build

# Installs the apt packages only when one is missing (apt-get update once, first).
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

BUILDINFO = Sources/Radiomics/Pipeline/ProvenanceBuildInfo.swift

# The release binary records `git describe` as its commit (radiomics --version, provenance):
# the build-info file is rewritten for the build and restored afterwards; without git the
# commit stays "unknown".
build: deps
	@commit=$$(git describe --always --dirty 2>/dev/null || echo unknown); \
	  cp $(BUILDINFO) .buildinfo.swift.orig; \
	  sed -i "s/commit = \"[^\"]*\"/commit = \"$$commit\"/" $(BUILDINFO); \
	  $(SWIFT) build -c release --product radiomics && $(SWIFT) build -c release --product CITK; status=$$?; \
	  mv .buildinfo.swift.orig $(BUILDINFO); exit $$status

test: deps
	@# No test may skip: a parallel run's xUnit report cannot tell a skipped test from a passed
	@# one, and a test whose precondition fails must fail.
	@if grep -rn 'XCTSkip' Tests; then echo "make test: the tests above skip; make them fail instead" >&2; exit 1; fi
	$(SWIFT) build --build-tests
	@# Parallel XCTest; the xUnit report gives the closing "N passed, N failed" line.
	@rm -f .build/xunit.xml
	@$(SWIFT) test --skip-build --parallel --disable-swift-testing --xunit-output .build/xunit.xml; status=$$?; \
	  if [ -f .build/xunit.xml ]; then \
	    total=$$(grep -o '<testsuite [^>]*>' .build/xunit.xml | sed -n 's/.* tests="\([0-9]*\)".*/\1/p' | awk '{s+=$$1} END {print s+0}'); \
	    failed=$$(grep -o '<testsuite [^>]*>' .build/xunit.xml | sed -n 's/.* failures="\([0-9]*\)".*/\1/p' | awk '{s+=$$1} END {print s+0}'); \
	    echo "$$((total - failed)) passed, $$failed failed"; \
	  fi; exit $$status

# The pyradiomics differential corpus (Fixtures/pyradiomics-corpus, issue 14): values matching
# pyradiomics per case and per family, allowed differences, and any unexplained mismatch.
pyradiomics-corpus: deps
	$(SWIFT) build --build-tests
	@$(SWIFT) test --skip-build --filter PyRadiomicsCorpusTests 2>&1 | grep -E '^corpus|failed - ' ; true

# `radiomics report` in headless Chromium (installed when missing): the page loads, no console
# error, a screenshot that is not blank. Uses the debug build; prints its timings.
test-browser: deps
	$(SWIFT) build --product radiomics
	Scripts/test_browser.sh

# A real one-node Slurm (slurm-wlm + munge from apt when missing) runs a sharded batch with a
# requeued task; the merge must equal a single-machine batch byte for byte (Scripts/test_slurm.sh).
test-slurm: deps
	$(SWIFT) build --product radiomics
	BIN=.build/debug/radiomics timeout -k 10 600 Scripts/test_slurm.sh

demo: build
	@echo "== radiomics extract on the IBSI CT phantom (NIfTI), IBSI configuration C =="
	$(BIN) extract $(CT)/nifti/image/phantom.nii.gz $(CT)/nifti/mask/mask.nii.gz --preset ibsi1-config-c --format long \
	  | awk -F, 'NR > 1 {printf "%-34s %s\n", $$(NF-1), $$NF}'

# IBSI data used by `radiomics ibsi-check` (found in $(PREFIX)/share/radiomics beside the binary).
# The CT phantom is CC BY-NC 3.0 (non-commercial): its LICENSE.md is installed with it.
SHARE = $(DESTDIR)$(PREFIX)/share/radiomics
IBSI_DATA = ibsi/ibsi1/digital_phantom/nifti ibsi/ibsi1/digital_phantom/LICENSE.md \
	ibsi/ibsi1/ct_phantom/nifti ibsi/ibsi1/ct_phantom/LICENSE.md \
	ibsi/reference_values/ibsi1 ibsi/reference_values/README.md \
	ibsi/ibsi2/digital_phantoms/nifti ibsi/ibsi2/digital_phantoms/LICENSE.md \
	ibsi/reference_values/ibsi2/phase1_response_maps ibsi/reference_values/ibsi2/LICENSE

install: build
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/radiomics
	@# The ITK shim, loaded with dlopen only for ITK-backed steps (found at ../lib/radiomics/).
	install -D -m 755 .build/release/libCITK.so $(DESTDIR)$(PREFIX)/lib/radiomics/libCITK.so
	install -d $(SHARE)
	cd Fixtures && for f in $(IBSI_DATA); do \
	  if [ -d "$$f" ]; then find "$$f" -type f | while read -r g; do install -D -m 644 "$$g" "$(SHARE)/$$g"; done; \
	  else install -D -m 644 "$$f" "$(SHARE)/$$f"; fi; done
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d $(DESTDIR)$(PREFIX)/share/man/man1
	$(BIN) --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/radiomics
	$(BIN) --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_radiomics
	$(BIN) --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/radiomics.fish
	Scripts/manpage.sh $(BIN) > $(DESTDIR)$(PREFIX)/share/man/man1/radiomics.1

# `make bench`: synthetic CT volumes, radiomics vs pyradiomics, table in bench-data/results.md.
bench: build bench-deps
	Scripts/bench.sh

# GNU time (/usr/bin/time) measures each run's wall time and peak RSS.
bench-deps:
	@[ -x /usr/bin/time ] || { SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq time; }

# The test suite under AddressSanitizer (+LeakSanitizer) and ThreadSanitizer, each in its own
# scratch path. Suppressions (each documented) are in Tests/Sanitizers/.
SANITIZER_TEST = $(SWIFT) test --skip-build --parallel --disable-swift-testing
test-asan: deps
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan
	@# Leak checking is off here: swift-corelibs-xctest keeps test cases (and all they hold)
	@# alive at exit, ~1300 reports per run, and the CLI tests' child processes would fail on
	@# them. `make asan-leaks` runs the leak check with the documented suppressions instead.
	ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no \
	  $(SANITIZER_TEST) --sanitize=address --scratch-path .build-asan

asan-leaks: deps
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/Sanitizers/lsan.supp SWIFT_BACKTRACE=enable=no \
	  $(SWIFT) test --skip-build --disable-swift-testing --sanitize=address --scratch-path .build-asan --filter "FuzzRegressionTests|BadInputTests"

test-tsan: deps
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan
	TSAN_OPTIONS="halt_on_error=1 suppressions=$(CURDIR)/Tests/Sanitizers/tsan.supp" SWIFT_BACKTRACE=enable=no \
	  $(SANITIZER_TEST) --sanitize=thread --scratch-path .build-tsan

# libFuzzer harnesses: every folder Sources/Fuzz<Name>/ (seeds in Fixtures/fuzz/<Name>/), built
# with -sanitize=fuzzer,address in their own scratch path; Package.swift declares them only when
# RADIOMICS_FUZZ=1, so `make build`/`make test` never need the fuzzer runtime.
# `make fuzz FUZZ_SECONDS=N` runs each for N seconds; new inputs go to $(FUZZ_CORPUS)/<Name>/,
# a crash stops with its input in .build-fuzz/artifacts/ (reproduce: .build-fuzz/debug/Fuzz<Name> FILE).
FUZZ_HARNESSES ?= $(patsubst Sources/Fuzz%,%,$(wildcard Sources/Fuzz*))
FUZZ_SECONDS ?= 300
FUZZ_CORPUS ?= .build-fuzz/corpus
FUZZ_BUILD = RADIOMICS_FUZZ=1 $(SWIFT) build --scratch-path .build-fuzz \
	-Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld
# Leak detection is off: LSan reports a 4 KiB block inside FoundationEssentials' Data(contentsOf:)
# (readBytesFromFile), not an allocation of ours.
FUZZ_RUN_FLAGS ?= -rss_limit_mb=2048 -timeout=20 -detect_leaks=0 -print_final_stats=1
# No Swift backtracer: its stack reader trips ASan and hides the real trap. A small ASan
# quarantine keeps the GDCM harnesses' RSS (many threads, many small blocks) under the limit.
FUZZ_ENV = ASAN_OPTIONS=detect_leaks=0:quarantine_size_mb=16 SWIFT_BACKTRACE=enable=no

fuzz-build: deps
	@for h in $(FUZZ_HARNESSES); do \
	  $(FUZZ_BUILD) --product Fuzz$$h 2>&1 | grep -v "Cannot export local symbol" | grep -E "error|warning: unre|Compiling Fuzz|Linking" ; \
	  test -x .build-fuzz/debug/Fuzz$$h || { echo "make fuzz: building Fuzz$$h failed"; exit 1; }; \
	done

# Each run first replays the harness's committed regressions (Fixtures/fuzz/regressions/<prefix>_*,
# the prefix below), then fuzzes from its seeds.
FUZZ_REGRESSION_PREFIX = case $$h in DICOMSeries) p=dicom_series;; RTStruct) p=rtstruct;; *) p=$$(echo $$h | tr A-Z a-z);; esac

fuzz: fuzz-build
	@mkdir -p .build-fuzz/artifacts
	@for h in $(FUZZ_HARNESSES); do \
	  $(FUZZ_REGRESSION_PREFIX); regressions=$$(ls Fixtures/fuzz/regressions/$${p}_* 2>/dev/null); \
	  if [ -n "$$regressions" ]; then \
	    $(FUZZ_ENV) .build-fuzz/debug/Fuzz$$h $$regressions $(FUZZ_RUN_FLAGS) > .build-fuzz/Fuzz$$h.regressions.log 2>&1 \
	      || { echo "fuzz $$h: a regression input fails"; tail -40 .build-fuzz/Fuzz$$h.regressions.log; exit 1; }; \
	  fi; \
	  mkdir -p $(FUZZ_CORPUS)/$$h; \
	  $(FUZZ_ENV) .build-fuzz/debug/Fuzz$$h $(FUZZ_CORPUS)/$$h Fixtures/fuzz/$$h -max_total_time=$(FUZZ_SECONDS) \
	    $(FUZZ_RUN_FLAGS) -artifact_prefix=.build-fuzz/artifacts/$$h- > .build-fuzz/Fuzz$$h.log 2>&1; status=$$?; \
	  runs=$$(sed -n 's/^stat::number_of_executed_units: *//p' .build-fuzz/Fuzz$$h.log | tail -1); \
	  echo "fuzz $$h: $$(echo $$regressions | wc -w) regressions, $${runs:-?} executions in $(FUZZ_SECONDS) s, exit $$status"; \
	  if [ $$status != 0 ]; then tail -40 .build-fuzz/Fuzz$$h.log; exit 1; fi; \
	done

# CI's short pass (.ci/run): the regressions and a few seconds of fuzzing per harness, from the
# committed seeds alone with a fixed random seed, so that CI replays the same input sequence
# every time (checked locally far beyond its length) instead of gating a commit on whatever new
# third-party bug a fresh random walk hits; `make fuzz` explores with fresh seeds. The timeout
# is generous for a loaded CI machine; no input is known to run longer than a second.
fuzz-smoke:
	@rm -rf .build-fuzz/smoke-corpus
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS) FUZZ_CORPUS=.build-fuzz/smoke-corpus \
	  FUZZ_RUN_FLAGS="-seed=$(FUZZ_SMOKE_SEED) -rss_limit_mb=2048 -timeout=60 -detect_leaks=0 -print_final_stats=1"
FUZZ_SMOKE_SECONDS ?= 5
FUZZ_SMOKE_SEED ?= 1

# `make fuzz-campaign`: the long campaign (not CI; README "Fuzzing"), FUZZ_RUNS executions per
# harness. For throughput the harnesses are built in release mode with -sanitize=fuzzer only, in
# .build-fuzz-release: Swift's bounds and overflow traps stay on, but there is no ASan, so a
# memory error inside the C/C++ shims (GDCM, zlib, deflate) shows only if it crashes; the short
# `make fuzz` keeps ASan. Harnesses run niced (idle CPU only), fastest first, FUZZ_PARALLEL at a
# time, each capped at FUZZ_MAX_SECONDS (0: none); results in .build-fuzz-campaign/results.tsv,
# findings in .build-fuzz-campaign/artifacts/.
FUZZ_RUNS ?= 10000000
FUZZ_MAX_SECONDS ?= 0
FUZZ_PARALLEL ?= 1
FUZZ_CAMPAIGN_ORDER ?= SUV Manifest MetaImage Config NRRDDetached NRRD NIfTI DICOMSeg RTStruct DICOMSeries
FUZZ_RELEASE_BUILD = RADIOMICS_FUZZ=1 $(SWIFT) build -c release --scratch-path .build-fuzz-release \
	-Xswiftc -sanitize=fuzzer -Xswiftc -use-ld=lld

fuzz-campaign: deps
	@for h in $(FUZZ_HARNESSES); do case " $(FUZZ_CAMPAIGN_ORDER) " in *" $$h "*) ;; *) echo "fuzz-campaign: $$h is missing from FUZZ_CAMPAIGN_ORDER"; exit 1;; esac; done
	@for h in $(filter $(FUZZ_HARNESSES),$(FUZZ_CAMPAIGN_ORDER)); do \
	  $(FUZZ_RELEASE_BUILD) --product Fuzz$$h 2>&1 | grep -v "Cannot export local symbol" | grep -E "error|warning: unre|Linking" ; \
	  test -x .build-fuzz-release/release/Fuzz$$h || { echo "fuzz-campaign: building Fuzz$$h failed"; exit 1; }; \
	done
	@FUZZ_HARNESSES="$(filter $(FUZZ_HARNESSES),$(FUZZ_CAMPAIGN_ORDER))" FUZZ_RUNS=$(FUZZ_RUNS) FUZZ_MAX_SECONDS=$(FUZZ_MAX_SECONDS) \
	  FUZZ_PARALLEL=$(FUZZ_PARALLEL) DIR=.build-fuzz-campaign BIN=.build-fuzz-release/release Scripts/fuzz-campaign.sh

# `make mutation`: the fixed mutant list of Scripts/mutants.py, one at a time, in a scratch copy
# (.build-mutation/tree, build folder .build-mutation/build); each must make its mapped tests
# fail. `make mutation MUTANTS=glcm-3,ivh-1` runs a subset. Summary: .build-mutation/report.md.
# Not part of CI (an hour or more on two cores).
mutation: deps
	MUTANTS="$(MUTANTS)" python3 Scripts/mutation.py

clean:
	rm -rf .build
