#!/usr/bin/env bash
# The test command (make test): ruff, tier 1 (pytest in tests/, no site), then tier 2 (the site tests,
# `bench run-tests`) against the bench in $ZGZ_BENCH or /opt/zgz-bench, installing or migrating the
# app there first. Without a bench, tier 2 is skipped with one line and the exit status is tier 1's.
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

say "tier 2: site tests on $ZGZ_TEST_SITE in $ZGZ_BENCH"
ensure_bench_user
ensure_tools
start_services
configure_bench_db
sync_app
new_site "$ZGZ_TEST_SITE"
bench_cmd --site "$ZGZ_TEST_SITE" set-config -p allow_tests True >/dev/null
install_app_on "$ZGZ_TEST_SITE"
if ! as_bench env/bin/python -c 'import freezegun' >/dev/null 2>&1; then
	say "installing the apps' test dependencies (bench setup requirements --dev)"
	bench_cmd setup requirements --dev --python >"$SERVICES_DIR/requirements-dev.log" 2>&1 \
		|| { tail -20 "$SERVICES_DIR/requirements-dev.log"; die "bench setup requirements --dev failed"; }
fi
bench_cmd --site "$ZGZ_TEST_SITE" clear-cache >/dev/null
bench_cmd compile-po-to-mo --app zgz_app --force >/dev/null 2>&1 || bench_cmd compile-po-to-mo --app zgz_app >/dev/null
# wkhtmltopdf fetches the print CSS from the site's host_name: serve the test site while tests run.
TEST_PORT=${ZGZ_TEST_HTTP_PORT:-8001}
bench_cmd --site "$ZGZ_TEST_SITE" set-config host_name "http://127.0.0.1:$TEST_PORT" >/dev/null
# One pid file per port: runs on other ports (other test sites) keep their own server.
TEST_PID="$SERVICES_DIR/test-web-$TEST_PORT.pid"
as_bench sh -c "cd sites && exec ../env/bin/gunicorn -b 127.0.0.1:$TEST_PORT -w 1 -t 120 \
	-e FRAPPE_SITE=$ZGZ_TEST_SITE --pid '$TEST_PID' zgz_app.devserver:application \
	>>'$SERVICES_DIR/test-web.log' 2>&1" &
trap 'kill "$(cat "$TEST_PID" 2>/dev/null)" 2>/dev/null || true' EXIT
for _ in $(seq 1 30); do
	curl -fs -o /dev/null "http://127.0.0.1:$TEST_PORT/api/method/ping" && break
	sleep 1
done
if ! CI=1 bench_cmd --site "$ZGZ_TEST_SITE" run-tests --app zgz_app ${ZGZ_TEST_ARGS:-}; then
	status=1
fi
exit $status
