#!/usr/bin/env bash
# Throughput of bin/rbcrypt encrypt and decrypt of one file for every algorithm and key length of the
# document's Table 1 (issue 7, acceptance 5). Whole runs of the command as an operator would time
# them: process start, reading, the cipher, writing and fsync of the output, all on one core.
#
#   bench/rbcrypt.sh        writes bench/results/rbcrypt.md (and prints it)
#
# Environment: RBCRYPT_BENCH_MIB (default 256), BENCH_DIR (default ./.bench). Not run by ./test.sh.
# Only Rijndael uses hardware instructions (AES-NI, through BouncyCastle); every other engine is managed code.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

size_mib="${RBCRYPT_BENCH_MIB:-256}"
work="${BENCH_DIR:-$root/.bench}/rbcrypt"
results="$root/bench/results/rbcrypt.md"
mkdir -p "$work" "$(dirname "$results")"
die() { printf 'bench/rbcrypt.sh: FAILED: %s\n' "$*" >&2; exit 1; }

dotnet publish src/rbcrypt/rbcrypt.csproj -c Release -o "$root/bin" --nologo -v quiet -p:UseAppHost=true >/dev/null
rbcrypt="$root/bin/rbcrypt"

# Random data: nothing in the format depends on content, and it cannot be compressed by a filesystem.
plain="$work/plain-$size_mib.bin"
if [ ! -f "$plain" ] || [ "$(stat -c %s "$plain")" != "$((size_mib << 20))" ]; then
  head -c "$((size_mib << 20))" /dev/urandom > "$plain.tmp" && mv "$plain.tmp" "$plain"
fi
# A 1024-bit key file serves every suite (each derives its own keys from it).
key="$work/key-1024"
[ -f "$key" ] || "$rbcrypt" keygen --out "$key" --bits 1024 >/dev/null

suites=$("$rbcrypt" list --json | python3 -c '
import json, sys
for row in json.load(sys.stdin):
    row = {k.lower().replace("_", ""): v for k, v in row.items()}
    for bits in row["keybits"]:
        print(row["algorithm"], bits)')

seconds() { # command...: wall seconds of one run, output discarded
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }'
}
rate() { awk -v m="$size_mib" -v s="$1" 'BEGIN { printf "%.0f", m / s }'; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
rows=()
while read -r alg bits; do
  encrypted="$work/encrypted.rbc"
  decrypted="$work/decrypted.bin"
  rm -f "$encrypted" "$decrypted"
  cat "$plain" >/dev/null  # warm cache: time the tool, not the disk
  sync
  enc=$(seconds "$rbcrypt" encrypt --in "$plain" --out "$encrypted" --key "$key" --alg "$alg" --bits "$bits")
  sync
  dec=$(seconds "$rbcrypt" decrypt --in "$encrypted" --out "$decrypted" --key "$key")
  cmp -s "$plain" "$decrypted" || die "$alg-$bits: the decrypted file differs from the original"
  rows+=("| $alg | $bits | $(rate "$enc") | $(rate "$dec") | $enc | $dec |")
  printf '%s-%s: encrypt %s s, decrypt %s s\n' "$alg" "$bits" "$enc" "$dec" >&2
  rm -f "$encrypted" "$decrypted"
done <<< "$suites"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

{
  echo "# rbcrypt throughput per algorithm and key length"
  echo
  echo "\`bench/rbcrypt.sh\`, $(date -u '+%Y-%m-%d %H:%M UTC'): one ${size_mib} MiB file of random bytes,"
  echo "encrypted and decrypted by \`bin/rbcrypt\` with a 1024-bit key file, 1 MiB segments."
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), shared with other work."
  echo "Load average (1, 5, 15 min): $load_before before, $load_after after; numbers under load are lower bounds."
  echo
  echo "MiB/s = ${size_mib} MiB / wall time of the whole command (process start, read, cipher + HMAC-SHA-256,"
  echo "write, fsync, rename), one core. The decrypted file is compared with the original each time."
  echo
  echo "| algorithm | key bits | encrypt MiB/s | decrypt MiB/s | encrypt s | decrypt s |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  printf '%s\n' "${rows[@]}"
} > "$results"
cat "$results"
