"""Many people at once: an office on the last day of screening, against a site served by its workers
(the demo: scripts/demo.sh serves it with two gunicorn workers), beside the same requests made one at a
time. Not a timed test: it prints the figures, and every error.

    make bench-load                     # the demo, http://127.0.0.1:8000 (make demo-detach first)
    bench --site SITE execute zgz_app.benchmarks.load.run --kwargs "{'url': 'http://127.0.0.1:8000'}"

Each phase gets an office of its own, made here and committed (the server's workers must see it) and
removed at the end: ``units`` units of ``staff`` staff and a head, and two campaign managers (50 people
by default), in a campaign whose screening phase ends today. Then, in two waves:

1. each staff member logs in, saves his plan (three rows), saves it again with a row changed, tries to
   file a second plan (refused, as intended: one plan per person), submits it for signature and reads
   the ledger (整改台账); meanwhile the heads and managers log in and read the ledger;
2. each head lists the plans awaiting his signature and signs them all at once (a request per plan, as
   from several tabs, so that a unit's sign-offs collide on its 序号); meanwhile everyone else reads the
   ledger.

Under load, everyone of a wave starts at the same moment (a thread each); one at a time, the same
requests are made in the same order, one after the other. Loopback only, about eight requests a person.
Afterwards each unit's items are checked: every plan signed, 序号 1…n without a gap or a repeat.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

import requests

import frappe
from frappe.utils import add_days, getdate, random_string, today
from zgz_app.demo import DEMO_PASSWORD
from zgz_app.roles import CAMPAIGN_MANAGER, SECTION_HEAD, STAFF
from zgz_app.tests.cleanup import purge_committed

PLAN = "ZGZ Rectification Plan"
ITEM = "ZGZ Problem Item"
LEDGER = "ZGZ Rectification Ledger"
APPLY = "/api/method/frappe.model.workflow.apply_workflow"
DOMAIN = "load.zgz-bench.invalid"
KINDS = ("login", "save plan", "save again", "second plan", "submit", "ledger", "list", "sign")
INTENDED = {"second plan"}  # refused by design: one plan per person and campaign


def run(url: str = "http://127.0.0.1:8000", units: int = 8, staff: int = 5, managers: int = 2) -> None:
	frappe.set_user("Administrator")
	units, staff, managers = int(units), int(staff), int(managers)
	requests.get(f"{url}/api/method/ping", timeout=10).raise_for_status()
	# Frappe refuses more than throttle_user_limit new users a minute (60 by default); this process
	# makes two offices of people in a minute or two
	frappe.local.conf.throttle_user_limit = 10 * (units * (staff + 1) + managers)
	offices = []
	try:
		results = {}
		for phase, concurrent in (("one at a time", False), ("at once", True)):
			office = Office(tag=random_string(4).lower())
			offices.append(office)  # removed at the end, even if only half made
			make_office(office, units, staff, managers)
			settle()
			before = deadlocks()
			results[phase] = run_phase(url, office, concurrent)
			results[phase].deadlocks = deadlocks() - before if before is not None else None
			results[phase].checks = check_office(office)
		print_report(url, units * (staff + 1) + managers, results)
	finally:
		for office in offices:
			remove_office(office)


# ---------------------------------------------------------------------------------------------------
# The office


@dataclass
class Office:
	tag: str
	campaign: str = ""
	units: list[str] = field(default_factory=list)
	heads: dict[str, str] = field(default_factory=dict)  # unit → head
	staff: dict[str, list[str]] = field(default_factory=dict)  # unit → staff
	managers: list[str] = field(default_factory=list)
	deadlines: list[str] = field(default_factory=list)  # worked out here: threads have no site
	users: list[str] = field(default_factory=list)  # everyone made, in order


def make_office(office: Office, units: int, staff: int, managers: int) -> None:
	office.deadlines = [str(add_days(today(), 30 + n)) for n in (1, 2, 3)]
	office.managers = [make_user(office, f"cm{i}", CAMPAIGN_MANAGER) for i in range(managers)]
	lead = make_unit(office, f"负载-{office.tag}-综合科", office.managers)
	for u in range(units):
		head = make_user(office, f"head{u}", SECTION_HEAD)
		people = [make_user(office, f"s{u}x{i}", STAFF) for i in range(staff)]
		unit = make_unit(office, f"负载-{office.tag}-{u + 1:02d}科", people, head=head)
		office.heads[unit], office.staff[unit] = head, people
	start = add_days(today(), -20)
	office.campaign = (
		frappe.get_doc(
			{
				"doctype": "ZGZ Campaign",
				"title": f"负载测试专项活动实施方案（{office.tag}）",
				"short_name": "负载测试",
				"organisation": "常州市金坛区规划局",
				"doc_number": f"坛规党组发〔{getdate(start).year}〕{random.randint(900_000, 999_999)}号",
				"issuing_body": "中共常州市金坛区规划局党组",
				"issue_date": start,
				"start_date": start,
				"end_date": add_days(today(), 180),
				"lead_unit": lead,
				"units": [{"unit": u} for u in office.heads],
				"leading_group": [{"group_role": "Leader", "member_name": "负载组长", "post": "局长"}],
				"categories": [{"category_name": n} for n in ("思维中梗阻", "执行中梗阻")],
				"phases": [
					# the last day of screening is today
					{
						"phase_name": "全面排查",
						"phase_type": "Screening",
						"start_date": start,
						"end_date": today(),
					},
					{
						"phase_name": "整改纠正",
						"phase_type": "Rectification",
						"start_date": add_days(today(), 1),
						"end_date": add_days(today(), 180),
					},
				],
				"problem_list_due": today(),
			}
		)
		.insert(ignore_permissions=True)
		.name
	)
	frappe.db.commit()  # the server's workers must see the office


def make_user(office: Office, login: str, role: str) -> str:
	"""A person who can log in. Made as Frappe's installer makes users (``in_install``): each save of a
	User otherwise queues a background job to make its Contact and another to look up its gravatar
	over the internet, which would run during the measurement (or after the person is gone)."""
	installing, frappe.flags.in_install = frappe.flags.in_install, "zgz_app.benchmarks.load"
	try:
		return _make_user(office, login, role)
	finally:
		frappe.flags.in_install = installing


def _make_user(office: Office, login: str, role: str) -> str:
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": f"{login}.{office.tag}@{DOMAIN}",
			"first_name": f"负载{login}",
			"language": "zh",
			"send_welcome_email": 0,
			"new_password": DEMO_PASSWORD,
		}
	)
	user.flags.no_welcome_mail = True
	user.insert(ignore_permissions=True)
	office.users.append(user.name)
	user.add_roles(role)
	return user.name


def make_unit(office: Office, name: str, members: list[str], head: str | None = None) -> str:
	unit = (
		frappe.get_doc(
			{
				"doctype": "ZGZ Unit",
				"unit_name": name,
				"unit_type": "Section",
				"head": head,
				"members": [{"user": u} for u in ([head] if head else []) + members],
			}
		)
		.insert(ignore_permissions=True)
		.name
	)
	office.units.append(unit)
	return unit


def settle(seconds: int = 180) -> None:
	"""Wait until the background jobs the new people set off (Frappe makes a Contact and looks for a
	gravatar for each) are done, so that they neither run during the measurement nor after the
	people are removed. The queues are the bench's: bounded, in case another site keeps them busy."""
	from frappe.utils.background_jobs import get_queues

	deadline = time.monotonic() + seconds
	while time.monotonic() < deadline:
		if not any(q.count or q.started_job_registry.count for q in get_queues()):
			return
		time.sleep(1)


def deadlocks() -> int:
	"""The database's count of the deadlocks it has resolved (the whole server's: other sites count too)."""
	if frappe.db.db_type == "postgres":
		return int(frappe.db.sql("select coalesce(sum(deadlocks), 0) from pg_stat_database")[0][0])
	return int(frappe.db.sql("show global status like 'Innodb_deadlocks'")[0][1])


def check_office(office: Office) -> dict:
	"""Every plan signed; each unit's 序号 1…n, without a gap or a repeat."""
	frappe.db.rollback()  # a fresh snapshot: what the server committed
	plans = frappe.get_all(PLAN, filters={"campaign": office.campaign}, pluck="workflow_state")
	gapless = True
	for unit in office.units:
		serials = frappe.get_all(
			ITEM, filters={"campaign": office.campaign, "unit": unit}, pluck="serial_no", order_by="serial_no"
		)
		gapless = gapless and serials == list(range(1, len(serials) + 1))
	items = frappe.db.count(ITEM, {"campaign": office.campaign})
	return {"plans": len(plans), "signed": plans.count("Signed"), "items": items, "gapless": gapless}


def remove_office(office: Office) -> None:
	"""Everything the phase made, so that the demo is left as it was."""
	purge_committed([office.campaign], office.units, office.users)


# ---------------------------------------------------------------------------------------------------
# The people, over HTTP


@dataclass
class Phase:
	timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
	refused: dict[str, int] = field(default_factory=lambda: defaultdict(int))
	errors: list[str] = field(default_factory=list)
	seconds: float = 0.0
	checks: dict = field(default_factory=dict)
	deadlocks: int | None = None  # resolved by the database meanwhile (each loser taken again)
	lock: threading.Lock = field(default_factory=threading.Lock)


class Person:
	def __init__(self, url: str, user: str, office: Office, phase: Phase):
		self.url, self.user, self.office, self.phase = url, user, office, phase
		self.session = requests.Session()
		self.plan: dict | None = None

	def call(self, kind: str, method: str, path: str, **kwargs) -> dict | None:
		started = time.perf_counter()
		try:
			response = self.session.request(method, self.url + path, timeout=600, **kwargs)
		except requests.RequestException as e:
			with self.phase.lock:
				self.phase.errors.append(f"{kind} {self.user}: {e!r}")
			return None
		seconds = time.perf_counter() - started
		with self.phase.lock:
			self.phase.timings[kind].append(seconds)
			if response.status_code == 200:
				return response.json()
			if kind in INTENDED and response.status_code == 417:
				self.phase.refused[kind] += 1
				return None
			self.phase.errors.append(f"{kind} {self.user}: HTTP {response.status_code} {why(response)}")
		return None

	def login(self):
		self.call("login", "POST", "/api/method/login", json={"usr": self.user, "pwd": DEMO_PASSWORD})

	def save_plan(self, unit: str):
		rows = [
			{
				"problem": f"第{n}个问题：办事拖拉，群众诉求超时未办",
				"measures": "建立限时办结台账，每周通报",
				"category": "执行中梗阻",
				"deadline": deadline,
			}
			for n, deadline in enumerate(self.office.deadlines, 1)
		]
		body = {"campaign": self.office.campaign, "unit": unit, "plan_type": "Personal", "rows": rows}
		answer = self.call("save plan", "POST", f"/api/resource/{PLAN}", json=body)
		self.plan = answer and answer["data"]
		if self.plan:
			self.plan["rows"][0]["measures"] = "建立限时办结台账，每周通报，月底对账"
			fields = ("name", "problem", "measures", "category", "deadline")
			rows = [{k: r[k] for k in fields} for r in self.plan["rows"]]
			self.call("save again", "PUT", f"/api/resource/{PLAN}/{self.plan['name']}", json={"rows": rows})
		self.call("second plan", "POST", f"/api/resource/{PLAN}", json=body)

	def act(self, kind: str, plan: str, action: str):
		doc = json.dumps({"doctype": PLAN, "name": plan})
		self.call(kind, "POST", APPLY, data={"doc": doc, "action": action})

	def submit(self):
		if self.plan:
			self.act("submit", self.plan["name"], "Submit for Signature")

	def ledger(self):
		filters = json.dumps({"campaign": self.office.campaign})
		params = {"report_name": LEDGER, "filters": filters}
		self.call("ledger", "GET", "/api/method/frappe.desk.query_report.run", params=params)

	def awaiting(self) -> list[str]:
		filters = json.dumps(
			[["campaign", "=", self.office.campaign], ["workflow_state", "=", "Awaiting Signature"]]
		)
		params = {"filters": filters, "limit_page_length": 100}
		answer = self.call("list", "GET", f"/api/resource/{PLAN}", params=params)
		return [row["name"] for row in (answer or {}).get("data", [])]


def why(response) -> str:
	try:
		body = response.json()
	except ValueError:
		return response.text[:200]
	messages = [json.loads(m).get("message", "") for m in json.loads(body.get("_server_messages") or "[]")]
	return f"{body.get('exc_type', '')} {' '.join(messages)}"[:300]


def run_phase(url: str, office: Office, concurrent: bool) -> Phase:
	phase = Phase()
	people = {u: Person(url, u, office, phase) for u in office.users}
	unit_of = {u: unit for unit, staff in office.staff.items() for u in staff}

	def staff_wave_1(user):
		person = people[user]
		person.login()
		person.save_plan(unit_of[user])
		person.submit()
		person.ledger()

	def reader_wave_1(user):
		people[user].login()
		people[user].ledger()

	def head_wave_2(user):
		person = people[user]
		plans = person.awaiting()
		calls = [(lambda plan=plan: person.act("sign", plan, "Sign")) for plan in plans]
		together(calls) if concurrent else [call() for call in calls]

	def reader_wave_2(user):
		people[user].ledger()

	heads = list(office.heads.values())
	staff = [u for s in office.staff.values() for u in s]
	wave_1 = [lambda u=u: staff_wave_1(u) for u in staff] + [
		lambda u=u: reader_wave_1(u) for u in [*heads, *office.managers]
	]
	wave_2 = [lambda u=u: head_wave_2(u) for u in heads] + [
		lambda u=u: reader_wave_2(u) for u in [*staff, *office.managers]
	]

	def safely(call):
		try:
			call()
		except Exception as e:  # counted, never lost with its thread
			with phase.lock:
				phase.errors.append(f"crashed: {e!r}")

	started = time.perf_counter()
	for wave in (wave_1, wave_2):
		wave = [lambda call=call: safely(call) for call in wave]
		together(wave) if concurrent else [call() for call in wave]
	phase.seconds = time.perf_counter() - started
	return phase


def together(calls: list) -> None:
	"""Each call in a thread of its own, all released at the same moment."""
	barrier = threading.Barrier(len(calls))

	def go(call):
		barrier.wait()
		call()

	threads = [threading.Thread(target=go, args=(c,)) for c in calls]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join()


# ---------------------------------------------------------------------------------------------------
# The figures


def p95(values: list[float]) -> float:
	"""The nearest-rank 95th percentile."""
	ordered = sorted(values)
	return ordered[max(0, -(-95 * len(ordered) // 100) - 1)] if ordered else 0.0


def median(values: list[float]) -> float:
	ordered = sorted(values)
	return ordered[len(ordered) // 2] if ordered else 0.0


def print_report(url: str, people: int, results: dict[str, Phase]) -> None:
	alone, busy = results["one at a time"], results["at once"]
	print(f"\n{people} people against {url}; seconds per request (median / 95th percentile)\n")
	print(f"{'request':<12} {'n':>4} {'one at a time':>16} {f'{people} at once':>16}")
	for kind in KINDS:
		a, b = alone.timings.get(kind, []), busy.timings.get(kind, [])
		print(f"{kind:<12} {len(b):>4} {median(a):>7.2f} / {p95(a):>6.2f} {median(b):>7.2f} / {p95(b):>6.2f}")
	for name, phase in (("one at a time", alone), ("at once", busy)):
		requests_made = sum(len(v) for v in phase.timings.values())
		refused = sum(phase.refused.values())
		print(
			f"\n{name}: {requests_made} requests in {phase.seconds:.1f} s; errors: {len(phase.errors)}; "
			f"refused as intended: {refused}; deadlocks resolved meanwhile: {phase.deadlocks}; "
			f"plans {phase.checks['signed']}/{phase.checks['plans']} signed, {phase.checks['items']} items, "
			f"序号 {'gapless' if phase.checks['gapless'] else 'WITH GAPS OR REPEATS'}"
		)
		for error in phase.errors[:20]:
			print("  ", error)
