#!/usr/bin/env bash
# Builds, then runs the main job on embedded defaults: the RUSTACK cloud simulator starts with its
# default cloud (a backup VM, web-1 with 2 disks, db-1 with 3), rb_module_rustack backs up web-1 in
# full (running the guest's rustack.sh before and after the snapshot through the real qemu-ga), the
# guest "writes" to its disks, an incremental follows, and the incremental is restored twice: to a
# local folder and by deployment as a new VM. Every restored disk is compared byte for byte with the
# source; the cloud is checked for leftovers; everything started is stopped.
set -euo pipefail
cd "$(dirname "$0")"
root="$PWD"
work="$(mktemp -d "${TMPDIR:-/tmp}/rubackup-demo.XXXXXX")"
sim_pid=""
cleanup() {
  if [ -n "$sim_pid" ] && kill -0 "$sim_pid" 2>/dev/null; then
    kill -TERM "$sim_pid"; wait "$sim_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
for tool in python3 curl; do command -v "$tool" >/dev/null || { echo "demo needs $tool (apt-get install $tool)"; exit 1; }; done
command -v qemu-ga >/dev/null || echo "note: qemu-guest-agent is not installed (apt-get install qemu-guest-agent): guest scripts are skipped"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*" >&2; "$@"; }
state() { curl -sf "$url/sim/state"; }

step "build (Release) into bin/"
./build.sh

step "start the RUSTACK simulator (Keystone v3, Nova v2.1, Cinder v3 on 127.0.0.1)"
export RUSTACK_SIM_STATE="$work/cloud" RUBACKUP_ROOT="$work/rubackup"
mkdir -p "$RUBACKUP_ROOT/etc" "$RUBACKUP_ROOT/keys"
bin/rustack-sim serve --state "$RUSTACK_SIM_STATE" >"$work/sim.log" 2>&1 &
sim_pid=$!
for _ in $(seq 600); do [ -f "$RUSTACK_SIM_STATE/sim.json" ] && break; kill -0 "$sim_pid" || { cat "$work/sim.log"; exit 1; }; sleep 0.1; done
url=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["url"])' "$RUSTACK_SIM_STATE/sim.json")
echo "cloud at $url"

step "the module's configuration: the simulator's, with the virsh shim for guest scripts"
conf="$RUBACKUP_ROOT/etc/rb_module_rustack.conf"
{ cat "$RUSTACK_SIM_STATE/rb_module_rustack.conf"; echo "virsh $root/bin/sim/virsh"; } >"$conf"
grep -v password "$conf"
module() { run bin/rb_module_rustack -c "$conf" "$@"; }

step "check the configuration and list the project's VMs"
module -t
module -l

step "a guest script inside web-1: /opt/rubackup/scripts/rustack.sh before|after"
guest_scripts="$RUSTACK_SIM_STATE/vms/web-1/guest/opt/rubackup/scripts"
mkdir -p "$guest_scripts"
cat >"$guest_scripts/rustack.sh" <<'SCRIPT'
#!/bin/sh
# Runs inside the guest through qemu-guest-agent: a real script would flush an application here.
echo "$(date +%H:%M:%S.%N) rustack.sh $1" >> /opt/rubackup/scripts/rustack.log
SCRIPT
chmod +x "$guest_scripts/rustack.sh"

step "the master key and a deduplicating, encrypted pool"
key="$RUBACKUP_ROOT/keys/master-key"
run bin/rb_repo keygen --out "$key"
run bin/rb_repo init --repo "$work/pool" --dedup --key "$key"

step "full backup of web-1 (every disk: snapshot, volume, attach, read, clean up)"
module -b web-1 --repo "$work/pool" --type full --key "$key"
echo "what the guest script logged:"; cat "$guest_scripts/rustack.log"

step "the guest writes: 3% of each of web-1's disks rewritten"
volumes=$(state | python3 -c 'import json,sys; s=json.load(sys.stdin); print(" ".join(v["id"] for v in s["volumes"] if v["name"].startswith("web-1-disk")))')
for v in $volumes; do run python3 tools/mkimage.py mutate "$RUSTACK_SIM_STATE/volumes/$v.img" 3 "$RANDOM"; done

step "incremental backup of web-1: only changed chunks are read into the pool"
module -b web-1 --repo "$work/pool" --type incremental --key "$key"
run bin/rb_repo list --repo "$work/pool"
inc=$(bin/rb_repo list --repo "$work/pool" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[-1]["id"])')

step "restore the incremental to a local folder (-X) and compare with the disks"
module -r "$inc" --repo "$work/pool" --key "$key" -X --target "$work/restored"
for v in $volumes; do run cmp "$work/restored/$v.raw" "$RUSTACK_SIM_STATE/volumes/$v.img"; done
echo "every disk equals its source"

step "restore the incremental by deployment (-x): a new VM, named with a postfix because web-1 exists"
module -r "$inc" --repo "$work/pool" --key "$key" -x
module -l
python3 - "$RUSTACK_SIM_STATE" $volumes <<'CHECK'
import json, os, sys, urllib.request
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
    print(f"deployed volume {names[volume]} equals source volume {match[0]}")
leftovers = [v["name"] for v in state["volumes"] + state["snapshots"] if v.get("metadata", {}).get("rubackup_temporary") == "true"]
assert not leftovers, f"temporary resources left: {leftovers}"
print("no temporary snapshot or volume left in the cloud")
CHECK

step "stop the simulator (and its guest agents)"
kill -TERM "$sim_pid"; wait "$sim_pid" 2>/dev/null || true; sim_pid=""
echo
echo "demo finished: web-1 backed up (full + incremental), restored to a folder and as a new VM, bytes equal, nothing left behind"
