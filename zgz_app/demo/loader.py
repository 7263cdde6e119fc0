"""The demo's loader: the office (people, units), seed 000's campaign with its key tasks, and the
campaign running now with its plans; ``tracking`` adds the nominations and the tracking to close-out,
``tasks`` the running campaign's key tasks (drawn from seed 004) tracked to 销号.

``load_demo`` is idempotent: it creates what is missing and leaves what exists alone, so the run
command can call it (through ``run``) every time.
"""

import frappe
from zgz_app.demo.commitments import ensure_commitments
from zgz_app.demo.data import DEMO_PASSWORD, demo_data, email, post_of
from zgz_app.demo.evaluation import ensure_evaluation
from zgz_app.demo.supervision import ensure_supervision
from zgz_app.demo.tasks import ensure_key_task_tracking
from zgz_app.demo.tracking import ensure_nominations, ensure_tracking


def run() -> None:
	"""The run command's entry point (`bench execute zgz_app.demo.run`): load the demo and print the
	logins. It returns nothing, since `bench execute` prints whatever its function returns."""
	load_demo()


def load_demo(commit: bool = True) -> str:
	"""Create the demo office and campaign (idempotent). Returns the campaign's name.

	The run command calls it through `bench execute`, which does not commit: hence ``commit``."""
	data = demo_data()  # read and checked before anything is created
	frappe.flags.mute_emails = True
	set_system_defaults()
	ensure_mail_account()  # first: Frappe remembers the outgoing account for the rest of the request
	for person in data["people"]:
		ensure_user(person["login"], person["full_name"], person["roles"])
	for unit in data["units"]:
		ensure_unit(unit)
	campaign = ensure_campaign()
	ensure_key_tasks(campaign)
	current = ensure_current_campaign()
	ensure_plans(current)
	ensure_nominations(current)
	ensure_key_task_tracking(current)  # before the tracking, whose digest run colours the tasks too
	ensure_tracking(current)
	ensure_supervision(current)
	ensure_commitments(current)
	ensure_evaluation(current)
	frappe.set_user("Administrator")
	if commit:
		frappe.db.commit()
		print_logins()
	return campaign


def set_system_defaults():
	settings = frappe.get_single("System Settings")
	settings.language = "zh"
	settings.time_zone = "Asia/Shanghai"
	settings.country = settings.country or "China"
	settings.date_format = "yyyy-mm-dd"
	# The demo site skips the setup wizard (an office's own site has been through it already);
	# v15 records that on System Settings, v16 per app on Installed Application.
	if settings.meta.has_field("setup_complete"):
		settings.setup_complete = 1
	elif frappe.db.table_exists("Installed Application"):
		frappe.db.set_value("Installed Application", {"app_name": "frappe"}, "is_setup_complete", 1)
	settings.flags.ignore_mandatory = True
	settings.save(ignore_permissions=True)


def ensure_mail_account() -> None:
	"""An outgoing account, so that mail is queued with a sender; the demo site mutes sending
	(site config mute_emails, set by scripts/demo.sh), so the Email Queue shows it and nothing leaves."""
	if frappe.db.exists("Email Account", {"default_outgoing": 1}):
		return
	office = demo_data()["office"]
	if frappe.db.exists(
		"Email Account", office["mail_account"]
	):  # ours, made no longer the default meanwhile
		frappe.db.set_value("Email Account", office["mail_account"], "default_outgoing", 1)
		return
	account = frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": office["mail_account"],
			"email_id": f"noreply@{office['mail_domain']}",
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "127.0.0.1",
			"no_smtp_authentication": 1,
		}
	)
	account.flags.ignore_validate = True  # it would try to reach the SMTP server, which the demo has none of
	account.insert(ignore_permissions=True)


def ensure_user(login: str, full_name: str, roles: list[str]) -> str:
	name = email(login)
	if not frappe.db.exists("User", name):
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": name,
				"first_name": full_name,
				"language": "zh",
				"send_welcome_email": 0,
				"new_password": DEMO_PASSWORD,
			}
		)
		user.flags.no_welcome_mail = True
		user.insert(ignore_permissions=True)
	user = frappe.get_doc("User", name)
	missing = [r for r in roles if r not in frappe.get_roles(name)]
	if missing:
		user.add_roles(*missing)
	return name


def ensure_unit(unit: dict):
	"""One of data.json's units: its head and staff are its members, each with their post."""
	if frappe.db.exists("ZGZ Unit", unit["unit"]):
		return
	has_children = any(u["parent"] == unit["unit"] for u in demo_data()["units"])
	leader = unit["supervising_leader"]
	frappe.get_doc(
		{
			"doctype": "ZGZ Unit",
			"unit_name": unit["unit"],
			"unit_type": unit["type"],
			"parent_zgz_unit": unit["parent"],
			"is_group": int(has_children),
			"head": email(unit["head"]),
			"supervising_leader": email(leader) if leader else None,
			"members": [
				{"user": email(login), "post": post_of(login)} for login in [unit["head"], *unit["staff"]]
			],
		}
	).insert(ignore_permissions=True)


def ensure_form_title(campaign: str, form_title: str) -> str:
	"""The title the campaign's forms print, as the seed writes it (a demo loaded before the campaign
	had the field got the one made from its name)."""
	if frappe.db.get_value("ZGZ Campaign", campaign, "form_title") != form_title:
		frappe.db.set_value("ZGZ Campaign", campaign, "form_title", form_title, update_modified=False)
	return campaign


def office_rows() -> dict:
	"""What both campaigns take from the office: every unit below the bureau, and the leading group."""
	data = demo_data()
	return {
		"units": [{"unit": u["unit"]} for u in data["units"] if u["parent"]],
		"leading_group": [
			{"group_role": m["group_role"], "user": email(m["login"]), "post": post_of(m["login"])}
			for m in data["leading_group"]
		],
	}


def ensure_campaign() -> str:
	"""Seed 000's campaign, every date as the seed's document writes it."""
	data = demo_data()
	seed = data["campaign"]
	existing = frappe.db.get_value("ZGZ Campaign", {"doc_number": seed["doc_number"]})
	if existing:
		return ensure_form_title(existing, seed["form_title"])
	doc = frappe.get_doc(
		{
			"doctype": "ZGZ Campaign",
			"title": seed["title"],
			"short_name": seed["short_name"],
			"form_title": seed["form_title"],
			"organisation": data["office"]["organisation"],
			"doc_number": seed["doc_number"],
			"issuing_body": seed["issuing_body"],
			"issue_date": seed["issue_date"],
			"start_date": seed["start_date"],
			"end_date": seed["end_date"],
			"lead_unit": seed["lead_unit"],
			"basis_document": seed["basis_document"],
			"scope": seed["scope"],
			"goals": "\n".join(f"<p>{goal}</p>" for goal in seed["goals"]),
			"group_preamble": seed["group_preamble"],
			**office_rows(),
			# copies: Frappe writes each child row's doctype into the dict it is given
			"categories": [dict(c) for c in seed["categories"]],
			"phases": [dict(p) for p in seed["phases"]],
			"problem_list_due": seed["problem_list_due"],
			"nomination_start": seed["nomination_start"],
			"nomination_due": seed["nomination_due"],
			"summary_due": seed["summary_due"],
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name


def ensure_key_tasks(campaign: str):
	if frappe.db.exists("ZGZ Key Task", {"campaign": campaign}):
		return
	for task in demo_data()["campaign"]["key_tasks"]:
		frappe.get_doc(
			{
				"doctype": "ZGZ Key Task",
				"campaign": campaign,
				"title": task["title"],
				"lead_unit": task["lead_unit"],
				"cooperating_units": [{"unit": u} for u in task["cooperating_units"]],
				"responsible_leader": email(task["responsible_leader"]),
				"due_date": task["due_date"],
			}
		).insert(ignore_permissions=True)


def demo_logins() -> list[tuple[str, str, str]]:
	return [(email(p["login"]), p["full_name"], p["post"]) for p in demo_data()["people"]]


def print_logins():
	print(f"  Demo users (password {DEMO_PASSWORD}):")
	for login, name, post in demo_logins():
		print(f"    {login:<34} {name}  {post}")


def ensure_current_campaign() -> str:
	"""A second campaign, running now, shaped after seed 001 (排查 → 整改纠正 → 长效推进), so that the
	demo has an open screening phase and plans at every step of the sign-off.

	Its dates count from today: it starts ``start_days`` from today, each phase ends
	``end_days_after_start`` after the start and the next begins the day after; the problem lists are
	due when screening ends, the summary when rectification ends, and the campaign ends with its last
	phase. The document number takes the start's year."""
	from frappe.utils import add_days, getdate, today

	data = demo_data()
	spec = data["current_campaign"]
	start = getdate(add_days(today(), spec["start_days"]))
	doc_number = f"{spec['doc_number_prefix']}〔{start.year}〕{spec['doc_number_serial']}号"
	existing = frappe.db.get_value("ZGZ Campaign", {"doc_number": doc_number})
	if existing:
		return ensure_form_title(existing, spec["form_title"])
	phases, phase_start = [], start
	for phase in spec["phases"]:
		phase_end = add_days(start, phase["end_days_after_start"])
		phases.append(
			{
				"phase_name": phase["phase_name"],
				"phase_type": phase["phase_type"],
				"start_date": phase_start,
				"end_date": phase_end,
			}
		)
		phase_start = add_days(phase_end, 1)
	end_of = {p["phase_type"]: p["end_date"] for p in phases}
	doc = frappe.get_doc(
		{
			"doctype": "ZGZ Campaign",
			"title": spec["title"],
			"short_name": spec["short_name"],
			"form_title": spec["form_title"],
			"organisation": data["office"]["organisation"],
			"doc_number": doc_number,
			"issuing_body": spec["issuing_body"],
			"issue_date": start,
			"start_date": start,
			"end_date": phases[-1]["end_date"],
			"lead_unit": spec["lead_unit"],
			"scope": spec["scope"],
			"group_preamble": spec["group_preamble"],
			**office_rows(),
			"categories": [dict(c) for c in spec["categories"]],
			"phases": phases,
			"problem_list_due": end_of["Screening"],
			"summary_due": end_of["Rectification"],
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name


def ensure_plans(campaign: str) -> None:
	"""The current campaign's plans, each taken through its ``steps`` by the workflow, as the people
	would; a row's deadline is ``deadline_days`` from today."""
	from frappe.utils import add_days, today
	from zgz_app.workflow import apply_workflow

	if frappe.db.exists("ZGZ Rectification Plan", {"campaign": campaign}):
		return
	for spec in demo_data()["current_campaign"]["plans"]:
		frappe.set_user(email(spec["owner"]))
		plan = frappe.get_doc(
			{
				"doctype": "ZGZ Rectification Plan",
				"campaign": campaign,
				"plan_type": spec["plan_type"],
				"unit": spec["unit"],
				"rows": [
					{
						"problem": row["problem"],
						"measures": row["measures"],
						"category": row["category"],
						"source": row["source"],
						"deadline": add_days(today(), row["deadline_days"]),
					}
					for row in spec["rows"]
				],
			}
		).insert()
		for step in spec["steps"]:
			frappe.set_user(email(step["user"]))
			posted = frappe.get_doc("ZGZ Rectification Plan", plan.name).as_dict()
			apply_workflow(posted, step["action"], reason=step.get("reason"))
	frappe.set_user("Administrator")
