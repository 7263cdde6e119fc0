"""The demo's data (``data.json``, beside this file) as the loader sees it: read once, and checked
before anything is created, so that a slip in the file stops the run command with a sentence naming
the slip rather than half a demo and a link error from deep inside Frappe."""

import functools
import json
from pathlib import Path

from zgz_app.roles import ALL_ROLES

DATA_FILE = Path(__file__).with_name("data.json")

# The one value kept in code, not in data.json: it is how one signs in to the demo site, not a record of
# the office. The benchmarks (zgz_app/benchmarks/load.py) sign in with it and the run command prints it,
# so editing the office's people, units or plans must never change it by the way.
DEMO_PASSWORD = "Zgz#demo2018"


class DemoDataError(ValueError):
	"""data.json names a role, person or unit that does not exist."""


@functools.cache
def demo_data() -> dict:
	"""The parsed data.json (shared: read it, never change it)."""
	with DATA_FILE.open(encoding="utf-8") as f:
		data = json.load(f)
	check(data)
	return data


def email(login: str) -> str:
	return f"{login}@{demo_data()['office']['mail_domain']}"


def post_of(login: str) -> str:
	return next(p["post"] for p in demo_data()["people"] if p["login"] == login)


def check(data: dict) -> None:
	"""Refuse roles the app does not have and people or units the file does not define."""
	logins = {p["login"] for p in data["people"]}
	units = {u["unit"] for u in data["units"]}
	for person in data["people"]:
		for role in person["roles"]:
			if role not in ALL_ROLES:
				raise DemoDataError(
					f"{DATA_FILE}: {person['login']} has the role {role!r}, which the app does not have; "
					f"its roles are {', '.join(ALL_ROLES)} (zgz_app/roles.py)"
				)
	for where, login in _people_named(data):
		if login not in logins:
			raise DemoDataError(f"{DATA_FILE}: {where} names {login!r}, who is not among the people")
	for where, unit in _units_named(data):
		if unit not in units:
			raise DemoDataError(f"{DATA_FILE}: {where} names the unit {unit!r}, which is not among the units")
	current = data["current_campaign"]
	criteria = [c["criterion"] for c in current["award_criteria"]]
	for score in current["scores"]:
		if sorted(score["marks"]) != sorted(criteria):
			raise DemoDataError(
				f"{DATA_FILE}: {score['reviewer']}'s marks must give one score for each of {', '.join(criteria)}"
			)


def _people_named(data: dict):
	for unit in data["units"]:
		for login in [unit["head"], unit["supervising_leader"], *unit["staff"]]:
			if login:
				yield f"unit {unit['unit']}", login
	for member in data["leading_group"]:
		yield "the leading group", member["login"]
	for task in data["campaign"]["key_tasks"]:
		yield "a key task", task["responsible_leader"]
	current = data["current_campaign"]
	for plan in current["plans"]:
		yield "a plan", plan["owner"]
		yield from (("a plan's step", step["user"]) for step in plan["steps"])
	for nomination in current["nominations"]:
		yield "a nomination", nomination["drafter"]
		yield from (("a nomination's step", step["user"]) for step in nomination["steps"])
		for field in ("nominee", "case_leader"):
			if field in nomination["fields"]:
				yield f"a nomination's {field}", nomination["fields"][field]
	for score in current["scores"]:
		yield "the scores", score["reviewer"]
	for finding in current["findings"]:
		yield "a finding", finding["responsible_person"]
		yield "a finding", finding["responsible_leader"]
	for ballot in current["evaluation"]["ballots"]:
		yield "an evaluation ballot", ballot["rater"]
	for commitments in current["commitments"]["sets"]:
		yield "a unit's commitments", commitments["drafter"]
	yield "the mid-year check", current["commitments"]["check"]["checker"]
	for task in current["key_tasks"]:
		yield "a current key task", task["responsible_leader"]
		yield from (("a current key task's step", step["user"]) for step in task["steps"])
		yield from (("a current key task's report", r["user"]) for r in task["reports"])
		yield from (("a current key task's close-out", u) for u in task.get("close_out", {}).values())


def _units_named(data: dict):
	for unit in data["units"]:
		if unit["parent"]:
			yield f"unit {unit['unit']}'s parent", unit["parent"]
	yield "the office's root unit", data["office"]["root_unit"]
	for campaign in (data["campaign"], data["current_campaign"]):
		yield "a campaign's lead unit", campaign["lead_unit"]
	for task in data["campaign"]["key_tasks"]:
		yield from (("a key task", unit) for unit in [task["lead_unit"], *task["cooperating_units"]])
	current = data["current_campaign"]
	for task in current["key_tasks"]:
		yield from (("a current key task", unit) for unit in [task["lead_unit"], *task["cooperating_units"]])
		yield from (("a current key task's report", r["unit"]) for r in task["reports"])
	for record in [*current["plans"], *current["nominations"], *current["findings"]]:
		yield "a plan, nomination or finding", record["unit"]
	yield from (("a unit's commitments", s["unit"]) for s in current["commitments"]["sets"])
	yield from (("the mid-year check", unit) for unit in current["commitments"]["check"]["results"])
	evaluation = current["evaluation"]
	yield from (("the evaluation", unit) for unit in evaluation["units"])
	for ballot in evaluation["ballots"]:
		yield from (("an evaluation ballot", unit) for unit in ballot["ratings"])


DOC_NUMBER = demo_data()["campaign"]["doc_number"]
