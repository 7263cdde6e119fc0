"""The daily escalation job at scale: ``items`` open problem items in ``units`` units, beside Frappe's
per-document Notification approach (a get_doc and a mail per item).

    bench --site SITE execute zgz_app.benchmarks.escalation.run
    bench --site SITE execute zgz_app.benchmarks.escalation.run --kwargs "{'items': 5000}"

Seeds with frappe.db.bulk_insert inside the current transaction (people: a head per unit, ten
supervising leaders, five responsible persons per unit, a leading group of five) and rolls everything
back at the end; frappe.db.commit refuses to work meanwhile. Deadlines are spread from 60 days ago to
60 days ahead, so every colour and every recipient level occurs. The per-document way is timed on a
sample of ``sample`` coloured items and scaled to all of them (it is linear: one document, one mail
each), printed as such."""

import random
import time
from datetime import timedelta

import frappe
from frappe.utils import getdate, now_datetime, random_string, today
from zgz_app.benchmarks.problem_items import (
	ITEM,
	ITEM_COLUMNS,
	MEASURES,
	PROBLEMS,
	STANDARD_FIELDS,
	commits_refused,
	counting_queries,
	pad,
	seed_campaign,
)
from zgz_app.rectification import escalation

PEOPLE_PER_UNIT = 5
LEADERS = 10
GROUP = 5


def run(units: int = 100, items: int = 50_000, sample: int = 2_000, seed: int = 2026) -> None:
	frappe.set_user("Administrator")
	units, items, sample = int(units), int(items), int(sample)
	try:
		with commits_refused():
			started = time.perf_counter()
			campaign = seed_office(units, items, random.Random(seed))
			seeded = time.perf_counter() - started
			day = getdate(today())
			ensure_outgoing_account()
			escalation.get_settings()  # the settings and meta cached, as on a running site
			first = timed(lambda: escalation.run(day))
			again = timed(lambda: escalation.run(day))
			naive = per_document(campaign, day, sample)
		print_table(units, items, seeded, first, again, naive)
	finally:
		frappe.db.rollback()


def queued_mails() -> int:
	"""Rows in the Email Queue, counted exactly (frappe.db.count caches the count of a whole table)."""
	return frappe.db.sql("select count(*) from `tabEmail Queue`")[0][0]


def timed(fn) -> dict:
	before = queued_mails()
	with counting_queries() as counter:
		started = time.perf_counter()
		figures = fn()
		seconds = time.perf_counter() - started
	figures.update(seconds=seconds, queries=counter["queries"], queued=queued_mails() - before)
	return figures


# ---------------------------------------------------------------------------------------------------
# Seeding


def ensure_outgoing_account() -> None:
	"""Mail is queued only with a default outgoing account (rolled back with the rest; never sent)."""
	if frappe.db.exists("Email Account", {"default_outgoing": 1, "enable_outgoing": 1}):
		return
	account = frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": "bench-outgoing",
			"email_id": "noreply@bench.invalid",
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "127.0.0.1",
			"no_smtp_authentication": 1,
		}
	)
	account.flags.ignore_validate = True  # no SMTP server to reach: nothing is sent
	account.insert(ignore_permissions=True)


def seed_people(count: int, prefix: str, title: str, tag: str) -> list[str]:
	now = now_datetime()
	names = [f"{prefix}{i:04d}-{tag}@bench.invalid" for i in range(count)]
	frappe.db.bulk_insert(
		"User",
		[*STANDARD_FIELDS, "email", "first_name", "full_name", "enabled", "user_type", "language"],
		[
			(n, now, now, "Administrator", "Administrator", 0, 0, n, f"{title}{i}", f"{title}{i}", 1, "System User", "zh")
			for i, n in enumerate(names)
		],
	)  # fmt: skip
	return names


def seed_office(units: int, items: int, rng: random.Random) -> str:
	tag = random_string(6).lower()
	campaign = seed_campaign(units, 0, rng)
	unit_names = frappe.get_all(
		"ZGZ Campaign Unit", filters={"parent": campaign}, pluck="unit", order_by="idx"
	)
	heads = seed_people(units, "head", "科长", tag)
	leaders = seed_people(LEADERS, "leader", "分管", tag)
	persons = seed_people(units * PEOPLE_PER_UNIT, "staff", "经办", tag)
	group = seed_people(GROUP, "group", "组员", tag)
	for i, unit in enumerate(unit_names):
		frappe.db.set_value(
			"ZGZ Unit",
			unit,
			{"head": heads[i], "supervising_leader": leaders[i % LEADERS]},
			update_modified=False,
		)
	now = now_datetime()
	frappe.db.bulk_insert(
		"ZGZ Leading Group Member",
		[*STANDARD_FIELDS, "parent", "parenttype", "parentfield", "group_role", "user", "member_name", "post"],
		[
			(f"bench-lg-{tag}-{i}", now, now, "Administrator", "Administrator", 0, i, campaign, "ZGZ Campaign",
			 "leading_group", "Leader" if i == 0 else "Member", u, u, "成员")
			for i, u in enumerate(group)
		],
	)  # fmt: skip
	start = getdate(today())
	columns = [*ITEM_COLUMNS, "responsible_person", "responsible_leader", "progress_percent"]
	rows = []
	for k in range(items):
		u = k % units
		kind = rng.randrange(len(PROBLEMS))
		rows.append(
			(
				f"ZGZ-ITEM-ESC-{tag}-{k + 1:06d}", now, now, "Administrator", "Administrator", 0, 0,
				"ZGZ-ITEM-.YYYY.-", campaign, unit_names[u], k // units + 1, "Unit", "执行中梗阻", "Self-found",
				"Rectifying", "分管", "经办", start + timedelta(days=rng.randrange(-60, 60)),
				PROBLEMS[kind].format(k + 1), MEASURES[kind].format(k + 1), "", "Rectification Plan",
				persons[u * PEOPLE_PER_UNIT + rng.randrange(PEOPLE_PER_UNIT)], leaders[u % LEADERS],
				rng.choice((0, 20, 50, 80, 100)),
			)
		)  # fmt: skip
	frappe.db.bulk_insert(ITEM, columns, rows)
	return campaign


# ---------------------------------------------------------------------------------------------------
# Frappe's way: a Notification evaluated document by document


def per_document(campaign: str, day, sample: int) -> dict:
	"""Frappe's Notification ("Days After" the deadline) sends one mail per document: get the document,
	render, queue a mail to its people. Timed on ``sample`` coloured items, scaled to all of them."""
	settings = escalation.get_settings()
	thresholds, calendar = settings.thresholds(), settings.calendar()
	coloured = [
		i.name
		for i in escalation.open_items()
		if escalation.colour(calendar.days_left(day, getdate(i.deadline)), i.progress_percent, thresholds)
	]
	alert = frappe.get_doc(
		{
			"doctype": "Notification",
			"name": "bench-per-document",
			"subject": "{{ doc.unit }} 第{{ doc.serial_no }}号问题整改提醒",
			"document_type": ITEM,
			"event": "Days After",
			"date_changed": "deadline",
			"channel": "Email",
			"message": "<p>{{ doc.problem }}</p><p>整改时限：{{ doc.deadline }}</p>",
			"recipients": [
				{"receiver_by_document_field": "responsible_person"},
				{"receiver_by_document_field": "responsible_leader"},
			],
		}
	)
	chosen = coloured[:sample]

	def send_each():
		for name in chosen:
			alert.send(frappe.get_doc(ITEM, name))
		return {"items": len(chosen)}

	measured = timed(send_each)
	scale = len(coloured) / len(chosen) if chosen else 0
	return {
		"sample": len(chosen),
		"coloured": len(coloured),
		"seconds": measured["seconds"],
		"queries": measured["queries"],
		"queued": measured["queued"],
		"scaled_seconds": measured["seconds"] * scale,
		"scaled_queries": round(measured["queries"] * scale),
		"scaled_mails": round(measured["queued"] * scale),
	}


def print_table(units, items, seeded, first, again, naive) -> None:
	print(
		f"\nZGZ daily escalation: {units} units, {items:,} open problem items "
		f"(seeded in {seeded:.1f} s, rolled back)\n"
	)
	header = (
		f"{pad('what', 52)} {'coloured':>9} {'recipients':>10} {'mails':>7} {'seconds':>8} {'queries':>8}"
	)
	print(header)
	print("-" * len(header))
	for what, f in (
		("digest job, first run of the day", first),
		("digest job, run again the same day", again),
	):
		print(
			f"{pad(what, 52)} {f['coloured']:>9,} {f['recipients']:>10,} {f['queued']:>7,} "
			f"{f['seconds']:>8.2f} {f['queries']:>8,}"
		)
	label = f"per-document Notification, measured on {naive['sample']:,}"
	print(
		f"{pad(label, 52)} {naive['sample']:>9,} {'':>10} {naive['queued']:>7,} "
		f"{naive['seconds']:>8.2f} {naive['queries']:>8,}"
	)
	label = f"  the same scaled to all {naive['coloured']:,} coloured items"
	print(
		f"{pad(label, 52)} {naive['coloured']:>9,} {'':>10} {naive['scaled_mails']:>7,} "
		f"{naive['scaled_seconds']:>8.1f} {naive['scaled_queries']:>8,}"
	)
	if first["seconds"] and first["queries"]:
		print(
			f"\nper-document / digest: x{naive['scaled_seconds'] / first['seconds']:.0f} time, "
			f"x{naive['scaled_queries'] / first['queries']:.0f} queries, "
			f"x{naive['scaled_mails'] / max(first['queued'], 1):.0f} mails"
		)
	print()
