#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for tests: a fresh cluster in a temporary folder, listening
# on 127.0.0.1 only, superuser `postgres`, no password (trust). Nothing outside the folder changes.
#
#   eval "$(bash scripts/ci/start-postgres.sh)"    # start; exports TEST_DATABASE_URL and friends
#   source scripts/ci/start-postgres.sh            # the same, from bash
#   npm test                                       # integration tests now also run on PostgreSQL
#   bash scripts/ci/start-postgres.sh stop         # stop it and delete its folder ($ROSTER_PG_DIR)
#   source scripts/ci/start-postgres.sh stop       # the same, and unset the variables
#   bash scripts/ci/start-postgres.sh pause DIR    # stop the server at once (as if it crashed),
#                                                  # keeping its data (e2e/outage.spec.ts)
#   bash scripts/ci/start-postgres.sh resume DIR   # start it again, on the same port
#
# Standard output carries only the `export` lines; progress goes to standard error.
#
# Settings (environment):
#   PG_PORT    first port to try (default 55432); the next free one up to PG_PORT+50 is used
#   PG_BIN     folder with initdb/pg_ctl (default /usr/lib/postgresql/15/bin, else what is found)
#   PG_RUN_AS  when run as root (PostgreSQL refuses to run as root): the user to run it as
#              (default roster-pg; .ci/run creates it)
#
# The server is tuned for tests, not for keeping data: fsync and synchronous_commit are off.

# Sourced: run this file as a child process (so its `set -e` and variables stay out of the
# caller's shell) and evaluate the exports it prints.
if [ -n "${BASH_SOURCE:-}" ] && [ "${BASH_SOURCE[0]}" != "$0" ]; then
  __roster_pg_exports="$(bash "${BASH_SOURCE[0]}" "$@")" && eval "$__roster_pg_exports"
  __roster_pg_status=$?
  if [ "$__roster_pg_status" -eq 0 ] && [ "${1:-}" = stop ]; then
    unset TEST_DATABASE_URL ROSTER_PG_DIR ROSTER_PG_PORT ROSTER_PG_BIN
  fi
  unset __roster_pg_exports
  # shellcheck disable=SC2152
  return "$__roster_pg_status"
fi

set -euo pipefail

log() { printf '[postgres] %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

find_bin() {
  if [ -n "${PG_BIN:-}" ]; then
    [ -x "$PG_BIN/initdb" ] || die "PG_BIN=$PG_BIN has no initdb"
    printf '%s\n' "$PG_BIN"
    return
  fi
  if [ -x /usr/lib/postgresql/15/bin/initdb ]; then
    printf '%s\n' /usr/lib/postgresql/15/bin
    return
  fi
  local candidate
  # Any other Debian-packaged version, newest first.
  for candidate in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -t/ -k5 -rn); do
    if [ -x "$candidate/initdb" ]; then
      printf '%s\n' "$candidate"
      return
    fi
  done
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
    return
  fi
  if command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return
  fi
  die "no PostgreSQL server binaries found (Debian: apt-get install -y postgresql-15); or set PG_BIN"
}

# Runs a command as the PostgreSQL user: ourselves, or PG_RUN_AS when we are root.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    # cd /: the user may not be allowed into the caller's working directory.
    (cd / && runuser -u "$PG_USER" -- "$@")
  else
    "$@"
  fi
}

port_in_use() {
  # Connecting succeeds only when something listens there.
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# pg_ctl start of the cluster in $2 on port $3 (binaries in $1), waiting until it accepts connections.
start_server() {
  local bin="$1" dir="$2" port="$3"
  # The Unix socket goes into our folder (the default /var/run/postgresql may not be writable).
  # pg_stat_statements (in Debian's postgresql package) lets `npm run bench -- http` read the
  # time PostgreSQL itself spends on a page's statements.
  if ! as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track_planning=on" \
    start >/dev/null; then
    cat "$dir/postgres.log" >&2
    return 1
  fi
}

start() {
  # bin, dir and data stay global: the EXIT trap below needs them after the function is gone.
  local port last
  bin="$(find_bin)"
  PG_USER="${PG_RUN_AS:-roster-pg}"
  if [ "$(id -u)" -eq 0 ]; then
    id -u "$PG_USER" >/dev/null 2>&1 ||
      die "PostgreSQL does not run as root, and user '$PG_USER' does not exist. Create it (useradd --system --user-group --no-create-home --shell /usr/sbin/nologin $PG_USER) or set PG_RUN_AS."
    command -v runuser >/dev/null 2>&1 || die "running as root needs runuser (util-linux)"
  fi

  port="${PG_PORT:-55432}"
  last=$((port + 50))
  while port_in_use "$port"; do
    port=$((port + 1))
    [ "$port" -le "$last" ] || die "no free port in ${PG_PORT:-55432}..$last"
  done

  dir="$(mktemp -d "${TMPDIR:-/tmp}/roster-pg.XXXXXX")"
  data="$dir/data"
  # From here on, a failure removes the half-made cluster (the trap is cleared on success).
  trap 'as_pg "$bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
  if [ "$(id -u)" -eq 0 ]; then
    chown "$PG_USER" "$dir"
  fi

  log "$("$bin/postgres" --version), data in $data"
  # C locale, UTF-8: needs no generated locales, and sorts like the embedded PGlite database.
  as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C --no-sync \
    --no-instructions >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    false
  }

  echo "$port" >"$dir/port"
  start_server "$bin" "$dir" "$port"

  # pg_ctl -w already waited; make sure TCP connections are accepted before anyone relies on it.
  local tries=0 isready="$bin/pg_isready"
  [ -x "$isready" ] || isready="$(command -v pg_isready || true)"
  if [ -n "$isready" ]; then
    until "$isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres; do
      tries=$((tries + 1))
      if [ "$tries" -ge 60 ]; then
        cat "$dir/postgres.log" >&2
        die "the server did not accept connections on 127.0.0.1:$port within 30 s"
      fi
      sleep 0.5
    done
  fi
  trap - EXIT

  local url="postgresql://postgres@127.0.0.1:$port/postgres"
  log "ready: $url (stop: bash scripts/ci/start-postgres.sh stop $dir)"
  printf "export TEST_DATABASE_URL='%s'\n" "$url"
  printf "export ROSTER_PG_DIR='%s'\n" "$dir"
  printf "export ROSTER_PG_PORT='%s'\n" "$port"
  printf "export ROSTER_PG_BIN='%s'\n" "$bin"
}

stop() {
  local dir="${1:-${ROSTER_PG_DIR:-}}"
  [ -n "$dir" ] || die "stop: which server? Pass its folder or set ROSTER_PG_DIR"
  [ -d "$dir" ] || {
    log "nothing to stop: $dir does not exist"
    return 0
  }
  # Refuse anything that does not look like a folder this script made.
  case "$(basename "$dir")" in
    roster-pg.*) ;;
    *) die "stop: $dir was not made by this script (expected .../roster-pg.XXXXXX)" ;;
  esac
  local bin="${ROSTER_PG_BIN:-}"
  [ -n "$bin" ] && [ -x "$bin/pg_ctl" ] || bin="$(find_bin)"
  PG_USER="${PG_RUN_AS:-$(stat -c %U "$dir" 2>/dev/null || echo roster-pg)}"
  if [ -f "$dir/data/postmaster.pid" ]; then
    if as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1; then
      log "stopped the server in $dir"
    else
      # Last resort: the postmaster's pid is the first line of postmaster.pid.
      local pid
      pid="$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)"
      if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        log "pg_ctl stop failed; sending SIGQUIT to postmaster $pid"
        kill -QUIT "$pid" 2>/dev/null || true
        sleep 1
      fi
    fi
  fi
  rm -rf "$dir"
  log "deleted $dir"
}

# The folder to pause or resume: $1, else ROSTER_PG_DIR; only one this script made.
made_here() {
  local dir="${1:-${ROSTER_PG_DIR:-}}"
  [ -n "$dir" ] || die "which server? Pass its folder or set ROSTER_PG_DIR"
  case "$(basename "$dir")" in
    roster-pg.*) [ -f "$dir/port" ] || die "$dir has no port file (made by an older version?)" ;;
    *) die "$dir was not made by this script (expected .../roster-pg.XXXXXX)" ;;
  esac
  printf '%s\n' "$dir"
}

pause() {
  local dir bin
  dir="$(made_here "${1:-}")"
  bin="${ROSTER_PG_BIN:-}"
  [ -n "$bin" ] && [ -x "$bin/pg_ctl" ] || bin="$(find_bin)"
  PG_USER="${PG_RUN_AS:-$(stat -c %U "$dir")}"
  # Immediate: every backend is killed without a goodbye, as when the server crashes.
  as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null
  log "paused the server in $dir"
}

resume() {
  local dir bin
  dir="$(made_here "${1:-}")"
  bin="${ROSTER_PG_BIN:-}"
  [ -n "$bin" ] && [ -x "$bin/pg_ctl" ] || bin="$(find_bin)"
  PG_USER="${PG_RUN_AS:-$(stat -c %U "$dir")}"
  start_server "$bin" "$dir" "$(cat "$dir/port")"
  log "resumed the server in $dir"
}

case "${1:-start}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  pause) pause "${2:-}" ;;
  resume) resume "${2:-}" ;;
  *)
    echo "usage: $0 [start | stop [DIR] | pause [DIR] | resume [DIR]]" >&2
    exit 2
    ;;
esac
