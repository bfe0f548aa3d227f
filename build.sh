#!/usr/bin/env bash
# Publishes every command (Release) into bin/, so bin/rb_repo and the others run directly.
set -euo pipefail
cd "$(dirname "$0")"
out="$PWD/bin"
mkdir -p "$out"
for project in src/rb_repo/rb_repo.csproj src/rb_module_rustack/rb_module_rustack.csproj; do
  dotnet publish "$project" -c Release -o "$out" --nologo -v quiet -p:UseAppHost=true >/dev/null
done
echo "built: $(cd "$out" && ls rb_* 2>/dev/null | grep -v '\.' | tr '\n' ' ')"
