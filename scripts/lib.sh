# shellcheck shell=bash
# Shared by scripts/demo.sh and scripts/test.sh: where the bench is, who runs it, and the private
# MariaDB and Redis that live under the bench's own folder, bound to 127.0.0.1 only.
set -euo pipefail

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ZGZ_BENCH=${ZGZ_BENCH:-/opt/zgz-bench}
ZGZ_BENCH_USER=${ZGZ_BENCH_USER:-zgz}        # bench refuses root: as root we run it as this user
ZGZ_SITE=${ZGZ_SITE:-zgz.localhost}
ZGZ_TEST_SITE=${ZGZ_TEST_SITE:-zgz-test.localhost}
ZGZ_DB_PORT=${ZGZ_DB_PORT:-3307}
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
ensure_system_packages() {
	local missing=()
	command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server mariadb-client)
	command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
	command -v wkhtmltopdf >/dev/null 2>&1 || missing+=(wkhtmltopdf)
	[ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
	/usr/bin/python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv python3-dev)
	command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config libmariadb-dev)
	command -v git >/dev/null 2>&1 || missing+=(git)
	command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
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

# The bench CLI itself, from PyPI, in a virtualenv of the bench user's (Debian's python3: the default
# Python may live where an ordinary user cannot read).
ensure_bench_cli() {
	if as_bench sh -c 'command -v bench' >/dev/null 2>&1; then return 0; fi
	say "installing the bench CLI (frappe-bench) for $(is_root && echo "$ZGZ_BENCH_USER" || id -un)"
	as_bench /usr/bin/python3 -m venv "$(bench_home)/.local/share/zgz-bench-cli"
	as_bench "$(bench_home)/.local/share/zgz-bench-cli/bin/pip" install -q frappe-bench
}

have_bench() { [ -d "$ZGZ_BENCH/apps/frappe" ] && [ -x "$ZGZ_BENCH/env/bin/python" ]; }

# --- private MariaDB -------------------------------------------------------------------------------
mariadb_cnf() { echo "$SERVICES_DIR/mariadb/my.cnf"; }
mariadb_sock() { echo "$SERVICES_DIR/mariadb/mysqld.sock"; }

db_ping() {
	as_bench mariadb-admin --socket="$(mariadb_sock)" -uroot -p"$ZGZ_DB_ROOT_PASSWORD" ping >/dev/null 2>&1
}

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
	as_bench sh -c "nohup \$(command -v mariadbd || echo /usr/sbin/mariadbd) --defaults-file='$dir/my.cnf' >/dev/null 2>&1 &"
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

# --- Redis (the bench's own config files, forced onto 127.0.0.1) ---------------------------------
start_redis() {
	local conf port
	for conf in "$ZGZ_BENCH"/config/redis_*.conf; do
		[ -f "$conf" ] || continue
		port=$(awk '$1=="port"{print $2}' "$conf")
		if redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then continue; fi
		say "starting Redis ($(basename "$conf" .conf)) on 127.0.0.1:$port"
		as_bench redis-server "$conf" --bind 127.0.0.1 --daemonize yes \
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

site_exists() { [ -f "$ZGZ_BENCH/sites/$1/site_config.json" ]; }

new_site() {
	local site=$1
	site_exists "$site" && return 0
	say "creating site $site"
	bench_cmd new-site "$site" --db-host 127.0.0.1 --db-port "$ZGZ_DB_PORT" \
		--db-root-username root --db-root-password "$ZGZ_DB_ROOT_PASSWORD" \
		--mariadb-user-host-login-scope=% --admin-password "$ZGZ_ADMIN_PASSWORD" \
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
