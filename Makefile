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

build: deps
	$(SWIFT) build -c release --product radiomics

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
	  | awk -F, 'NR==1 {print "feature,value"; next} {print $$(NF-1) "," $$NF}' | column -t -s,

install: build
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/radiomics

# `make bench`: synthetic CT volumes, radiomics vs pyradiomics, table in bench-data/results.md.
bench: build bench-deps
	Scripts/bench.sh

# GNU time (/usr/bin/time) measures each run's wall time and peak RSS.
bench-deps:
	@[ -x /usr/bin/time ] || { SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq time; }

clean:
	rm -rf .build
