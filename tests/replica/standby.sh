#!/usr/bin/env bash
# A streaming standby of the machine's PostgreSQL for tests/replica: Debian's cluster
# <version>/standby on 127.0.0.1:5433, made with `pg_basebackup -R` from the primary on :5432.
#
# Idempotent: a standby that is already streaming is left alone (its replay resumed if a test
# left it paused); a stopped one is started; one that cannot stream (never made, made from
# another primary, fallen too far behind) is made again. Needs root. On failure the last line
# says why. Used by tests/replica/conftest.py and .ci/run.
set -euo pipefail

PRIMARY_PORT="${PRIMARY_PORT:-5432}"
STANDBY_PORT="${STANDBY_PORT:-5433}"
NAME=standby
SLOT=hukou_standby
VERSION="$(ls /etc/postgresql | head -n1)"
BIN="/usr/lib/postgresql/$VERSION/bin"
CONF="/etc/postgresql/$VERSION/$NAME"
DATA="/var/lib/postgresql/$VERSION/$NAME"
PRIMARY_CONF="/etc/postgresql/$VERSION/main"

fail() { echo "standby: $*" >&2; exit 1; }
primary() { psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -d postgres -Atqc "$1"; }
standby() { psql -h 127.0.0.1 -p "$STANDBY_PORT" -U postgres -d postgres -Atqc "$1" 2>/dev/null; }

streaming() {
  for _ in $(seq "${1:-30}"); do
    [ "$(standby "select status from pg_stat_wal_receiver")" = streaming ] && return 0
    sleep 1
  done
  return 1
}

# The primary still keeps what the standby has not replayed.
slot_kept() { [ -n "$(primary "select 1 from pg_replication_slots where slot_name = '$SLOT' and wal_status is distinct from 'lost'")" ]; }

exec 9>/tmp/hukou-standby.lock
flock -w 600 9 || fail "another set-up of the standby did not finish within 10 minutes"

[ "$(id -u)" = 0 ] || fail "making the PostgreSQL standby needs root"
pg_isready -h 127.0.0.1 -p "$PRIMARY_PORT" -q || fail "the primary PostgreSQL is not running on 127.0.0.1:$PRIMARY_PORT"

# The primary: WAL a standby can replay, senders for it, and replication connections from here.
if [ "$(primary "show wal_level")" = minimal ] || [ "$(primary "show max_wal_senders")" = 0 ]; then
  echo "standby: setting wal_level=replica and max_wal_senders=10 on the primary and restarting it"
  primary "alter system set wal_level = replica" && primary "alter system set max_wal_senders = 10"
  pg_ctlcluster --skip-systemctl-redirect "$VERSION" main restart 9>&-
fi
if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$PRIMARY_CONF/pg_hba.conf"; then
  echo "standby: allowing replication connections from 127.0.0.1 on the primary"
  sed -i '1i host replication all 127.0.0.1/32 trust  # hukou tests/replica: the local standby' "$PRIMARY_CONF/pg_hba.conf"
  primary "select pg_reload_conf()" >/dev/null
fi
# The standby's slot keeps the WAL it has not replayed yet (a busy primary recycles it within
# seconds), but never more than this: a standby left stopped for long is made again instead.
if [ "$(primary "show max_slot_wal_keep_size")" = -1 ]; then
  primary "alter system set max_slot_wal_keep_size = '4GB'" && primary "select pg_reload_conf()" >/dev/null
fi

if ! slot_kept; then
  :  # made again below
elif pg_lsclusters -h | awk -v v="$VERSION" -v n="$NAME" '$1 == v && $2 == n' | grep -q online; then
  if [ "$(standby "select pg_is_in_recovery()")" = t ] && streaming 10; then
    standby "select pg_wal_replay_resume()" >/dev/null
    echo "standby: streaming on 127.0.0.1:$STANDBY_PORT"
    exit 0
  fi
elif [ -f "$DATA/standby.signal" ]; then
  pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$NAME" start -- -t 60 9>&- || true
  if [ "$(standby "select pg_is_in_recovery()")" = t ] && streaming 30; then
    standby "select pg_wal_replay_resume()" >/dev/null
    echo "standby: started, streaming on 127.0.0.1:$STANDBY_PORT"
    exit 0
  fi
fi

echo "standby: making $VERSION/$NAME on port $STANDBY_PORT with pg_basebackup -R from port $PRIMARY_PORT"
if pg_lsclusters -h | awk -v v="$VERSION" -v n="$NAME" '$1 == v && $2 == n' | grep -q .; then
  pg_dropcluster --stop "$VERSION" "$NAME"
fi
primary "select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = '$SLOT'" >/dev/null
pg_createcluster -q -p "$STANDBY_PORT" "$VERSION" "$NAME" >/dev/null
# The primary's client rules (trust on 127.0.0.1), and the settings a hot standby must not have
# below the primary's.
cp "$PRIMARY_CONF/pg_hba.conf" "$CONF/pg_hba.conf"
{
  echo "# Written by tests/replica/standby.sh"
  echo "listen_addresses = '127.0.0.1'"
  echo "hot_standby = on"
  for setting in max_connections max_worker_processes max_wal_senders max_prepared_transactions max_locks_per_transaction; do
    echo "$setting = $(primary "show $setting")"
  done
} >"$CONF/conf.d/hukou-standby.conf"
install -d -o postgres -g postgres -m 700 "$DATA"
find "$DATA" -mindepth 1 -delete
runuser -u postgres -- "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$DATA" \
  -R -X stream -c fast -C -S "$SLOT" || fail "pg_basebackup from 127.0.0.1:$PRIMARY_PORT failed"
pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$NAME" start -- -t 300 9>&- || fail "the standby did not start: see /var/log/postgresql/postgresql-$VERSION-$NAME.log"
streaming 60 || fail "the standby on port $STANDBY_PORT started but is not streaming: see /var/log/postgresql/postgresql-$VERSION-$NAME.log"
echo "standby: made, streaming on 127.0.0.1:$STANDBY_PORT"
