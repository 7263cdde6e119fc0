# The two commands a newcomer needs. See README.md.
.PHONY: demo demo-detach demo-stop test lint format bench-items

demo:            ## build what is missing (bench, databases, site, demo data) and serve on 127.0.0.1:8000
	bash scripts/demo.sh

demo-detach:     ## the same, leaving the server running in the background
	bash scripts/demo.sh --detach

demo-stop:       ## stop the demo's web server, worker and scheduler
	bash scripts/demo.sh stop

test:            ## ruff, tests without a site, and the site tests on the bench it finds
	bash scripts/test.sh

ITEMS ?= 50000
UNITS ?= 100
bench-items:     ## time the problem reports on ITEMS problem items in UNITS units (seeded, then rolled back) on the test site
	bash -c 'source scripts/lib.sh; have_bench || die "no bench at $$ZGZ_BENCH: run make test first"; \
		start_services >/dev/null; sync_app >/dev/null; bench_cmd --site "$$ZGZ_TEST_SITE" migrate >/dev/null; \
		bench_cmd --site "$$ZGZ_TEST_SITE" execute zgz_app.benchmarks.problem_items.run \
			--kwargs "{\"units\": $(UNITS), \"items\": $(ITEMS)}"'

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

format:
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .
