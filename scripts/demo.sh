#!/usr/bin/env bash
# The run command (make demo): a bench, private MariaDB and Redis on 127.0.0.1, the demo site with
# seed 000's campaign, served on 127.0.0.1. Every step reuses what already exists.
#
#   scripts/demo.sh            build what is missing, then serve in the foreground (Ctrl-C stops)
#   scripts/demo.sh --detach   the same, but leave the server running in the background
#   scripts/demo.sh stop       stop the web server, workers and scheduler (the databases keep running)
#
# Environment: ZGZ_BENCH (an existing bench to use, default /opt/zgz-bench), FRAPPE_PATH and
# FRAPPE_BRANCH (passed to `bench init` as --frappe-path / --frappe-branch), ZGZ_HTTP_PORT (8000).
source "$(dirname "$0")/lib.sh"

stop_server() {
	local f
	for f in "$SERVICES_DIR"/*.pid; do
		[ -f "$f" ] || continue
		case "$f" in *mysqld.pid) continue ;; esac
		# workers run in their own process group (setsid): stop the whole group
		kill -- "-$(cat "$f")" 2>/dev/null || kill "$(cat "$f")" 2>/dev/null || true
		rm -f "$f"
	done
}

if [ "${1:-}" = stop ]; then
	stop_server
	say "stopped"
	exit 0
fi
detach=0
[ "${1:-}" = --detach ] && detach=1

ensure_bench_user
ensure_system_packages
ensure_bench_cli

if ! have_bench; then
	say "creating a Frappe bench at $ZGZ_BENCH (bench init; this takes a while)"
	if [ ! -d "$ZGZ_BENCH" ]; then
		mkdir -p "$ZGZ_BENCH"
		if is_root; then chown "$ZGZ_BENCH_USER": "$ZGZ_BENCH"; fi
	fi
	bench_cmd init "$ZGZ_BENCH" --ignore-exist --python /usr/bin/python3 --no-backups \
		--frappe-branch "$FRAPPE_BRANCH" ${FRAPPE_PATH:+--frappe-path "$FRAPPE_PATH"}
	# setuptools 81 removed pkg_resources, which `bench new-site` on v15 still imports.
	as_bench env/bin/pip install -q 'setuptools<81'
fi

start_services
configure_bench_db
sync_app
new_site "$ZGZ_SITE"
install_app_on "$ZGZ_SITE"
bench_cmd use "$ZGZ_SITE" >/dev/null
bench_cmd --site "$ZGZ_SITE" set-config host_name "http://127.0.0.1:$ZGZ_HTTP_PORT" >/dev/null
bench_cmd --site "$ZGZ_SITE" enable-scheduler >/dev/null 2>&1 || true
# The demo queues its mail (escalation digests, notifications) in the Email Queue but never sends it.
bench_cmd --site "$ZGZ_SITE" set-config mute_emails 1 >/dev/null
say "building the app's assets"
bench_cmd build --app zgz_app >/dev/null
say "loading the demo campaign"
bench_cmd --site "$ZGZ_SITE" execute zgz_app.demo.load_demo

stop_server
say "serving on http://127.0.0.1:$ZGZ_HTTP_PORT"
as_bench sh -c "cd sites && nohup ../env/bin/gunicorn -b 127.0.0.1:$ZGZ_HTTP_PORT -w 2 -t 120 \
	--pid '$SERVICES_DIR/web.pid' -e FRAPPE_SITE=$ZGZ_SITE zgz_app.devserver:application \
	>>'$SERVICES_DIR/web.log' 2>&1 &"
as_bench sh -c "setsid nohup bench worker >>'$SERVICES_DIR/worker.log' 2>&1 & echo \$! > '$SERVICES_DIR/worker.pid'"
as_bench sh -c "setsid nohup bench schedule >>'$SERVICES_DIR/schedule.log' 2>&1 & echo \$! > '$SERVICES_DIR/schedule.pid'"
for _ in $(seq 1 60); do
	curl -fs -o /dev/null "http://127.0.0.1:$ZGZ_HTTP_PORT/api/method/ping" && break
	sleep 1
done

cat <<MSG

  zgz_app demo is up: http://127.0.0.1:$ZGZ_HTTP_PORT/app/zgz-campaign  (site $ZGZ_SITE)
  Demo logins are listed above (from the demo loader); Administrator / $ZGZ_ADMIN_PASSWORD
  Logs: $SERVICES_DIR/*.log

MSG
if [ "$detach" = 0 ]; then
	say "serving in the foreground; Ctrl-C stops the web server (scripts/demo.sh stop for the rest)"
	trap 'stop_server' INT TERM
	tail -f "$SERVICES_DIR/web.log" & wait $!
fi
