# warren — two commands on a fresh Debian machine:
#   make demo   opens the cockpit against a local 3-node lab
#   make test   runs every test (unit, integration against the lab, fuzz, tape)
SHELL := /bin/bash
GO    ?= go
BIN   := bin/warren
VHS   := $(shell $(GO) env GOPATH)/bin/vhs
FUZZTIME ?= 30s

.PHONY: all build deps rabbitmq tools roots lab demo test fuzz tape bench clean screenshots shot-tools

all: build

build:
	$(GO) build -o $(BIN) .

# rabbitmq-server from Debian; a fresh machine has no package lists yet.
rabbitmq:
	@if [ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then \
		echo "installing rabbitmq-server"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rabbitmq-server; \
		if command -v systemctl >/dev/null && systemctl is-system-running >/dev/null 2>&1; then \
			systemctl disable --now rabbitmq-server || true; \
		fi; \
	fi

# OpenSSH's server: the ssh executor's tests start their own sshd on a
# loopback port. When make installs it, a policy-rc.d (only if the machine
# has none) keeps the package from starting the system service, which is
# then disabled; an sshd already there is untouched.
tools:
	@command -v tmux >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tmux)
	@if [ ! -x /usr/sbin/sshd ]; then \
		echo "installing openssh-server (its system service stays off)"; \
		made=; if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; made=1; fi; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssh-server; rc=$$?; \
		if [ -n "$$made" ]; then rm -f /usr/sbin/policy-rc.d; fi; \
		if command -v systemctl >/dev/null && systemctl is-system-running >/dev/null 2>&1; then \
			systemctl disable ssh.service ssh.socket >/dev/null 2>&1 || true; \
		fi; \
		exit $$rc; \
	fi
	@[ -x $(VHS) ] || $(GO) install github.com/charmbracelet/vhs@v0.10.0

deps: rabbitmq tools

# Release roots of the other lab versions (debootstrap, cached machine-wide;
# about a minute each when cold). A moving release (Debian testing) that no
# longer ships RabbitMQ is reported loudly and skipped, not fatal.
roots: build
	@command -v debootstrap >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap)
	$(BIN) lab versions --build

lab: rabbitmq build
	$(BIN) lab up

# A rehearsal: the lab runs one version, so the "upgrade" re-installs it and
# every gate, command and timing runs for real through the local executor.
LAB_VERSION = $(shell dpkg-query -W -f='$${Version}' rabbitmq-server 2>/dev/null | sed 's/-.*//')
demo: lab
	$(BIN) --to $(LAB_VERSION) --executor local

# Each part is timed so the run says where its minutes go.
test: deps lab roots
	$(GO) vet ./...
	time CI=$${CI:-true} $(GO) test -tags integration -p 1 -count=1 -timeout 45m ./...
	time $(MAKE) fuzz tape

# The README's pictures, from real frames of the cockpit on a local lab
# (scripts/screenshots.sh). Not part of `make test`: run it when the screen
# changes and commit docs/img/*.png. SHOTS_LAB names the lab it uses.
FREEZE    := $(shell $(GO) env GOPATH)/bin/freeze
SHOTS_LAB ?= shots
shot-tools: tools
	@command -v rsvg-convert >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq librsvg2-bin)
	@fc-list | grep -q "DejaVu Sans Mono" || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core)
	@fc-list :lang=zh | grep -q . || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei)
	@command -v curl >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl)
	@[ -x $(FREEZE) ] || $(GO) install github.com/charmbracelet/freeze@v0.2.2

screenshots: rabbitmq build shot-tools
	BIN=$(BIN) LAB=$(SHOTS_LAB) FREEZE=$(FREEZE) OUT=docs/img ./scripts/screenshots.sh

fuzz:
	$(GO) test ./erlterm -run '^$$' -fuzz FuzzParse -fuzztime $(FUZZTIME)

tape: tools
	$(VHS) validate demo.tape

# Speed and memory figures: in-process benchmarks as usual, then the ones
# that measure the lab (one long run each: broker CPU takes ~6 min).
bench: lab
	$(GO) test -run '^$$' -bench . -benchmem ./...
	$(GO) test -tags integration -p 1 -run '^$$' -bench 'Canary|BrokerCPU|LabUp' -benchtime 1x -timeout 30m ./broker ./lab

clean:
	rm -rf bin
