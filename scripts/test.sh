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

if ! have_bench; then
	say "No Frappe bench at $ZGZ_BENCH (set ZGZ_BENCH, or run 'make demo' to build one): site tests (tier 2) not run."
	exit $status
fi

say "tier 2: site tests on $ZGZ_TEST_SITE in $ZGZ_BENCH"
ensure_bench_user
start_services
configure_bench_db
sync_app
new_site "$ZGZ_TEST_SITE"
bench_cmd --site "$ZGZ_TEST_SITE" set-config -p allow_tests true >/dev/null
install_app_on "$ZGZ_TEST_SITE"
bench_cmd --site "$ZGZ_TEST_SITE" clear-cache >/dev/null
bench_cmd compile-po-to-mo --app zgz_app --force >/dev/null 2>&1 || bench_cmd compile-po-to-mo --app zgz_app >/dev/null
if ! CI=1 bench_cmd --site "$ZGZ_TEST_SITE" run-tests --app zgz_app ${ZGZ_TEST_ARGS:-}; then
	status=1
fi
exit $status
