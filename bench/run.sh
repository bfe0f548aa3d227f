#!/usr/bin/env bash
# Side-by-side benchmark of rb_repo against restic and borg on a VM-like disk image, plus the floors
# (cat and zstd -1) measured in the same run. See bench/README.md.
#
#   bench/run.sh            full, incremental, restore with every tool; prints a markdown table and
#                           writes it to $BENCH_DIR/results.md
#   bench/run.sh --micro [BenchmarkDotNet args...]
#                           BenchmarkDotNet micro-benchmarks of the chunk codec (short job)
#
# Environment: BENCH_IMAGE_MIB (default 2048), BENCH_DIR (default ./.bench). Not run by ./test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

work_dir="${BENCH_DIR:-$root/.bench}"
mkdir -p "$work_dir"
work="$(cd "$work_dir" && pwd)"

if [ "${1:-}" = "--micro" ]; then
  shift
  command -v dotnet >/dev/null || { echo "bench: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
  if [ "$#" = 0 ]; then set -- --filter '*'; fi
  exec dotnet run -c Release --project bench/RuBackup.Bench/RuBackup.Bench.csproj -- \
    --job short --artifacts "$work/micro" "$@"
fi
if [ "$#" != 0 ]; then
  echo "usage: bench/run.sh [--micro [BenchmarkDotNet args...]]" >&2
  exit 2
fi

size_mib="${BENCH_IMAGE_MIB:-2048}"
say() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }
die() { printf 'bench: FAILED: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- tools
# "command-to-check:debian-package"; GNU time is checked by path because bash has a `time` keyword.
requirements=("restic:restic" "borg:borgbackup" "zstd:zstd" "python3:python3" "/usr/bin/time:time" "cmp:diffutils")
missing=()
for entry in "${requirements[@]}"; do
  command -v "${entry%%:*}" >/dev/null 2>&1 || missing+=("${entry#*:}")
done
if ((${#missing[@]})); then
  say "installing ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then apt=(apt-get); else apt=(sudo apt-get); fi
  "${apt[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq "${missing[@]}" >/dev/null
fi
command -v dotnet >/dev/null || die "the .NET 10 SDK (dotnet) is required"
borg_version="$(borg --version | awk '{print $2}')"
case "$borg_version" in 1.2.*) ;; *) echo "bench: warning: borg $borg_version, the comparison is specified for borg 1.2" >&2 ;; esac

say "build"
./build.sh
rb="$root/bin/rb_repo"

# ---------------------------------------------------------------- images
img="$work/disk-full.img"     # the disk at the full backup
img2="$work/disk-incr.img"    # the same disk after a day of guest writes (2%)
stamp="$work/images.ok"
want_stamp="$size_mib $(sha256sum tools/mkimage.py | cut -c1-16)"
if [ -f "$img" ] && [ -f "$img2" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want_stamp" ]; then
  say "reusing the ${size_mib} MiB images in $work"
else
  say "creating a ${size_mib} MiB image and its mutated copy"
  rm -f "$img" "$img2" "$stamp"
  python3 tools/mkimage.py create "$img" "$size_mib"
  cp --sparse=always "$img" "$img2"
  python3 tools/mkimage.py mutate "$img2" 2 7
  echo "$want_stamp" >"$stamp"
fi

# Fresh repositories, caches and restores every run; the images are kept.
rm -rf "$work/rb-repo" "$work/restic-repo" "$work/borg-repo" "$work/restore" "$work/data" \
  "$work/cache" "$work/logs" "$work/rb.key" "$work/measurements.tsv"
mkdir -p "$work/restore" "$work/data" "$work/cache" "$work/logs"
measurements="$work/measurements.tsv"
: >"$measurements"

# timed NAME STDOUT COMMAND...: runs COMMAND after a sync, records wall seconds and peak RSS (KiB)
# in measurements.tsv; stdout goes to STDOUT (a file, /dev/null, or - for logs/NAME.out), stderr to
# logs/NAME.err.
timed() {
  local name="$1" out="$2"
  shift 2
  if [ "$out" = - ]; then out="$work/logs/$name.out"; fi
  sync
  if ! /usr/bin/time -f '%e %M' -o "$work/logs/$name.time" "$@" >"$out" 2>"$work/logs/$name.err"; then
    tail -n 20 "$work/logs/$name.err" >&2
    die "$name: $*"
  fi
  local seconds rss
  read -r seconds rss <"$work/logs/$name.time"
  printf '%s\t%s\t%s\n' "$name" "$seconds" "$rss" >>"$measurements"
  printf '   %-22s %8ss %8s MiB peak RSS\n' "$name" "$seconds" "$((rss / 1024))" >&2
}

# same_as EXPECTED ACTUAL LABEL: byte-for-byte comparison, loud failure otherwise.
same_as() {
  cmp "$1" "$2" || die "$3: the restored image differs from $1"
  echo "   $3: restore equals the source" >&2
}

# warm FILE...: reads the files once, untimed, so every tool (and the floors) reads its input from
# the page cache; this machine reclaims cache between steps, and a cold read would time the disk.
warm() { cat "$@" >/dev/null; }

record_size() { printf '%s\t%s\t0\n' "$1" "$(du -sb "$2" | cut -f1)" >>"$measurements"; }

# ---------------------------------------------------------------- floors
say "floors: cat and zstd -1 -T0 of the full image"
warm "$img"
timed floor_cat /dev/null cat "$img"
warm "$img"
timed floor_zstd /dev/null zstd -q -1 -T0 -c "$img"

# ---------------------------------------------------------------- rb_repo
say "rb_repo (AES-256-GCM, dedup)"
"$rb" keygen --out "$work/rb.key" >/dev/null
"$rb" init --repo "$work/rb-repo" --dedup --key "$work/rb.key" >/dev/null
warm "$img"
timed rb_full - \
  "$rb" backup --repo "$work/rb-repo" --resource bench-vm --disk sda="$img" --type full --key "$work/rb.key"
warm "$img2"
timed rb_incremental - \
  "$rb" backup --repo "$work/rb-repo" --resource bench-vm --disk sda="$img2" --type incremental --key "$work/rb.key"
incremental_id="$(head -n 1 "$work/logs/rb_incremental.out")"
[ -n "$incremental_id" ] || die "rb_repo backup printed no archive id"
record_size rb_stored "$work/rb-repo"
timed rb_restore - \
  "$rb" restore --repo "$work/rb-repo" --archive "$incremental_id" --target "$work/restore/rb" --key "$work/rb.key"
same_as "$img2" "$work/restore/rb/sda.raw" rb_repo
rm -rf "$work/restore/rb"

# restic and borg back up one path, data/disk.img, twice: the second run finds the first snapshot as
# its parent, which is what an incremental backup is for them. Copying is not timed.
stage() { cp --sparse=always "$1" "$work/data/disk.img"; }

# ---------------------------------------------------------------- restic
say "restic $(restic version | awk '{print $2}') (repository v2: AES-256-CTR + Poly1305, zstd auto)"
export RESTIC_PASSWORD="bench-password" RESTIC_REPOSITORY="$work/restic-repo" RESTIC_CACHE_DIR="$work/cache/restic"
restic init --repository-version 2 >/dev/null 2>"$work/logs/restic_init.err" || die "restic init"
stage "$img"; warm "$work/data/disk.img"
timed restic_full - restic backup --host bench "$work/data/disk.img"
stage "$img2"; warm "$work/data/disk.img"
timed restic_incremental - restic backup --host bench "$work/data/disk.img"
record_size restic_stored "$work/restic-repo"
timed restic_restore - restic restore latest --target "$work/restore/restic"
same_as "$img2" "$work/restore/restic$work/data/disk.img" restic
rm -rf "$work/restore/restic"
unset RESTIC_PASSWORD RESTIC_REPOSITORY

# ---------------------------------------------------------------- borg
say "borg $borg_version (repokey-blake2, fixed 4 MiB chunks, zstd,1)"
export BORG_PASSPHRASE="bench-password" BORG_BASE_DIR="$work/cache/borg" BORG_RELOCATED_REPO_ACCESS_IS_OK=yes
borg init -e repokey-blake2 "$work/borg-repo" 2>"$work/logs/borg_init.err" || die "borg init"
borg_create=(borg create --chunker-params fixed,4194304 --compression zstd,1)
stage "$img"; warm "$work/data/disk.img"
timed borg_full - env -C "$work" "${borg_create[@]}" "$work/borg-repo::full" data/disk.img
stage "$img2"; warm "$work/data/disk.img"
timed borg_incremental - env -C "$work" "${borg_create[@]}" "$work/borg-repo::incremental" data/disk.img
record_size borg_stored "$work/borg-repo"
mkdir -p "$work/restore/borg"
timed borg_restore - env -C "$work/restore/borg" borg extract --sparse "$work/borg-repo::incremental"
same_as "$img2" "$work/restore/borg/data/disk.img" borg
rm -rf "$work/restore/borg"
unset BORG_PASSPHRASE

# ---------------------------------------------------------------- table
say "results"
python3 - "$measurements" "$work/results.md" "$size_mib" \
  "$(restic version | awk '{print $2}')" "$borg_version" "$(zstd -V | grep -o 'v[0-9.]*' | head -1)" "$(nproc)" <<'PY'
import sys

path, out_path, size_mib, restic_v, borg_v, zstd_v, cpus = sys.argv[1:]
m = {}
for line in open(path):
    name, value, rss = line.rstrip("\n").split("\t")
    m[name] = (float(value), int(rss))

MiB = 1 << 20
tools = ["rb_repo", "restic", "borg"]
prefix = {"rb_repo": "rb", "restic": "restic", "borg": "borg"}
rows = {}
for tool in tools:
    p = prefix[tool]
    steps = [f"{p}_full", f"{p}_incremental", f"{p}_restore"]
    rows[tool] = {
        "full": m[steps[0]][0],
        "incremental": m[steps[1]][0],
        "restore": m[steps[2]][0],
        "stored": m[f"{p}_stored"][0] / MiB,
        "rss": max(m[s][1] for s in steps) / 1024,
    }

def sec(x):
    return max(x, 0.01)  # GNU time reports 1/100 s

lines = [
    f"Image {size_mib} MiB, incremental after 2% rewritten; {cpus} CPUs; encryption on for every tool; "
    f"restic {restic_v}, borg {borg_v}, zstd {zstd_v}.",
    "",
    "| tool | full (s) | incremental (s) | restore (s) | stored after both (MiB) | peak RSS (MiB) |",
    "|---|---:|---:|---:|---:|---:|",
]
for tool in tools:
    r = rows[tool]
    lines.append(f"| {tool} | {r['full']:.2f} | {r['incremental']:.2f} | {r['restore']:.2f} | {r['stored']:.1f} | {r['rss']:.0f} |")
lines += [
    "",
    f"Floors: `cat` {m['floor_cat'][0]:.2f} s, `zstd -1 -T0` {m['floor_zstd'][0]:.2f} s.",
    "",
]

ours = rows["rb_repo"]
peers = [rows[t] for t in tools if t != "rb_repo"]
def best(key):
    return min(p[key] for p in peers)

targets = [
    # label, value, goal text, met?
    ("full speedup vs best peer", best("full") / sec(ours["full"]), ">= 3x", lambda v: v >= 3),
    ("incremental speedup vs best peer", best("incremental") / sec(ours["incremental"]), ">= 4x", lambda v: v >= 4),
    ("restore speedup vs best peer", best("restore") / sec(ours["restore"]), ">= 2.5x", lambda v: v >= 2.5),
    ("full vs zstd floor", ours["full"] / sec(m["floor_zstd"][0]), "<= 1.5x", lambda v: v <= 1.5),
    ("stored vs restic", ours["stored"] / rows["restic"]["stored"], "<= 1.0", lambda v: v <= 1.0),
]
for label, value, goal, ok in targets:
    lines.append(f"- {label}: {value:.2f}x (target {goal}) -> {'met' if ok(value) else 'missed'}")
rss = ours["rss"]
lines.append(f"- peak RSS: {rss:.0f} MiB (target < 256 MiB) -> {'met' if rss < 256 else 'missed'}")

text = "\n".join(lines) + "\n"
sys.stdout.write(text)
with open(out_path, "w") as f:
    f.write(text)
PY
echo "(written to $work/results.md; logs in $work/logs)" >&2
