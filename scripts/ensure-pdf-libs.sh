#!/usr/bin/env bash
# WeasyPrint (the PDFs: D.Hasil, DPT lists, readiness) needs Pango and HarfBuzz's subsetter from
# Debian. A new machine may lack libharfbuzz-subset0 (WeasyPrint then warns, and the tests, which
# treat warnings as errors, fail). Installs the missing ones with apt-get when running as root.
set -u
missing=()
for lib in libpango-1.0.so.0:libpango-1.0-0 libpangoft2-1.0.so.0:libpangoft2-1.0-0 \
           libharfbuzz-subset.so.0:libharfbuzz-subset0; do
  ldconfig -p | grep -q "${lib%%:*}" || missing+=("${lib##*:}")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing ${missing[*]} (Debian packages) for the PDFs"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 || \
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >/dev/null 2>&1
fi
for lib in libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz-subset.so.0; do
  ldconfig -p | grep -q "$lib" || { echo "missing $lib (WeasyPrint PDFs)"; exit 1; }
done
