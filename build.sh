#!/usr/bin/env bash
# Publishes every command (Release) into bin/, so bin/rb_repo and the others run directly.
set -euo pipefail
cd "$(dirname "$0")"
out="$PWD/bin"
mkdir -p "$out"
for project in src/rb_repo/rb_repo.csproj src/rb_module_rustack/rb_module_rustack.csproj src/RuBackup.RustackSim/RuBackup.RustackSim.csproj \
  src/rubackup-client/rubackup-client.csproj src/rb_archives/rb_archives.csproj src/rb_tasks/rb_tasks.csproj src/rb_admin/rb_admin.csproj src/rbm/rbm.csproj \
  src/rbcrypt/rbcrypt.csproj; do
  dotnet publish "$project" -c Release -o "$out" --nologo -v quiet -p:UseAppHost=true >/dev/null
done
dotnet publish src/RuBackup.Server/RuBackup.Server.csproj -c Release -o "$out" --nologo -v quiet -p:UseAppHost=true >/dev/null
# The virsh shim goes to its own folder: tests put bin/sim first on PATH, never shadowing a real virsh.
dotnet publish src/RuBackup.VirshShim/RuBackup.VirshShim.csproj -c Release -o "$out/sim" --nologo -v quiet -p:UseAppHost=true >/dev/null
echo "built: $(cd "$out" && ls rb_* rbm rbcrypt rustack-sim rubackup-* 2>/dev/null | grep -v '\.' | tr '\n' ' ')sim/virsh"
