# The two commands a newcomer needs. See README.md.
.PHONY: demo demo-detach demo-stop test lint format bench-items bench-escalation bench-evaluation bench-key-tasks bench-dossier bench-load

DB ?= mariadb
demo:            ## build what is missing (bench, databases, site, demo data) and serve on 127.0.0.1:8000 (DB=postgres: on PostgreSQL)
	ZGZ_DB=$(DB) bash scripts/demo.sh

demo-detach:     ## the same, leaving the server running in the background
	ZGZ_DB=$(DB) bash scripts/demo.sh --detach

demo-stop:       ## stop the demo's web server, worker and scheduler
	bash scripts/demo.sh stop

test:            ## ruff, tests without a site, and the site tests on the bench it finds (MariaDB, then PostgreSQL)
	bash scripts/test.sh

# The benchmarks run on the test site of DB: mariadb (the default), postgres, or both one after the other.
BENCH_SITES = source scripts/lib.sh; have_bench || die "no bench at $$ZGZ_BENCH: run make test first"; \
	start_services >/dev/null; sync_app >/dev/null; sites=$$(benchmark_sites $(DB)) || exit 1; \
	echo "$$sites" | while read -r site port; do \
		site_exists "$$site" || die "no test site $$site: run make test first"; \
		say "$$site"; bench_cmd --site "$$site" migrate </dev/null >/dev/null

ITEMS ?= 50000
UNITS ?= 100
bench-items:     ## time the problem reports on ITEMS problem items in UNITS units (seeded, then rolled back) on the test site of DB
	bash -c '$(BENCH_SITES); \
		bench_cmd --site "$$site" execute zgz_app.benchmarks.problem_items.run \
			--kwargs "{\"units\": $(UNITS), \"items\": $(ITEMS)}" </dev/null; done'

bench-escalation: ## time the daily escalation digest on ITEMS open items in UNITS units, beside per-document Notifications
	bash -c '$(BENCH_SITES); \
		bench_cmd --site "$$site" execute zgz_app.benchmarks.escalation.run \
			--kwargs "{\"units\": $(UNITS), \"items\": $(ITEMS)}" </dev/null; done'

BALLOTS ?= 5000
bench-evaluation: ## time ranking a round of 评议 of UNITS units with BALLOTS ballots and indicators over ITEMS problem items, beside one unit at a time
	bash -c '$(BENCH_SITES); \
		bench_cmd --site "$$site" execute zgz_app.benchmarks.evaluation.run \
			--kwargs "{\"units\": $(UNITS), \"items\": $(ITEMS), \"ballots\": $(BALLOTS)}" </dev/null; done'

TASKS ?= 110
bench-key-tasks: ## the daily digest with TASKS key tasks (10 milestones, a year of weekly reports each) beside ITEMS open items
	bash -c '$(BENCH_SITES); \
		bench_cmd --site "$$site" execute zgz_app.benchmarks.key_tasks.run \
			--kwargs "{\"units\": $(UNITS), \"items\": $(ITEMS), \"tasks\": $(TASKS)}" </dev/null; done'

bench-dossier:   ## build the dossier of a campaign of UNITS units (plans, nominations, scans; seeded, then rolled back) on the test site of DB, beside in-memory and naive merging
	bash -c '$(BENCH_SITES); \
		bench_cmd --site "$$site" set-config host_name "http://127.0.0.1:$$port" >/dev/null; \
		if ! curl -fs -o /dev/null "http://127.0.0.1:$$port/api/method/ping"; then \
			as_bench sh -c "cd sites && exec ../env/bin/gunicorn -b 127.0.0.1:$$port -w 1 -t 120 -e FRAPPE_SITE=$$site \
				--pid $$SERVICES_DIR/bench-web.pid zgz_app.devserver:application >>$$SERVICES_DIR/bench-web.log 2>&1" & \
			trap "kill \$$(cat $$SERVICES_DIR/bench-web.pid 2>/dev/null) 2>/dev/null || true" EXIT; \
			for _ in $$(seq 1 30); do curl -fs -o /dev/null "http://127.0.0.1:$$port/api/method/ping" && break; sleep 1; done; \
		fi; \
		bench_cmd --site "$$site" execute zgz_app.benchmarks.dossier.run --kwargs "{\"units\": $(UNITS)}" </dev/null; \
		kill $$(cat $$SERVICES_DIR/bench-web.pid 2>/dev/null) 2>/dev/null || true; done'

LOAD_UNITS ?= 8
LOAD_STAFF ?= 5
bench-load:      ## 50 people at once (LOAD_UNITS units of LOAD_STAFF staff and a head, 2 managers) against the served demo (DB=postgres: the PostgreSQL demo), beside the same requests one at a time
	bash -c 'source scripts/lib.sh; have_bench || die "no bench at $$ZGZ_BENCH: run make demo first"; \
		site=$$ZGZ_SITE; [ "$(DB)" = postgres ] && site=$$ZGZ_PG_SITE; \
		curl -fs -o /dev/null "http://127.0.0.1:$$ZGZ_HTTP_PORT/api/method/ping" \
			|| die "nothing serves 127.0.0.1:$$ZGZ_HTTP_PORT: run make demo-detach DB=$(DB) first"; \
		sync_app >/dev/null; \
		bench_cmd --site "$$site" execute zgz_app.benchmarks.load.run \
			--kwargs "{\"url\": \"http://127.0.0.1:$$ZGZ_HTTP_PORT\", \"units\": $(LOAD_UNITS), \"staff\": $(LOAD_STAFF)}"'

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

format:
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .
