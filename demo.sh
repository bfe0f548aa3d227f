#!/usr/bin/env bash
# Builds, then runs the main job on embedded defaults, the way an administrator and a client would:
#  1. the RUSTACK cloud simulator starts (a backup VM, web-1 with 2 disks, db-1 with 3);
#  2. rubackup-server starts on 127.0.0.1 with its SQLite catalog; the superuser logs in (rb_admin);
#  3. rubackup-client starts on the "backup VM": it creates its master key and signing keys,
#     registers, and waits; the administrator authorizes it;
#  4. a deduplicating pool and a rule for web-1 (encrypted on the client) are created;
#  5. the rule is run now: a full backup (the guest's rustack.sh runs before and after the snapshot);
#  6. the guest writes; the rule is run now as an incremental;
#  7. the client restores the incremental with `rb_archives -x` (a new VM, web-1-1) and with
#     `rb_archives -X` (raw images); every disk is compared with the source;
#  8. the task list is printed (rb_tasks on the client, rb_admin tasks list on the server), the
#     catalog is checked against the pool, and everything started is stopped.
# Everything lives in a temporary folder that is removed at the end.
set -euo pipefail
cd "$(dirname "$0")"
root="$PWD"
work="$(mktemp -d "${TMPDIR:-/tmp}/rubackup-demo.XXXXXX")"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
for tool in python3 curl; do command -v "$tool" >/dev/null || { echo "demo needs $tool (apt-get install $tool)"; exit 1; }; done
command -v qemu-ga >/dev/null || echo "note: qemu-guest-agent is not installed (apt-get install qemu-guest-agent): guest scripts are skipped"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*" >&2; "$@"; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
wait_for() { for _ in $(seq 600); do eval "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "timed out: $2"; exit 1; }

step "build (Release) into bin/"
./build.sh

step "1. start the RUSTACK simulator (Keystone v3, Nova v2.1, Cinder v3 on 127.0.0.1)"
export RUSTACK_SIM_STATE="$work/cloud"
bin/rustack-sim serve --state "$RUSTACK_SIM_STATE" >"$work/sim.log" 2>&1 &
pids+=($!)
wait_for "[ -f $RUSTACK_SIM_STATE/sim.json ]" "the simulator"
sim_url=$(field '["url"]' <"$RUSTACK_SIM_STATE/sim.json")
echo "cloud at $sim_url"
guest_scripts="$RUSTACK_SIM_STATE/vms/web-1/guest/opt/rubackup/scripts"
mkdir -p "$guest_scripts"
cat >"$guest_scripts/rustack.sh" <<'SCRIPT'
#!/bin/sh
# Runs inside the guest through qemu-guest-agent: a real script would flush an application here.
echo "$(date +%H:%M:%S.%N) rustack.sh $1" >> /opt/rubackup/scripts/rustack.log
SCRIPT
chmod +x "$guest_scripts/rustack.sh"

step "2. start rubackup-server (SQLite catalog in its data folder) and log in as the superuser"
server_root="$work/server"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
server="http://127.0.0.1:$port"
echo "$ RUBACKUP_ROOT=$server_root RUBACKUP_ADMIN_PASSWORD=... bin/rubackup-server --listen $server"
RUBACKUP_ROOT="$server_root" RUBACKUP_ADMIN_PASSWORD=demo-secret bin/rubackup-server --listen "$server" >"$work/server.log" 2>&1 &
pids+=($!)
wait_for "curl -sf $server/openapi/v1.json" "the server"
export HOME="$work/admin-home"   # rb_admin keeps its token in ~/.rubackup
mkdir -p "$HOME"
admin() { run bin/rb_admin --server "$server" "$@"; }
RUBACKUP_PASSWORD=demo-secret admin --user rubackup login

step "3. start rubackup-client on the backup VM; it registers and waits for authorization"
client_root="$work/client"
mkdir -p "$client_root/etc"
{ cat "$RUSTACK_SIM_STATE/rb_module_rustack.conf"; echo "virsh $root/bin/sim/virsh"; } >"$client_root/etc/rb_module_rustack.conf"
cat >"$client_root/etc/rubackup-client.conf" <<CONF
server $server
name backup-vm
module_path $root/bin/rb_module_rustack
CONF
cat "$client_root/etc/rubackup-client.conf"
RUBACKUP_ROOT="$client_root" bin/rubackup-client --quiet >"$work/client.log" 2>&1 &
pids+=($!)
wait_for "bin/rb_admin --server $server clients list --unauthorized --json | grep -q backup-vm" "the client's registration"
admin clients list --unauthorized
admin clients authorize backup-vm
echo "the client's log:"; head -3 "$client_root/log/RuBackup.log"
echo "its master key (keep a copy offline):"; hexdump "$client_root/keys/master-key" 2>/dev/null || od -x "$client_root/keys/master-key"

step "4. a deduplicating pool and a rule for web-1 (encrypted on the client, status wait)"
admin pools add dedup --kind dedup
wait_for "bin/rb_admin --server $server clients resources backup-vm --json | grep -q web-1" "the client's list of VMs (rb_module_rustack -l)"
admin clients resources backup-vm
vm_id=$(bin/rb_admin --server "$server" clients resources backup-vm --json | python3 -c 'import json,sys; print(next(r["id"] for r in json.load(sys.stdin) if r["name"]=="web-1"))')
rule=$(admin rules add --name web-1-daily --client backup-vm --resource "$vm_id" --resource-name web-1 --pool dedup \
  --type full --schedule "0 2 * * *" --retention-days 30 --encryption aes-256-gcm --disabled --json | field '["id"]')
admin rules list

step "5. run the rule now: a full backup"
task=$(admin rules run "$rule" --json | field '["id"]')
admin tasks wait "$task"
echo "what the guest script logged:"; cat "$guest_scripts/rustack.log"

step "6. the guest writes (3% of each disk), then an incremental backup"
volumes=$(curl -sf "$sim_url/sim/state" | python3 -c 'import json,sys; s=json.load(sys.stdin); print(" ".join(v["id"] for v in s["volumes"] if v["name"].startswith("web-1-disk")))')
for v in $volumes; do run python3 tools/mkimage.py mutate "$RUSTACK_SIM_STATE/volumes/$v.img" 3 "$RANDOM"; done
task=$(admin rules run "$rule" --type incremental --json | field '["id"]')
admin tasks wait "$task"
admin archives list
inc=$(bin/rb_admin --server "$server" archives list --json | field '[0]["id"]')

step "7. on the client: restore the incremental by deployment (-x) and into a folder (-X)"
export RUBACKUP_ROOT="$client_root"
run bin/rb_archives
run bin/rb_archives -x "$inc"
run bin/rb_archives -X "$inc" -d "$work/restored"
for v in $volumes; do run cmp "$work/restored/$v.raw" "$RUSTACK_SIM_STATE/volumes/$v.img"; done
echo "every disk restored into the folder equals its source"
python3 - "$RUSTACK_SIM_STATE" $volumes <<'CHECK'
import json, sys, urllib.request
state_dir, sources = sys.argv[1], sys.argv[2:]

def same_disk(deployed, source):
    # Cinder sizes volumes in whole GiB: the deployed volume holds the disk, then zeros.
    with open(deployed, "rb") as d, open(source, "rb") as s:
        while block := s.read(1 << 20):
            if d.read(len(block)) != block:
                return False
        return all(not block.strip(b"\0") for block in iter(lambda: d.read(1 << 20), b""))
url = json.load(open(f"{state_dir}/sim.json"))["url"]
state = json.load(urllib.request.urlopen(f"{url}/sim/state"))
new = next(s for s in state["servers"] if s["name"] == "web-1-1")
attached = [a["volume_id"] for a in state["attachments"] if a["server_id"] == new["id"]]
assert len(attached) == len(sources), f"web-1-1 has {len(attached)} volumes, web-1 has {len(sources)}"
names = {v["id"]: v["name"] for v in state["volumes"]}
for volume in attached:
    match = [s for s in sources if same_disk(f"{state_dir}/volumes/{volume}.img", f"{state_dir}/volumes/{s}.img")]
    assert match, f"deployed volume {names[volume]} equals no source disk"
    print(f"deployed VM web-1-1: volume {names[volume]} equals source volume {match[0]}")
leftovers = [v["name"] for v in state["volumes"] + state["snapshots"] if v.get("metadata", {}).get("rubackup_temporary") == "true"]
assert not leftovers, f"temporary resources left: {leftovers}"
print("no temporary snapshot or volume left in the cloud")
CHECK

step "8. the task list (client and server), the catalog checked against the pool"
run bin/rb_tasks
unset RUBACKUP_ROOT
admin tasks list
admin check

step "stop the client, the server and the simulator"
cleanup_pids=("${pids[@]}"); pids=()
for pid in "${cleanup_pids[@]}"; do kill -TERM "$pid"; done
for pid in "${cleanup_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
echo
echo "demo finished: web-1 backed up through the server (full + incremental), restored as a new VM and into a folder, bytes equal, nothing left behind"
