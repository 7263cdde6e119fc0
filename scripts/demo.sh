#!/usr/bin/env bash
# The run command (make demo): a bench, private MariaDB and Redis on 127.0.0.1, the demo site with
# seed 000's campaign, served on 127.0.0.1. Every step reuses what already exists.
#
#   scripts/demo.sh            build what is missing, then serve in the foreground (Ctrl-C stops)
#   scripts/demo.sh --detach   the same, but leave the server running in the background
#   scripts/demo.sh stop       stop the web server, workers and scheduler (the databases keep running)
#
# Environment: ZGZ_BENCH (an existing bench to use, default /opt/zgz-bench), FRAPPE_PATH and
# FRAPPE_BRANCH (passed to `bench init` as --frappe-path / --frappe-branch), ZGZ_HTTP_PORT (8000),
# ZGZ_DB (mariadb, or postgres: the demo site zgz-pg.localhost on a private PostgreSQL).
# A bench whose `bench init` (begun here) stopped half-way is built again; a half bench this script did
# not begin is left alone, with one line saying so.
source "$(dirname "$0")/lib.sh"
cd /   # nothing here depends on the caller's folder, which may be inside the bench

stop_server() {
	local f
	for f in "$SERVICES_DIR"/{web,worker,schedule}.pid; do   # the demo's own; test runs keep theirs
		[ -f "$f" ] || continue
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
ZGZ_DB=${ZGZ_DB:-mariadb}
case $ZGZ_DB in
mariadb) ;;
postgres) ZGZ_SITE=$ZGZ_PG_SITE ;;
*) die "ZGZ_DB (make demo DB=…) must be mariadb or postgres, not '$ZGZ_DB'" ;;
esac

ensure_bench_user
ensure_system_packages "$ZGZ_DB"
ensure_bench_cli

# `bench init`, leaving INIT_MARKER in the folder until the bench is whole. Its standard input is
# empty: bench asks questions (overwrite the Procfile? roll back?) that nobody is there to answer.
init_bench() {
	check_frappe_path
	say "creating a Frappe bench at $ZGZ_BENCH (bench init; this takes a while)"
	if [ ! -d "$ZGZ_BENCH" ]; then
		mkdir -p "$ZGZ_BENCH"
		if is_root; then chown "$ZGZ_BENCH_USER": "$ZGZ_BENCH"; fi
	fi
	as_bench sh -c "date > '$INIT_MARKER'"
	bench_cmd init "$ZGZ_BENCH" --ignore-exist --python /usr/bin/python3 --no-backups \
		--frappe-branch "$FRAPPE_BRANCH" ${FRAPPE_PATH:+--frappe-path "$FRAPPE_PATH"} </dev/null \
		|| die "bench init failed (see above); run this again to start the bench over"
	# setuptools 81 removed pkg_resources, which `bench new-site` on v15 still imports.
	as_bench env/bin/pip install -q 'setuptools<81' </dev/null
	as_bench env/bin/python -c 'import frappe' >/dev/null 2>&1 \
		|| die "bench init ended but $ZGZ_BENCH/env cannot import frappe (see above); run this again to start the bench over"
	rm -f "$INIT_MARKER"
}

case $(bench_state) in
none) init_bench ;;
half)
	[ -f "$INIT_MARKER" ] || die "$ZGZ_BENCH is not a working bench (its env cannot import frappe) and this" \
		"script did not begin it, so it is left as it is: repair it (bench setup env), move it away, or set" \
		"ZGZ_BENCH to another folder"
	busy=$(pids_in_bench | paste -sd ' ' -)
	[ -z "$busy" ] || die "$ZGZ_BENCH is half-built and processes are still at work in it (pids $busy):" \
		"let them finish or stop them, then run this again"
	[ -n "$ZGZ_BENCH" ] && [ "$ZGZ_BENCH" != / ] || die "refusing to empty '$ZGZ_BENCH'"
	say "$ZGZ_BENCH is half-built (an earlier bench init of this script stopped): building it again"
	find "$ZGZ_BENCH" -mindepth 1 -delete
	init_bench
	;;
esac

start_services
[ "$ZGZ_DB" = postgres ] && start_postgres
configure_bench_db
sync_app
new_site "$ZGZ_SITE" "$ZGZ_DB"
install_app_on "$ZGZ_SITE"
bench_cmd use "$ZGZ_SITE" >/dev/null
bench_cmd --site "$ZGZ_SITE" set-config host_name "http://127.0.0.1:$ZGZ_HTTP_PORT" >/dev/null
bench_cmd --site "$ZGZ_SITE" enable-scheduler >/dev/null 2>&1 || true
# The demo queues its mail (escalation digests, notifications) in the Email Queue but never sends it.
bench_cmd --site "$ZGZ_SITE" set-config mute_emails 1 >/dev/null
say "building the app's assets"
bench_cmd build --app zgz_app >/dev/null
say "loading the demo campaign"
bench_cmd --site "$ZGZ_SITE" execute zgz_app.demo.run

stop_server
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$ZGZ_HTTP_PORT") 2>/dev/null; }
for _ in $(seq 1 30); do port_taken || break; sleep 1; done   # the old server lets go of the port
port_taken && die "another program listens on 127.0.0.1:$ZGZ_HTTP_PORT: stop it, or choose another port" \
	"with ZGZ_HTTP_PORT"
say "serving on http://127.0.0.1:$ZGZ_HTTP_PORT"
detached as_bench sh -c "cd sites && nohup ../env/bin/gunicorn -b 127.0.0.1:$ZGZ_HTTP_PORT -w 2 -t 120 \
	--pid '$SERVICES_DIR/web.pid' -e FRAPPE_SITE=$ZGZ_SITE zgz_app.devserver:application \
	>>'$SERVICES_DIR/web.log' 2>&1 &"
detached as_bench sh -c "setsid nohup bench worker >>'$SERVICES_DIR/worker.log' 2>&1 & echo \$! > '$SERVICES_DIR/worker.pid'"
detached as_bench sh -c "setsid nohup bench schedule >>'$SERVICES_DIR/schedule.log' 2>&1 & echo \$! > '$SERVICES_DIR/schedule.pid'"
up=0
for i in $(seq 1 90); do
	if curl -fs -o /dev/null "http://127.0.0.1:$ZGZ_HTTP_PORT/api/method/ping"; then up=1; break; fi
	# gunicorn writes its pid file once it listens; without one after 15 s it has stopped
	if [ "$i" -ge 15 ] && ! { pid=$(cat "$SERVICES_DIR/web.pid" 2>/dev/null) && kill -0 "$pid" 2>/dev/null; }; then
		break
	fi
	sleep 1
done
if [ "$up" = 0 ]; then
	stop_server
	tail -n 15 "$SERVICES_DIR/web.log" >&2
	die "the demo is not up: the web server did not answer on http://127.0.0.1:$ZGZ_HTTP_PORT; its log is" \
		"$SERVICES_DIR/web.log"
fi

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
