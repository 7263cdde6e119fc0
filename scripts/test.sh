#!/usr/bin/env bash
# The test command (make test): ruff, tier 1 (pytest in tests/, no site), then tier 2 (the site tests,
# `bench run-tests`) against the bench in $ZGZ_BENCH or /opt/zgz-bench, installing or migrating the
# app there first: on a MariaDB site, then on a PostgreSQL site where the machine has PostgreSQL's
# server (ZGZ_TEST_DB=mariadb|postgres|both chooses). Without a bench, tier 2 is skipped with one line
# and the exit status is tier 1's.
source "$(dirname "$0")/lib.sh"
cd "$REPO_DIR"

VENV=${ZGZ_VENV:-$REPO_DIR/.venv}
if [ ! -x "$VENV/bin/pytest" ] || [ ! -x "$VENV/bin/ruff" ] || [ pyproject.toml -nt "$VENV/.deps" ]; then
	say "preparing the tier-1 virtualenv in $VENV"
	python3 -m venv "$VENV"
	"$VENV/bin/pip" install -q --upgrade pip >/dev/null
	"$VENV/bin/pip" install -q "pytest>=7" "jinja2>=3.1" "babel>=2.12" "ruff==0.8.6" "pypdf>=3.17"
	touch "$VENV/.deps"
fi

status=0
say "ruff"
"$VENV/bin/ruff" check . || status=1
"$VENV/bin/ruff" format --check . || status=1

say "tier 1: tests without a site"
"$VENV/bin/pytest" -q tests || status=1

case $(bench_state) in
none)
	say "No Frappe bench at $ZGZ_BENCH (set ZGZ_BENCH, or run 'make demo' to build one): site tests (tier 2) not run."
	exit $status
	;;
half)
	say "$ZGZ_BENCH is not a working bench (its env cannot import frappe; 'make demo' finishes one it began):" \
		"site tests (tier 2) not run."
	exit 1
	;;
esac

# Which databases the site tests run on: ZGZ_TEST_DB=mariadb, postgres or both (the default; PostgreSQL
# only where the machine has its server, said in one line where it has none).
TEST_DB=${ZGZ_TEST_DB:-both}
case $TEST_DB in mariadb | postgres | both) ;; *) die "ZGZ_TEST_DB must be mariadb, postgres or both, not '$TEST_DB'" ;; esac
on_postgres=0
if [ "$TEST_DB" != mariadb ]; then
	if have_postgres; then
		on_postgres=1
	else
		say "No PostgreSQL server on this machine (Debian's postgresql package, /usr/lib/postgresql/*/bin):" \
			"site tests on PostgreSQL not run."
		[ "$TEST_DB" = postgres ] && exit 1
	fi
fi

ensure_bench_user
ensure_tools
start_services
[ "$on_postgres" = 1 ] && start_postgres
configure_bench_db
sync_app
if ! as_bench env/bin/python -c 'import freezegun' >/dev/null 2>&1; then
	say "installing the apps' test dependencies (bench setup requirements --dev)"
	bench_cmd setup requirements --dev --python >"$SERVICES_DIR/requirements-dev.log" 2>&1 \
		|| { tail -20 "$SERVICES_DIR/requirements-dev.log"; die "bench setup requirements --dev failed"; }
fi
bench_cmd compile-po-to-mo --app zgz_app --force >/dev/null 2>&1 || bench_cmd compile-po-to-mo --app zgz_app >/dev/null

SERVED=()
trap 'for f in "${SERVED[@]}"; do kill "$(cat "$f" 2>/dev/null)" 2>/dev/null || true; done' EXIT

# The public pages in headless Chromium (scripts/browser_check_complaints.mjs and
# browser_check_evaluations.mjs) on the test site while it is served (on MariaDB, or PostgreSQL when
# only it is tested): only where Chromium, Node and
# playwright-core are, and with the whole suite (or ZGZ_BROWSER_CHECK=1); otherwise one line says it was
# skipped and why.
browser_check_skipped() {
	if [ -n "${ZGZ_TEST_ARGS:-}" ] && [ "${ZGZ_BROWSER_CHECK:-}" != 1 ]; then
		echo "only part of the site tests was asked for (ZGZ_TEST_ARGS); ZGZ_BROWSER_CHECK=1 runs it anyway"
	elif [ "${ZGZ_BROWSER_CHECK:-}" = 0 ]; then
		echo "ZGZ_BROWSER_CHECK=0"
	elif [ ! -x "$CHROMIUM" ]; then
		echo "no Chromium at $CHROMIUM (Debian: apt-get install chromium; or set CHROMIUM)"
	elif ! command -v node >/dev/null; then
		echo "no Node.js (apt-get install nodejs)"
	elif ! NODE_PATH=$ZGZ_PLAYWRIGHT node -e 'require("playwright-core")' 2>/dev/null; then
		echo "no playwright-core (npm i playwright-core in a folder, then ZGZ_PLAYWRIGHT=<folder>/node_modules)"
	fi
}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
ZGZ_PLAYWRIGHT=${ZGZ_PLAYWRIGHT:-${NODE_PATH:-}}
BROWSER_DB=mariadb
[ "$TEST_DB" = postgres ] && BROWSER_DB=postgres

# browser_check SITE PORT
browser_check() {
	local site=$1 port=$2 skipped run_as python helper check
	skipped=$(browser_check_skipped)
	if [ -n "$skipped" ]; then
		say "browser check of the public pages SKIPPED: $skipped"
		return 0
	fi
	say "browser check: the public pages in headless Chromium on $site"
	run_as=""
	is_root && run_as="runuser -u $ZGZ_BENCH_USER --"
	python="$run_as env -C $ZGZ_BENCH/sites HOME=$(bench_home) $ZGZ_BENCH/env/bin/python"
	for check in complaint evaluation; do
		helper="$python $ZGZ_BENCH/apps/zgz_app/scripts/${check}_check_helper.py $site"
		ZGZ_URL="http://127.0.0.1:$port" HELPER_CMD="$helper" CHROMIUM="$CHROMIUM" NODE_PATH="$ZGZ_PLAYWRIGHT" \
			OUT="$SERVICES_DIR/browser-check-$port" node "scripts/browser_check_${check}s.mjs" || status=1
	done
}

# site_tests SITE DB PORT: the site (made and the app installed or migrated when needed), served on
# 127.0.0.1:PORT while its tests run (wkhtmltopdf fetches the print CSS from the site's host_name).
site_tests() {
	local site=$1 db=$2 port=$3 pid started
	say "tier 2: site tests on $site ($db) in $ZGZ_BENCH"
	new_site "$site" "$db"
	bench_cmd --site "$site" set-config -p allow_tests True >/dev/null
	install_app_on "$site"
	bench_cmd --site "$site" clear-cache >/dev/null
	bench_cmd --site "$site" set-config host_name "http://127.0.0.1:$port" >/dev/null
	# One pid file per port: runs on other ports (other test sites) keep their own server.
	pid="$SERVICES_DIR/test-web-$port.pid"
	SERVED+=("$pid")
	as_bench sh -c "cd sites && exec ../env/bin/gunicorn -b 127.0.0.1:$port -w 1 -t 120 \
		-e FRAPPE_SITE=$site --pid '$pid' zgz_app.devserver:application \
		>>'$SERVICES_DIR/test-web.log' 2>&1" &
	for _ in $(seq 1 30); do
		curl -fs -o /dev/null "http://127.0.0.1:$port/api/method/ping" && break
		sleep 1
	done
	started=$SECONDS
	if CI=1 bench_cmd --site "$site" run-tests --app zgz_app ${ZGZ_TEST_ARGS:-}; then
		say "site tests on $site ($db) passed in $((SECONDS - started)) s"
	else
		say "site tests on $site ($db) FAILED"
		status=1
	fi
	[ "$db" = "$BROWSER_DB" ] && browser_check "$site" "$port"
	kill "$(cat "$pid" 2>/dev/null)" 2>/dev/null || true
}

if [ "$TEST_DB" != postgres ]; then
	site_tests "$ZGZ_TEST_SITE" mariadb "${ZGZ_TEST_HTTP_PORT:-8001}"
fi
if [ "$on_postgres" = 1 ]; then
	site_tests "$ZGZ_TEST_PG_SITE" postgres "${ZGZ_TEST_PG_HTTP_PORT:-8002}"
fi

exit $status
