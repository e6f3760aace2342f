# radiomics — build, test and demo. Every target works as the first command on a fresh
# Debian 12 machine with Swift 6.3: `make deps` installs the system libraries when missing.

PREFIX ?= /usr/local
SWIFT ?= swift
APT_PACKAGES = libgdcm-dev zlib1g-dev libdeflate-dev
BIN = .build/release/radiomics
CT = Fixtures/ibsi/ibsi1/ct_phantom

.PHONY: all deps build test demo install bench bench-deps clean

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
	  $(SWIFT) build -c release --product radiomics; status=$$?; \
	  mv .buildinfo.swift.orig $(BUILDINFO); exit $$status

test: deps
	$(SWIFT) build --build-tests
	@# Parallel XCTest; the xUnit report gives the closing "N passed, N failed" line.
	@rm -f .build/xunit.xml
	@$(SWIFT) test --skip-build --parallel --disable-swift-testing --xunit-output .build/xunit.xml; status=$$?; \
	  if [ -f .build/xunit.xml ]; then \
	    total=$$(grep -o '<testsuite [^>]*>' .build/xunit.xml | sed -n 's/.* tests="\([0-9]*\)".*/\1/p' | awk '{s+=$$1} END {print s+0}'); \
	    failed=$$(grep -o '<testsuite [^>]*>' .build/xunit.xml | sed -n 's/.* failures="\([0-9]*\)".*/\1/p' | awk '{s+=$$1} END {print s+0}'); \
	    echo "$$((total - failed)) passed, $$failed failed"; \
	  fi; exit $$status

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

clean:
	rm -rf .build
