#!/usr/bin/env bash
# Installs the real servers and browsers that the oracle and end-to-end tests run
# against, from Debian's packages. Fails loudly: those tests never skip.
set -euo pipefail

missing=()
command -v nginx >/dev/null || missing+=(nginx-light)
[ -f /usr/lib/nginx/modules/ngx_http_headers_more_filter_module.so ] || missing+=(libnginx-mod-http-headers-more-filter)
command -v apache2 >/dev/null || missing+=(apache2)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/lib/firefox-esr/firefox-esr ] || missing+=(firefox-esr)
[ -x /usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser ] || missing+=(webkit2gtk-driver libwebkit2gtk-4.1-0)
command -v Xvfb >/dev/null || missing+=(xvfb xauth)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
# Regex engines the origin matcher is compared with.
command -v ruby >/dev/null || missing+=(ruby)
command -v go >/dev/null || missing+=(golang-go)
command -v javac >/dev/null || missing+=(openjdk-17-jdk-headless)
# Spring MVC 4.3 in Jetty for the Spring oracle.
for pkg in libspring-web-servlet-java libjetty9-java libservlet-api-java; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
# Django and Starlette/FastAPI apps of the Python oracle, run with Debian's python3.
for pkg in python3-django python3-django-cors-headers python3-starlette python3-fastapi python3-uvicorn; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
# Flask apps of the Python oracle.
for pkg in python3-flask python3-flask-cors; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
# rack-cors apps and plain PHP apps of the Ruby and PHP oracles.
for pkg in ruby-rack ruby-rack-cors ruby-webrick php-cli; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
# rs/cors and gin-contrib/cors apps of the Go oracle, built in GOPATH mode from Debian's sources.
for pkg in golang-github-rs-cors-dev golang-github-gin-contrib-cors-dev golang-github-gin-gonic-gin-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing test dependencies: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "error: these Debian packages are needed by the oracle and end-to-end tests and only root can install them: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
  echo "error: apt-get could not install ${missing[*]}; the oracle and end-to-end tests cannot run without them" >&2
  exit 1
fi
