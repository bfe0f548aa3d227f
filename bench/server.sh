#!/usr/bin/env bash
# Acceptance 6 of issue 4: a backup through the server (client daemon → module → pool protocol over
# HTTP → the server's pool) against the same backup written by `rb_module_rustack -b` straight into a
# local repository. Both back up the same simulated VM (one disk holding tools/mkimage.py's image) in
# full into an empty deduplicating pool, ROUNDS times each, alternating; the best of each is compared.
#
#   bench/server.sh        prints the table and the ratio, writes $BENCH_DIR/server-results.md
#
# Environment: BENCH_IMAGE_MIB (default 2048), BENCH_DIR (default ./.bench), ROUNDS (default 3).
# Not run by ./test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
size_mib="${BENCH_IMAGE_MIB:-2048}"
rounds="${ROUNDS:-3}"
mkdir -p "${BENCH_DIR:-$root/.bench}"
work="$(cd "${BENCH_DIR:-$root/.bench}" && pwd)/server"
say() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }
die() { printf 'bench: FAILED: %s\n' "$*" >&2; exit 1; }

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

say "build"
./build.sh >/dev/null
rm -rf "$work"; mkdir -p "$work"
img="$work/disk.img"
python3 tools/mkimage.py create "$img" "$size_mib" >/dev/null

say "simulator with one ${size_mib} MiB VM"
cat >"$work/vms.json" <<JSON
{ "vms": [
  { "name": "rubackup-vm", "backup_vm": true, "disks": [ { "size_mib": 16 } ] },
  { "name": "bench-1", "disks": [ { "size_mib": $size_mib, "seed": 1 } ] } ] }
JSON
export RUSTACK_SIM_STATE="$work/cloud"
bin/rustack-sim serve --state "$RUSTACK_SIM_STATE" --vms "$work/vms.json" --op-delay-ms 20 --no-guest-agents >"$work/sim.log" 2>&1 &
pids+=($!)
for _ in $(seq 600); do [ -f "$RUSTACK_SIM_STATE/sim.json" ] && break; sleep 0.1; done
[ -f "$RUSTACK_SIM_STATE/sim.json" ] || die "the simulator did not start: $(cat "$work/sim.log")"
sim_url=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["url"])' "$RUSTACK_SIM_STATE/sim.json")
volume=$(curl -sf "$sim_url/sim/state" | python3 -c '
import json, sys
s = json.load(sys.stdin)
vm = next(v for v in s["servers"] if v["name"] == "bench-1")
print(next(a["volume_id"] for a in s["attachments"] if a["server_id"] == vm["id"]))')
cp --sparse=always "$img" "$RUSTACK_SIM_STATE/volumes/$volume.img"

client_root="$work/client"
mkdir -p "$client_root/etc" "$client_root/modules"
conf="$client_root/etc/rb_module_rustack.conf"
{ cat "$RUSTACK_SIM_STATE/rb_module_rustack.conf"; echo "virsh $root/bin/sim/virsh"; } >"$conf"

say "server (SQLite catalog) and an authorized client"
server_root="$work/server"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
server="http://127.0.0.1:$port"
RUBACKUP_ROOT="$server_root" RUBACKUP_ADMIN_PASSWORD=bench-secret bin/rubackup-server --listen "$server" >"$work/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 300); do curl -sf "$server/openapi/v1.json" >/dev/null && break; sleep 0.1; done
export HOME="$work/home"; mkdir -p "$HOME"
admin() { bin/rb_admin --server "$server" "$@"; }
RUBACKUP_PASSWORD=bench-secret admin --user rubackup login >/dev/null
cat >"$client_root/etc/rubackup-client.conf" <<CONF
server $server
name bench-client
module_path $root/bin/rb_module_rustack
module_config $conf
CONF
RUBACKUP_ROOT="$client_root" bin/rubackup-client --quiet >"$work/client.log" 2>&1 &
pids+=($!)
for _ in $(seq 300); do admin clients list --json | grep -q bench-client && break; sleep 0.1; done
admin clients authorize bench-client >/dev/null
vm_id=$(RUBACKUP_ROOT="$client_root" bin/rb_module_rustack -c "$conf" -l --json | python3 -c 'import json,sys; print(next(v["id"] for v in json.load(sys.stdin) if v["name"] == "bench-1"))')

now() { date +%s.%N; }
direct=(); through=()
for round in $(seq "$rounds"); do
  say "round $round: rb_module_rustack -b into a local dedup repository"
  rm -rf "$work/local"
  bin/rb_repo init --repo "$work/local" --dedup >/dev/null
  cat "$RUSTACK_SIM_STATE/volumes/$volume.img" >/dev/null
  start=$(now)
  RUBACKUP_ROOT="$client_root" bin/rb_module_rustack -c "$conf" -b bench-1 --repo "$work/local" --type full >/dev/null
  direct+=("$(python3 -c "print(round($(now) - $start, 2))")")
  echo "   ${direct[-1]} s" >&2

  say "round $round: the same backup through the server (rule run now, until the task is done)"
  admin pools add "pool-$round" --kind dedup >/dev/null
  rule=$(admin rules add --name "bench-$round" --client bench-client --resource "$vm_id" --resource-name bench-1 \
    --pool "pool-$round" --schedule "0 3 * * *" --disabled --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  cat "$RUSTACK_SIM_STATE/volumes/$volume.img" >/dev/null
  start=$(now)
  task=$(admin rules run "$rule" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  admin tasks wait "$task" >/dev/null || die "task $task: $(admin tasks log "$task")"
  through+=("$(python3 -c "print(round($(now) - $start, 2))")")
  echo "   ${through[-1]} s" >&2
done

best() { printf '%s\n' "$@" | sort -n | head -1; }
d=$(best "${direct[@]}"); t=$(best "${through[@]}")
ratio=$(python3 -c "print(round($t / $d, 2))")
{
  echo "| ${size_mib} MiB VM, full backup into an empty dedup pool | best of $rounds (s) | all runs (s) |"
  echo "| --- | --- | --- |"
  echo "| rb_module_rustack -b into a local repository | $d | ${direct[*]} |"
  echo "| through rubackup-server (client, module, pool protocol) | $t | ${through[*]} |"
  echo
  echo "through the server / direct = **$ratio** (target ≤ 1.5)"
} | tee "$work/../server-results.md"
python3 -c "import sys; sys.exit(0 if $ratio <= 1.5 else 1)" || die "the server path is more than 1.5x slower"
