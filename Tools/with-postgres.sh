#!/usr/bin/env bash
# Runs a command beside a private PostgreSQL cluster: a fresh data folder under /tmp, a free loopback
# port, trust authentication for loopback only. The command gets the cluster's address in
# SPARRING_TEST_PG and shell commands that stop and start it in SPARRING_TEST_PG_STOP / _START.
# The cluster is stopped and its folder removed when the command ends, however it ends.
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ]; then
	echo "PostgreSQL's server is not installed; run: sudo apt-get install -y postgresql" >&2
	exit 1
fi
data=$(mktemp -d /tmp/sparring-test-pg.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# initdb refuses to run as root: the cluster belongs to the postgres user then
as=()
if [ "$(id -u)" = 0 ]; then
	chown postgres: "$data"
	as=(runuser -u postgres --)
fi
pg_ctl="${as[*]} $bin/pg_ctl -D $data/cluster -l $data/server.log -w"
options="-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off"

stop() {
	$pg_ctl -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$data"
}
trap stop EXIT

"${as[@]}" "$bin/initdb" -D "$data/cluster" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
$pg_ctl -o "$options" start >/dev/null

export SPARRING_TEST_PG="postgres://postgres@127.0.0.1:$port/postgres"
export SPARRING_TEST_PG_STOP="$pg_ctl -m immediate stop"
export SPARRING_TEST_PG_START="$pg_ctl -o '$options' start"
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') for the tests on 127.0.0.1:$port ($data)"
"$@"
