# Build and install mailtls the way packagers expect:
#
#   make                                   # release binary (Swift standard library linked in)
#   sudo make install                      # into /usr/local: binary, man page, completions
#   make install PREFIX=$HOME/.local       # or anywhere; DESTDIR is honoured for staging
#   make uninstall                         # removes exactly what install put there
#   make dist                              # release tarball + .sha256 under dist/ (scripts/release.sh)
#
# The binary links the Swift runtime statically, so it runs on machines without Swift; it
# needs only the C library and libxml2 (every mainstream distribution has both).

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share
SWIFT ?= swift
INSTALL ?= install

BUILD_FLAGS = -c release --static-swift-stdlib --product mailtls
BIN = $(shell $(SWIFT) build $(BUILD_FLAGS) --show-bin-path)/mailtls

BASH_COMPLETION = $(DATADIR)/bash-completion/completions/mailtls
ZSH_COMPLETION = $(DATADIR)/zsh/site-functions/_mailtls
FISH_COMPLETION = $(DATADIR)/fish/vendor_completions.d/mailtls.fish

.PHONY: all build completions install uninstall dist man clean

all: build

build:
	$(SWIFT) build $(BUILD_FLAGS)

# Completion scripts come from the binary itself, so they always match its options.
completions: build
	mkdir -p .build/completions
	$(BIN) --generate-completion-script bash > .build/completions/mailtls.bash
	$(BIN) --generate-completion-script zsh > .build/completions/_mailtls
	$(BIN) --generate-completion-script fish > .build/completions/mailtls.fish

install: build completions
	$(INSTALL) -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(MANDIR)/man1" \
		"$(DESTDIR)$(dir $(BASH_COMPLETION))" "$(DESTDIR)$(dir $(ZSH_COMPLETION))" "$(DESTDIR)$(dir $(FISH_COMPLETION))"
	$(INSTALL) -m 755 "$(BIN)" "$(DESTDIR)$(BINDIR)/mailtls"
	$(INSTALL) -m 644 docs/man/mailtls.1 "$(DESTDIR)$(MANDIR)/man1/mailtls.1"
	$(INSTALL) -m 644 .build/completions/mailtls.bash "$(DESTDIR)$(BASH_COMPLETION)"
	$(INSTALL) -m 644 .build/completions/_mailtls "$(DESTDIR)$(ZSH_COMPLETION)"
	$(INSTALL) -m 644 .build/completions/mailtls.fish "$(DESTDIR)$(FISH_COMPLETION)"

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/mailtls" "$(DESTDIR)$(MANDIR)/man1/mailtls.1" \
		"$(DESTDIR)$(BASH_COMPLETION)" "$(DESTDIR)$(ZSH_COMPLETION)" "$(DESTDIR)$(FISH_COMPLETION)"

dist:
	bash scripts/release.sh dist

# Regenerates docs/man/mailtls.1 after a command, option or help text changed (CI checks it).
man:
	bash scripts/man.sh

clean:
	rm -rf .build/completions dist
