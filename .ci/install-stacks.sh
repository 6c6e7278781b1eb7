#!/usr/bin/env bash
# Installs the server stacks the generated CORS fixes are checked on: nginx, Apache, Caddy,
# Go + rs/cors, Ruby + Rack + rack-cors, Flask, Django, FastAPI (test/e2e/fixes-verified.test.ts
# runs them) and a JDK (javac: test/unit/core/fixes/stub-compile.test.ts compiles the Spring snippet).
# Debian's packages only. Idempotent and non-interactive; run as root. Installs only what is
# missing, upgrades nothing already installed (--no-upgrade) and starts no service: the test runs
# every server as its own process on loopback.
#   --list-missing   print the missing packages (one line) and exit; installs nothing
set -euo pipefail

PACKAGES=(
  nginx
  apache2
  caddy
  golang-go
  golang-github-rs-cors-dev
  ruby
  ruby-rack
  ruby-rack-cors
  ruby-webrick
  python3-flask
  python3-flask-cors
  python3-django
  python3-django-cors-headers
  python3-fastapi
  python3-uvicorn
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# Any JDK will do (a machine may have one from another package): look for javac itself.
command -v javac >/dev/null || missing+=(default-jdk-headless)

if [ "${1:-}" = "--list-missing" ]; then
  echo "${missing[*]}"
  exit 0
fi

if [ "${#missing[@]}" -eq 0 ]; then
  echo "server stacks already installed"
  exit 0
fi

echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Packages such as nginx and apache2 start their service from the postinst script; a
# policy-rc.d that answers 101 ("action forbidden") keeps them stopped. An existing one is kept.
created_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  created_policy=1
fi
cleanup() { [ "$created_policy" -eq 1 ] && rm -f /usr/sbin/policy-rc.d; return 0; }
trap cleanup EXIT

apt-get update -qq
apt-get install -y -qq --no-install-recommends --no-upgrade "${missing[@]}"
