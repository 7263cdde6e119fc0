# The two commands a newcomer needs. See README.md.
.PHONY: demo demo-detach demo-stop test lint format

demo:            ## build what is missing (bench, databases, site, demo data) and serve on 127.0.0.1:8000
	bash scripts/demo.sh

demo-detach:     ## the same, leaving the server running in the background
	bash scripts/demo.sh --detach

demo-stop:       ## stop the demo's web server, worker and scheduler
	bash scripts/demo.sh stop

test:            ## ruff, tests without a site, and the site tests on the bench it finds
	bash scripts/test.sh

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

format:
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .
