#!/usr/bin/env bash
# Installs what the tests need (Debian packages, only when missing), builds everything, runs every
# test project, and ends with one line: "N passed, N failed, N skipped". Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")"
root="$PWD"

# Debian packages the tests use; each entry is "command-to-check:package".
requirements=(
  "python3:python3"
  "openstack:python3-openstackclient"
  "qemu-ga:qemu-guest-agent"
  # The web console's tests drive Debian's Chromium through Playwright (DEVELOPERS.md lists the flags).
  "chromium:chromium"
)
missing=()
for entry in "${requirements[@]}"; do
  command -v "${entry%%:*}" >/dev/null 2>&1 || missing+=("${entry#*:}")
done
# The PostgreSQL server binaries are not on PATH in Debian: look for any version's initdb.
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=("postgresql")
# The notification tests send mail to a real SMTP server on loopback: Debian's aiosmtpd, run by Debian's python.
/usr/bin/python3 -c "import aiosmtpd" >/dev/null 2>&1 || missing+=("python3-aiosmtpd")
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then apt=(apt-get); else apt=(sudo apt-get); fi
  "${apt[@]}" update -qq && DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq "${missing[@]}" >/dev/null \
    || { echo "could not install: ${missing[*]}"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "the .NET 10 SDK (dotnet) is required"; echo "0 passed, 1 failed, 0 skipped"; exit 1
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if ! dotnet build RuBackup.slnx -c Release --nologo -v quiet -clp:ErrorsOnly; then
  echo "build failed"; echo "0 passed, 1 failed, 0 skipped"; exit 1
fi

# The catalog's tests (and the server's on PostgreSQL) need a real PostgreSQL: a throwaway one on
# 127.0.0.1:54329, stopped and removed however this script ends.
trap '"$root/tests/postgres.sh" stop >/dev/null 2>&1 || true' EXIT
if ! RUBACKUP_TEST_PG="$(tests/postgres.sh start)"; then
  echo "could not start the test PostgreSQL (tests/postgres.sh start)"; echo "0 passed, 1 failed, 0 skipped"; exit 1
fi
export RUBACKUP_TEST_PG

results="$root/.test/results"
rm -rf "$results"; mkdir -p "$results"
status=0
for project in tests/*/*.csproj; do
  name="$(basename "$project" .csproj)"
  echo "== $name"
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" || status=1
done

passed=0; failed=0; skipped=0; found=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  found=1
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  total=$(get total); executed=$(get executed); p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout); a=$(get aborted)
  passed=$((passed + p)); failed=$((failed + f + ${e:-0} + ${t:-0} + ${a:-0})); skipped=$((skipped + total - executed))
done
if [ "$found" = 0 ]; then failed=$((failed + 1)); fi
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
