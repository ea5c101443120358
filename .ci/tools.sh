#!/usr/bin/env bash
# Pinned lint and security tools, and the lint steps that run them. This file
# is the one place their versions are written: .ci/run sources it, and the
# Makefile runs it (`bash .ci/tools.sh lint`, `bash .ci/tools.sh vuln`).
#
#   bash .ci/tools.sh install   build any missing or stale tool into $TOOLS_BIN
#   bash .ci/tools.sh lint      go vet, staticcheck, gosec, gofmt (fails on findings)
#   bash .ci/tools.sh vuln      govulncheck (needs the network, see below)
#   bash .ci/tools.sh browser   install Debian's chromium and fonts-noto-cjk if missing
#   bash .ci/tools.sh versions  print the pins
#
# Tools are built with `go install module/cmd@version` into a project-local,
# git-ignored .tools/bin (override with TOOLS_BIN); a binary whose embedded
# module version differs from the pin is rebuilt. The Go build cache makes a
# rebuild on a fresh clone take seconds; a cold machine takes a few minutes,
# almost all of it gosec.

# Versions: the newest releases on the module proxy that build and run with
# Go 1.26 (each of their go.mod files says go 1.26.0). Bump them here only.
STATICCHECK_VERSION=v0.8.2   # staticcheck 2026.2.2: understands go 1.26 code
GOSEC_VERSION=v2.30.0        # has -nosec-require-rules/-justification
GOVULNCHECK_VERSION=v1.9.0

TOOLS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_BIN="${TOOLS_BIN:-$TOOLS_ROOT/.tools/bin}"

# tool_ensure NAME MODULE PACKAGE VERSION builds NAME unless the binary in
# TOOLS_BIN already embeds MODULE at VERSION.
tool_ensure() {
	local name=$1 module=$2 pkg=$3 version=$4 bin="$TOOLS_BIN/$1"
	if [[ -x $bin ]] && go version -m "$bin" 2>/dev/null |
		awk -v m="$module" -v v="$version" '$1 == "mod" && $2 == m && $3 == v { ok = 1 } END { exit !ok }'; then
		return 0
	fi
	echo "installing $name $version into $TOOLS_BIN"
	mkdir -p "$TOOLS_BIN"
	GOBIN="$TOOLS_BIN" go install "$pkg@$version"
}

tools_install_lint() {
	tool_ensure staticcheck honnef.co/go/tools honnef.co/go/tools/cmd/staticcheck "$STATICCHECK_VERSION"
	tool_ensure gosec github.com/securego/gosec/v2 github.com/securego/gosec/v2/cmd/gosec "$GOSEC_VERSION"
}

tools_install_vuln() {
	tool_ensure govulncheck golang.org/x/vuln golang.org/x/vuln/cmd/govulncheck "$GOVULNCHECK_VERSION"
}

lint_vet() {
	go vet ./...
}

lint_staticcheck() {
	"$TOOLS_BIN/staticcheck" ./...
}

# gosec honours `// #nosec G401 -- reason` comments (its default); the two
# -nosec-require flags reject a bare #nosec, so every exemption names its rule
# and says why (WeCom's protocol forces SHA-1 signatures and AES-CBC with a
# key-derived IV). Test files are not scanned (gosec's default). golangci's
# //nolint:gosec means nothing to gosec itself: use #nosec.
lint_gosec() {
	local color=false
	[[ -t 1 ]] && color=true
	"$TOOLS_BIN/gosec" -quiet -color="$color" -nosec-require-rules -nosec-require-justification ./...
}

# gofmt over every Go file in the tree except the tool dir and git's.
lint_gofmt() {
	local out
	out=$(find . \( -path ./.git -o -path ./.tools -o -path ./bin \) -prune -o -name '*.go' -type f -print0 |
		xargs -0 -r gofmt -l)
	if [[ -n $out ]]; then
		echo "gofmt: these files need \`gofmt -w\`:"
		echo "$out"
		return 1
	fi
}

lint_section() {
	printf '\n===== %s =====\n' "$*"
}

lint_all() {
	tools_install_lint
	lint_section "go vet"
	lint_vet
	lint_section "staticcheck $STATICCHECK_VERSION"
	lint_staticcheck
	lint_section "gosec $GOSEC_VERSION"
	lint_gosec
	lint_section "gofmt -l"
	lint_gofmt
	echo "lint: clean"
}

# The H5 pages' browser tests (cmd/server/h5_*_test.go) drive Debian's
# Chromium headless; they fail, not skip, without it. fonts-noto-cjk gives
# the screenshots their Chinese glyphs. Both come from Debian's packages
# (never a browser download); apt-get update runs once, only when
# something is missing. Needs root, as CI runs.
browser_ensure() {
	local want=()
	command -v chromium >/dev/null || want+=(chromium)
	fc-list :lang=zh 2>/dev/null | grep -q . || want+=(fonts-noto-cjk)
	if ((${#want[@]} > 0)); then
		echo "installing ${want[*]} from Debian's packages"
		if declare -F apt_install >/dev/null; then
			apt_install "${want[@]}" # .ci/run's: apt-get update at most once per run
		else
			DEBIAN_FRONTEND=noninteractive apt-get update -q
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${want[@]}"
		fi
	fi
	echo "browser: $(chromium --version 2>/dev/null)"
}

# govulncheck checks the build against the Go vulnerability database, which
# it downloads from vuln.go.dev at every run. Machines without internet
# (this project's dev machines and its CI) cannot reach it, so .ci/run skips
# it; a connected CI runs `make vuln`.
vuln() {
	tools_install_vuln
	"$TOOLS_BIN/govulncheck" ./...
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	set -euo pipefail
	cd "$TOOLS_ROOT"
	case "${1:-}" in
	install) tools_install_lint ;;
	lint) lint_all ;;
	vuln) vuln ;;
	browser) browser_ensure ;;
	versions)
		echo "staticcheck $STATICCHECK_VERSION"
		echo "gosec $GOSEC_VERSION"
		echo "govulncheck $GOVULNCHECK_VERSION"
		;;
	*)
		echo "usage: bash .ci/tools.sh install|lint|vuln|browser|versions" >&2
		exit 2
		;;
	esac
fi
