#!/usr/bin/env bash
# Builds, then runs the main job on embedded defaults. Until the cloud module and the server exist,
# the main job is a repository round trip: a VM-like disk image is backed up in full, changed like a
# day of guest writes, backed up incrementally, restored, compared byte for byte and verified.
set -euo pipefail
cd "$(dirname "$0")"
size_mib="${DEMO_IMAGE_MIB:-256}"
work="$(mktemp -d "${TMPDIR:-/tmp}/rubackup-demo.XXXXXX")"
trap 'rm -rf "$work"' EXIT
command -v python3 >/dev/null || { echo "demo needs python3 (apt-get install python3)"; exit 1; }

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*" >&2; "$@"; }

step "build (Release) into bin/"
./build.sh
rb="$PWD/bin/rb_repo"

step "a ${size_mib} MiB VM-like disk: holes, text, random data, copied regions"
run python3 tools/mkimage.py create "$work/disk.img" "$size_mib"

step "a master key and an encrypted, deduplicating repository"
run "$rb" keygen --out "$work/master-key"
run "$rb" init --repo "$work/pool" --dedup --key "$work/master-key"

step "full backup"
full=$(run "$rb" backup --repo "$work/pool" --resource demo-vm --disk sda="$work/disk.img" --type full --key "$work/master-key")
echo "archive $full"
cp --sparse=always "$work/disk.img" "$work/disk-at-full.img"

step "the guest writes: 3% of the disk rewritten in 64 KiB blocks"
run python3 tools/mkimage.py mutate "$work/disk.img" 3 11

step "incremental backup: only changed chunks are stored"
inc=$(run "$rb" backup --repo "$work/pool" --resource demo-vm --disk sda="$work/disk.img" --type incremental --key "$work/master-key")
echo "archive $inc"

step "archives"
run "$rb" list --repo "$work/pool"

step "restore the incremental (its chain is resolved) and the full, and compare byte for byte"
run "$rb" restore --repo "$work/pool" --archive "$inc" --target "$work/restore-inc" --key "$work/master-key"
run cmp "$work/restore-inc/sda.raw" "$work/disk.img"
run "$rb" restore --repo "$work/pool" --archive "$full" --target "$work/restore-full" --key "$work/master-key"
run cmp "$work/restore-full/sda.raw" "$work/disk-at-full.img"
echo "both restores equal their source"

step "verify every chunk and manifest"
run "$rb" verify --repo "$work/pool" --key "$work/master-key"

step "repository statistics"
run "$rb" stats --repo "$work/pool"
echo
echo "demo finished: full + incremental backed up, restored, compared and verified"
