# shellcheck shell=bash
# Shared by scripts/demo.sh and scripts/test.sh: where the bench is, who runs it, and the private
# MariaDB and Redis that live under the bench's own folder, bound to 127.0.0.1 only.
set -euo pipefail

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ZGZ_BENCH=${ZGZ_BENCH:-/opt/zgz-bench}
case $ZGZ_BENCH in /*) ;; *) ZGZ_BENCH=$PWD/$ZGZ_BENCH ;; esac   # bench runs from inside it
ZGZ_BENCH=${ZGZ_BENCH%/}
ZGZ_BENCH_USER=${ZGZ_BENCH_USER:-zgz}        # bench refuses root: as root we run it as this user
ZGZ_SITE=${ZGZ_SITE:-zgz.localhost}
ZGZ_TEST_SITE=${ZGZ_TEST_SITE:-zgz-test.localhost}
ZGZ_DB_PORT=${ZGZ_DB_PORT:-3307}
ZGZ_PG_PORT=${ZGZ_PG_PORT:-5433}
ZGZ_PG_SITE=${ZGZ_PG_SITE:-zgz-pg.localhost}
ZGZ_TEST_PG_SITE=${ZGZ_TEST_PG_SITE:-zgz-test-pg.localhost}
ZGZ_DB_ROOT_PASSWORD=${ZGZ_DB_ROOT_PASSWORD:-zgz-root}
ZGZ_ADMIN_PASSWORD=${ZGZ_ADMIN_PASSWORD:-admin}
ZGZ_HTTP_PORT=${ZGZ_HTTP_PORT:-8000}
FRAPPE_BRANCH=${FRAPPE_BRANCH:-version-15}
SERVICES_DIR="$ZGZ_BENCH/.services"

say() { printf '\033[1m[zgz]\033[0m %s\n' "$*"; }
die() { printf '[zgz] error: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" = 0 ]; }

bench_home() {
	if is_root; then getent passwd "$ZGZ_BENCH_USER" | cut -d: -f6; else echo "$HOME"; fi
}

# Run a command as the bench user, in a login-like environment, from the bench folder when it exists.
as_bench() {
	local dir=/
	[ -d "$ZGZ_BENCH" ] && dir=$ZGZ_BENCH
	if is_root; then
		local home
		home=$(bench_home)
		# Keep the caller's environment (proxies, CA bundles, package mirrors) but not root's own
		# paths, which an ordinary user cannot read.
		(cd "$dir" && runuser -u "$ZGZ_BENCH_USER" -- env -u PYENV_ROOT -u PYENV_VERSION -u VIRTUAL_ENV \
			-u PYTHONPATH -u PIP_FIND_LINKS HOME="$home" USER="$ZGZ_BENCH_USER" LOGNAME="$ZGZ_BENCH_USER" \
			LANG=C.UTF-8 LC_ALL=C.UTF-8 \
			PATH="$home/.local/bin:$home/.local/share/zgz-bench-cli/bin:/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin" \
			"$@")
	else
		(cd "$dir" && PATH="$HOME/.local/share/zgz-bench-cli/bin:$PATH" "$@")
	fi
}

bench_cmd() { as_bench bench "$@"; }

ensure_bench_user() {
	is_root || return 0
	id "$ZGZ_BENCH_USER" >/dev/null 2>&1 || {
		say "creating the ordinary user '$ZGZ_BENCH_USER' to run bench (bench refuses to run as root)"
		useradd -m -s /bin/bash "$ZGZ_BENCH_USER"
	}
}

# System packages bench and the app need; installed only when missing and only when we can (root).
# PostgreSQL's server only when asked for (ensure_system_packages postgres): MariaDB is the default.
ensure_system_packages() {
	local missing=()
	[ "${1:-}" = postgres ] && [ -z "$(pg_bindir)" ] && missing+=(postgresql)
	[ "${1:-}" = postgres ] && ! command -v psql >/dev/null 2>&1 && missing+=(postgresql-client)
	command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server mariadb-client)
	command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
	command -v wkhtmltopdf >/dev/null 2>&1 || missing+=(wkhtmltopdf)
	[ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
	# The print formats' Song and Hei faces: their character maps give each glyph one character, so the
	# PDFs' text searches and copies as printed (Noto CJK, still used to draw the demo's seals, maps the
	# radicals ⾦ ⽅ ⻓ onto the glyphs of 金 方 长, and wkhtmltopdf writes those into the PDF's text)
	[ -f /usr/share/fonts/truetype/arphic/uming.ttc ] || missing+=(fonts-arphic-uming)
	[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)
	/usr/bin/python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv python3-dev)
	command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config libmariadb-dev)
	command -v git >/dev/null 2>&1 || missing+=(git)
	command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
	command -v rsync >/dev/null 2>&1 || missing+=(rsync)
	command -v curl >/dev/null 2>&1 || missing+=(curl)
	command -v make >/dev/null 2>&1 || missing+=(make)
	if [ ${#missing[@]} -gt 0 ]; then
		is_root || die "missing system packages: ${missing[*]} (install them, or run this as root)"
		say "installing system packages: ${missing[*]}"
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
	fi
	if ! yarn --version 2>/dev/null | grep -q '^1\.'; then
		is_root || die "bench needs yarn 1: run 'npm i -g yarn@1' as root"
		say "installing yarn 1 (Frappe v15 cannot use yarn 2+)"
		npm i -g yarn@1 >/dev/null 2>&1
	fi
}

# What the tests need on a machine that already has a bench (the app is copied in with rsync, the test
# site is asked with curl whether it is up).
# What `make test` needs even without a bench: rsync and curl, and wkhtmltopdf with the print fonts for
# the tier-1 checks that print 附件3/附件4 (searchable text, one page).
ensure_tools() {
	local missing=() tool
	for tool in rsync curl wkhtmltopdf; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
	[ -d /usr/share/fonts/truetype/arphic ] || missing+=(fonts-arphic-uming)
	[ -d /usr/share/fonts/truetype/wqy ] || missing+=(fonts-wqy-microhei)
	[ ${#missing[@]} -eq 0 ] && return 0
	is_root || die "missing programs: ${missing[*]} (install them, or run this as root)"
	say "installing ${missing[*]}"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# The bench CLI itself, from PyPI, in a virtualenv of the bench user's (Debian's python3: the default
# Python may live where an ordinary user cannot read).
ensure_bench_cli() {
	if as_bench sh -c 'command -v bench' >/dev/null 2>&1; then return 0; fi
	say "installing the bench CLI (frappe-bench) for $(is_root && echo "$ZGZ_BENCH_USER" || id -un)"
	as_bench /usr/bin/python3 -m venv "$(bench_home)/.local/share/zgz-bench-cli"
	as_bench "$(bench_home)/.local/share/zgz-bench-cli/bin/pip" install -q frappe-bench
}

# demo.sh leaves this file in the bench folder while its own `bench init` runs; it is removed when the
# bench is whole. A half bench that has it was begun by the script and may be built again from scratch.
INIT_MARKER="$ZGZ_BENCH/.zgz-init-started"

# What is at $ZGZ_BENCH: "none" (no folder, or an empty one), "whole" (a bench whose virtualenv imports
# frappe), or "half" (anything else: a `bench init` that stopped half-way, or a folder that is no bench).
bench_state() {
	if [ ! -d "$ZGZ_BENCH" ] || [ -z "$(ls -A "$ZGZ_BENCH" 2>/dev/null)" ]; then
		echo none
	elif [ ! -e "$INIT_MARKER" ] && [ -d "$ZGZ_BENCH/apps/frappe" ] && [ -x "$ZGZ_BENCH/env/bin/python" ] \
		&& as_bench env/bin/python -c 'import frappe' >/dev/null 2>&1; then
		echo whole
	else
		echo half
	fi
}

have_bench() { [ "$(bench_state)" = whole ]; }

# Processes working inside the bench folder (a `bench init` still running, its pip or yarn, servers),
# other than this script and the shells that started it.
pids_in_bench() {
	local p cwd ours=" " a=$$
	while [ "${a:-0}" -gt 1 ]; do
		ours+="$a "
		a=$(awk '{print $4}' "/proc/$a/stat" 2>/dev/null)
	done
	for p in /proc/[0-9]*; do
		cwd=$(readlink "$p/cwd" 2>/dev/null) || continue
		case "$cwd/" in "$ZGZ_BENCH"/*) ;; *) continue ;; esac
		case $ours in *" ${p#/proc/} "*) ;; *) echo "${p#/proc/}" ;; esac
	done
}

# A local FRAPPE_PATH must be a git repository the bench user can read, holding FRAPPE_BRANCH:
# `bench init` lists its branches (git ls-remote) and clones one, and says only "Invalid frappe path"
# when git refuses. Git refuses another user's repository ("dubious ownership") unless both the folder
# and its .git are in the reader's safe.directory.
check_frappe_path() {
	[ -n "${FRAPPE_PATH:-}" ] || return 0
	case $FRAPPE_PATH in *://* | git@*) return 0 ;; esac   # a URL: bench clones it as it is
	[ -d "$FRAPPE_PATH" ] || die "FRAPPE_PATH=$FRAPPE_PATH is not a folder"
	FRAPPE_PATH=$(realpath "$FRAPPE_PATH")
	local user owner out dir
	user=$(is_root && echo "$ZGZ_BENCH_USER" || id -un)
	owner=$(stat -c %U "$FRAPPE_PATH")
	list_branch() { as_bench git ls-remote --heads --tags "$FRAPPE_PATH" "$FRAPPE_BRANCH" 2>&1; }
	if ! out=$(list_branch); then
		case $out in
		*"dubious ownership"*)
			is_root || die "FRAPPE_PATH=$FRAPPE_PATH belongs to $owner and git refuses another user's repository" \
				"('dubious ownership'): run 'git config --global --add safe.directory $FRAPPE_PATH' and the same" \
				"for $FRAPPE_PATH/.git, or chown -R it to $user"
			for dir in "$FRAPPE_PATH" "$FRAPPE_PATH/.git"; do
				as_bench git config --global --get-all safe.directory 2>/dev/null | grep -qxF "$dir" \
					|| as_bench git config --global --add safe.directory "$dir"
			done
			say "FRAPPE_PATH $FRAPPE_PATH belongs to $owner, not $user, and git refuses such a repository" \
				"('dubious ownership'): added it to $user's safe.directory in $(bench_home)/.gitconfig"
			out=$(list_branch) || die "FRAPPE_PATH=$FRAPPE_PATH: git still refuses it for $user: ${out%%$'\n'*}"
			;;
		*) die "FRAPPE_PATH=$FRAPPE_PATH is not a git repository that $user can read: ${out%%$'\n'*}" ;;
		esac
	fi
	[ -n "$out" ] || die "FRAPPE_PATH=$FRAPPE_PATH has no branch or tag '$FRAPPE_BRANCH': set FRAPPE_BRANCH to" \
		"one of its branches: $(as_bench git -C "$FRAPPE_PATH" for-each-ref --format='%(refname:short)' refs/heads | paste -sd ' ' -)"
	if [ -n "$(as_bench git -C "$FRAPPE_PATH" --no-optional-locks status --porcelain --untracked-files=no 2>/dev/null)" ]; then
		say "warning: FRAPPE_PATH $FRAPPE_PATH has uncommitted changes; bench init clones the committed" \
			"branch $FRAPPE_BRANCH, so they will not be in the bench"
	fi
}

# --- private MariaDB -------------------------------------------------------------------------------
mariadb_cnf() { echo "$SERVICES_DIR/mariadb/my.cnf"; }
mariadb_sock() { echo "$SERVICES_DIR/mariadb/mysqld.sock"; }

db_ping() {
	as_bench mariadb-admin --socket="$(mariadb_sock)" -uroot -p"$ZGZ_DB_ROOT_PASSWORD" ping >/dev/null 2>&1
}

# detached CMD…: runs CMD (which starts a server or a worker that outlives it) with none of the caller's open files
# beyond the standard three. A server keeps what it inherits for as long as it runs: started by a
# command run under flock(1), it would otherwise hold that lock until it stops.
detached() (
	local fd
	for fd in $(ls "/proc/$BASHPID/fd"); do
		[ "$fd" -gt 2 ] && eval "exec $fd>&-"
	done
	"$@"
)

start_mariadb() {
	local dir="$SERVICES_DIR/mariadb"
	if [ -S "$(mariadb_sock)" ] && db_ping; then return 0; fi
	as_bench mkdir -p "$dir/data"
	as_bench sh -c "cat > '$dir/my.cnf'" <<CNF
[mysqld]
datadir = $dir/data
socket = $dir/mysqld.sock
pid-file = $dir/mysqld.pid
log-error = $dir/mysqld.err
port = $ZGZ_DB_PORT
bind-address = 127.0.0.1
character-set-server = utf8mb4
collation-server = utf8mb4_unicode_ci
skip-character-set-client-handshake
innodb_buffer_pool_size = 512M
innodb_flush_log_at_trx_commit = 2
max_allowed_packet = 256M

[client]
default-character-set = utf8mb4
CNF
	local fresh=0
	if [ ! -d "$dir/data/mysql" ]; then
		say "initialising a private MariaDB under $dir"
		as_bench mariadb-install-db --defaults-file="$dir/my.cnf" --auth-root-authentication-method=normal \
			--skip-test-db >/dev/null
		fresh=1
	fi
	say "starting MariaDB on 127.0.0.1:$ZGZ_DB_PORT"
	detached as_bench sh -c "nohup \$(command -v mariadbd || echo /usr/sbin/mariadbd) --defaults-file='$dir/my.cnf' >/dev/null 2>&1 &"
	local i
	for i in $(seq 1 60); do
		if as_bench mariadb-admin --socket="$(mariadb_sock)" -uroot ping >/dev/null 2>&1 \
			|| db_ping; then break; fi
		sleep 1
	done
	if [ "$fresh" = 1 ]; then
		as_bench mariadb --socket="$(mariadb_sock)" -uroot <<SQL
ALTER USER 'root'@'localhost' IDENTIFIED BY '$ZGZ_DB_ROOT_PASSWORD';
CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '$ZGZ_DB_ROOT_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
	fi
	db_ping || die "MariaDB did not start: see $dir/mysqld.err"
}

# --- private PostgreSQL (Debian's server binaries, a cluster of the bench user's) --------------------
# The newest of Debian's /usr/lib/postgresql/<version>/bin holding a server; empty when there is none.
pg_bindir() {
	local dir
	for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		[ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
	done
	return 0
}

have_postgres() { [ -n "$(pg_bindir)" ]; }

pg_ping() { as_bench "$(pg_bindir)/pg_isready" -q -h 127.0.0.1 -p "$ZGZ_PG_PORT" >/dev/null 2>&1; }

# A cluster in $SERVICES_DIR/postgres, on 127.0.0.1:$ZGZ_PG_PORT only, superuser postgres with the
# password ZGZ_DB_ROOT_PASSWORD, UTF8; reused when it runs.
start_postgres() {
	local bin dir="$SERVICES_DIR/postgres"
	bin=$(pg_bindir)
	[ -n "$bin" ] || die "no PostgreSQL server on this machine (Debian's postgresql package, /usr/lib/postgresql/*/bin)"
	if pg_ping; then return 0; fi
	as_bench mkdir -p "$dir"
	if [ ! -f "$dir/data/PG_VERSION" ]; then
		say "initialising a private PostgreSQL under $dir"
		printf '%s\n' "$ZGZ_DB_ROOT_PASSWORD" | as_bench sh -c "umask 077; cat > '$dir/pwfile'"
		as_bench "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" -E UTF8 --locale=C.UTF-8 \
			--auth=scram-sha-256 >"$dir/initdb.log" 2>&1 || die "initdb failed: see $dir/initdb.log"
		as_bench rm -f "$dir/pwfile"
		as_bench sh -c "echo \"include '$dir/zgz.conf'\" >> '$dir/data/postgresql.conf'"
	fi
	as_bench sh -c "cat > '$dir/zgz.conf'" <<CONF
listen_addresses = '127.0.0.1'
port = $ZGZ_PG_PORT
unix_socket_directories = '$dir'
max_connections = 200
shared_buffers = 256MB
synchronous_commit = off
CONF
	say "starting PostgreSQL on 127.0.0.1:$ZGZ_PG_PORT"
	detached as_bench "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start >/dev/null \
		|| die "PostgreSQL did not start: see $dir/postgres.log"
}

# --- Redis (the bench's own config files, forced onto 127.0.0.1) ---------------------------------
start_redis() {
	local conf port
	for conf in "$ZGZ_BENCH"/config/redis_*.conf; do
		[ -f "$conf" ] || continue
		port=$(awk '$1=="port"{print $2}' "$conf")
		if redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then continue; fi
		say "starting Redis ($(basename "$conf" .conf)) on 127.0.0.1:$port"
		detached as_bench redis-server "$conf" --bind 127.0.0.1 --daemonize yes \
			--logfile "$SERVICES_DIR/$(basename "$conf" .conf).log"
	done
}

start_services() {
	as_bench mkdir -p "$SERVICES_DIR"
	start_mariadb
	start_redis
}

# The bench points at our private database for every site on it.
configure_bench_db() {
	bench_cmd set-config -g db_host 127.0.0.1 >/dev/null
	bench_cmd set-config -g -p db_port "$ZGZ_DB_PORT" >/dev/null
}

# benchmark_sites DB: "site port" of the test site of each database a benchmark runs on (DB mariadb,
# postgres or both), its database server started; the port is where the test run serves it.
benchmark_sites() {
	local db dbs=$1
	[ "$dbs" = both ] && dbs="mariadb postgres"
	for db in $dbs; do
		case $db in
		mariadb) start_mariadb >/dev/null && echo "$ZGZ_TEST_SITE ${ZGZ_TEST_HTTP_PORT:-8001}" ;;
		postgres) start_postgres >/dev/null && echo "$ZGZ_TEST_PG_SITE ${ZGZ_TEST_PG_HTTP_PORT:-8002}" ;;
		*) echo "DB must be mariadb, postgres or both, not '$db'" >&2; return 1 ;;
		esac
	done
}

site_exists() { [ -f "$ZGZ_BENCH/sites/$1/site_config.json" ]; }

# new_site SITE [mariadb|postgres]: a PostgreSQL site keeps its own db_type, db_host and db_port in its
# site_config.json (bench new-site writes them there), beside the bench-wide MariaDB ones.
new_site() {
	local site=$1 db=${2:-mariadb} args
	site_exists "$site" && return 0
	say "creating site $site ($db)"
	if [ "$db" = postgres ]; then
		args=(--db-type postgres --db-port "$ZGZ_PG_PORT" --db-root-username postgres)
	else
		args=(--db-port "$ZGZ_DB_PORT" --db-root-username root --mariadb-user-host-login-scope=%)
	fi
	bench_cmd new-site "$site" --db-host 127.0.0.1 "${args[@]}" --db-root-password "$ZGZ_DB_ROOT_PASSWORD" \
		--admin-password "$ZGZ_ADMIN_PASSWORD" \
		>"$SERVICES_DIR/new-site-$site.log" 2>&1 || die "bench new-site failed: see $SERVICES_DIR/new-site-$site.log"
}

# Put this working tree into the bench as apps/zgz_app (a copy owned by the bench user, so bench
# can write into it) and make sure it is installed in the bench's virtualenv.
sync_app() {
	local dest="$ZGZ_BENCH/apps/zgz_app"
	if [ -L "$dest" ]; then return 0; fi   # a developer linked the app in by hand: use it as it is
	as_bench mkdir -p "$dest"
	rsync -a --delete --exclude .git --exclude __pycache__ --exclude '*.egg-info' --exclude node_modules \
		--exclude .venv --filter=':- .gitignore' "$REPO_DIR/" "$dest/"
	if is_root; then chown -R "$ZGZ_BENCH_USER": "$dest"; fi
	if ! grep -qx zgz_app "$ZGZ_BENCH/sites/apps.txt"; then
		# apps.txt may lack its final newline
		as_bench sh -c '[ -z "$(tail -c1 sites/apps.txt)" ] || echo >> sites/apps.txt; echo zgz_app >> sites/apps.txt'
	fi
	if ! as_bench env/bin/python -c 'import zgz_app' >/dev/null 2>&1; then
		say "installing zgz_app into the bench's virtualenv"
		as_bench env/bin/pip install -q -e apps/zgz_app
	fi
}

install_app_on() {
	local site=$1
	if bench_cmd --site "$site" list-apps 2>/dev/null | grep -q '^zgz_app'; then
		say "migrating $site"
		bench_cmd --site "$site" migrate --skip-search-index >"$SERVICES_DIR/migrate-$site.log" 2>&1 \
			|| { tail -30 "$SERVICES_DIR/migrate-$site.log"; die "migrate failed: see $SERVICES_DIR/migrate-$site.log"; }
	else
		say "installing zgz_app on $site"
		bench_cmd --site "$site" install-app zgz_app >"$SERVICES_DIR/install-$site.log" 2>&1 \
			|| { tail -30 "$SERVICES_DIR/install-$site.log"; die "install-app failed: see $SERVICES_DIR/install-$site.log"; }
	fi
}
