"""The demo's data file (zgz_app/demo/data.json) keeps the shape its loader relies on: checked here
without a site, so that an edit to the file fails in seconds instead of half-way through `make demo`."""

import datetime
import json
import re
from itertools import pairwise
from pathlib import Path

import pytest

from zgz_app.core.docnumber import parse_doc_number
from zgz_app.roles import ALL_ROLES, INSPECTOR, LEADER

ROOT = Path(__file__).resolve().parent.parent
DATA_FILE = ROOT / "zgz_app" / "demo" / "data.json"
DOCTYPES = ROOT / "zgz_app" / "zgz_app" / "doctype"
RAW = DATA_FILE.read_text(encoding="utf-8")
DATA = json.loads(RAW)
PEOPLE = {p["login"]: p for p in DATA["people"]}
UNITS = {u["unit"]: u for u in DATA["units"]}
SEED = DATA["campaign"]
CURRENT = DATA["current_campaign"]


def members(unit: dict) -> list[str]:
	return [unit["head"], *unit["staff"]]


def options(doctype: str, fieldname: str) -> set[str]:
	"""A Select field's options, read from the DocType's JSON."""
	meta = json.loads((DOCTYPES / doctype / f"{doctype}.json").read_text(encoding="utf-8"))
	field = next(f for f in meta["fields"] if f["fieldname"] == fieldname)
	return {o for o in field["options"].split("\n") if o}


def day(value: str) -> datetime.date:
	return datetime.date.fromisoformat(value)


def test_file_is_utf8_with_chinese_as_characters():
	assert "\\u" not in RAW, "write Chinese as characters, not \\u escapes"


def test_every_role_is_one_of_the_apps_roles():
	for person in DATA["people"]:
		assert person["roles"], person["login"]
		for role in person["roles"]:
			assert role in ALL_ROLES, f"{person['login']}: {role!r} is not in zgz_app/roles.py"


def test_logins_are_unique_mail_local_parts():
	logins = [p["login"] for p in DATA["people"]]
	assert len(logins) == len(set(logins))
	for login in logins:
		assert re.fullmatch(r"[a-z][a-z0-9._-]*", login), login


def test_units_form_one_tree_under_the_root_parents_first():
	assert len(UNITS) == len(DATA["units"]), "unit names must be unique"
	roots = [u["unit"] for u in DATA["units"] if not u["parent"]]
	assert roots == [DATA["office"]["root_unit"]]
	seen = set()
	for unit in DATA["units"]:  # the loader inserts them in order: a parent must exist before its child
		assert not unit["parent"] or unit["parent"] in seen, unit["unit"]
		seen.add(unit["unit"])
	assert {u["type"] for u in DATA["units"]} <= options("zgz_unit", "unit_type")


def test_every_units_head_leader_and_staff_is_a_person_and_everyone_has_one_unit():
	for unit in DATA["units"]:
		for login in members(unit):
			assert login in PEOPLE, f"{unit['unit']}: {login}"
		if unit["parent"]:
			leader = unit["supervising_leader"]
			assert leader in PEOPLE and LEADER in PEOPLE[leader]["roles"], unit["unit"]
	placed = [login for unit in DATA["units"] for login in members(unit)]
	assert sorted(placed) == sorted(PEOPLE), "each person is a member of exactly one unit"


def test_leading_group_has_exactly_one_leader_and_only_people():
	group = DATA["leading_group"]
	assert [m["group_role"] for m in group].count("Leader") == 1  # 组长
	assert {m["group_role"] for m in group} <= options("zgz_leading_group_member", "group_role")
	logins = [m["login"] for m in group]
	assert len(logins) == len(set(logins))
	assert set(logins) <= set(PEOPLE)


def test_seed_document_number_has_the_year_form_of_its_issue_date():
	number = parse_doc_number(SEED["doc_number"])
	assert str(number) == SEED["doc_number"]
	assert number.year == day(SEED["issue_date"]).year
	current = parse_doc_number(f"{CURRENT['doc_number_prefix']}〔2030〕{CURRENT['doc_number_serial']}号")
	assert current.serial == CURRENT["doc_number_serial"]


def test_seed_phases_are_ordered_and_cover_the_campaign():
	phases = SEED["phases"]
	assert {p["phase_type"] for p in phases} <= options("zgz_campaign_phase", "phase_type")
	assert day(phases[0]["start_date"]) == day(SEED["start_date"])
	assert day(phases[-1]["end_date"]) == day(SEED["end_date"])
	for phase in phases:
		assert day(phase["start_date"]) <= day(phase["end_date"]), phase["phase_name"]
	for before, after in pairwise(phases):
		assert day(after["start_date"]) == day(before["end_date"]) + datetime.timedelta(days=1)
	start, end = day(SEED["start_date"]), day(SEED["end_date"])
	for field in ("problem_list_due", "nomination_start", "nomination_due", "summary_due"):
		assert start <= day(SEED[field]) <= end, field
	assert day(SEED["nomination_start"]) <= day(SEED["nomination_due"])


def test_seed_key_tasks_name_units_and_leaders():
	for task in SEED["key_tasks"]:
		assert {task["lead_unit"], *task["cooperating_units"]} <= set(UNITS)
		assert LEADER in PEOPLE[task["responsible_leader"]]["roles"]
		assert day(SEED["start_date"]) <= day(task["due_date"]) <= day(SEED["end_date"])


def test_current_campaign_is_in_its_screening_phase_today():
	phases = CURRENT["phases"]
	ends = [p["end_days_after_start"] for p in phases]
	assert ends == sorted(set(ends)) and ends[0] > 0, "phases end in order, each after the one before"
	types = [p["phase_type"] for p in phases]
	assert set(types) <= options("zgz_campaign_phase", "phase_type")
	# the loader takes the problem lists' and the summary's due dates from these phases' ends
	assert "Screening" in types and "Rectification" in types
	assert types.index("Screening") == 0
	assert CURRENT["start_days"] <= 0 <= CURRENT["start_days"] + ends[0], "today falls in screening"


def test_plans_and_findings_use_the_current_campaigns_categories_and_sources():
	categories = {c["category_name"] for c in CURRENT["categories"]}
	sources = options("zgz_plan_row", "source")
	for plan in CURRENT["plans"]:
		assert plan["plan_type"] in options("zgz_rectification_plan", "plan_type")
		assert plan["owner"] in members(UNITS[plan["unit"]]), "a plan is drafted by a member of its unit"
		for row in plan["rows"]:
			assert row["category"] in categories, row["problem"]
			assert row["source"] in sources, row["problem"]
		for step in plan["steps"]:
			assert step["user"] in PEOPLE
	for finding in CURRENT["findings"]:
		assert finding["category"] in categories, finding["problem"]
		assert finding["unit"] in UNITS
		assert 0 <= finding["progress_percent"] <= 100


def test_findings_are_one_per_responsible_person_as_the_tracking_story_needs():
	persons = [f["responsible_person"] for f in CURRENT["findings"]]
	assert len(persons) == len(set(persons)), "the loader keys findings by their responsible person"
	assert {"qianwei", "linfeng"} <= set(persons)  # the close-out and the pending extension
	assert INSPECTOR in PEOPLE["caoying"]["roles"]  # who records and verifies them
	assert {f["responsible_leader"] for f in CURRENT["findings"]} <= set(PEOPLE)


@pytest.mark.parametrize("nomination", CURRENT["nominations"], ids=lambda n: n["drafter"])
def test_nominations_name_people_units_and_valid_choices(nomination):
	fields = nomination["fields"]
	assert nomination["award_kind"] in options("zgz_service_award", "award_kind")
	assert nomination["drafter"] in members(UNITS[nomination["unit"]])
	for field in ("nominee", "case_leader"):
		if field in fields:
			assert fields[field] in PEOPLE, field
	for field in ("gender", "political_status"):
		if field in fields:
			assert fields[field] in options("zgz_service_award", field), field
	for step in nomination["steps"]:
		assert step["user"] in PEOPLE


def test_scores_give_each_criterion_a_mark_within_its_maximum():
	criteria = {c["criterion"]: c["max_score"] for c in CURRENT["award_criteria"]}
	# each reviewer scores the nominations submitted up, one point less for each one after the first
	submitted_up = [
		n for n in CURRENT["nominations"] if n["steps"] and n["steps"][-1]["action"] == "Submit Up"
	]
	for score in CURRENT["scores"]:
		assert score["reviewer"] in PEOPLE and LEADER in PEOPLE[score["reviewer"]]["roles"]
		assert set(score["marks"]) == set(criteria)
		for criterion, mark in score["marks"].items():
			assert 0 <= mark - (len(submitted_up) - 1) and mark <= criteria[criterion], criterion


def test_the_evaluation_round_has_weights_of_100_and_no_rater_rates_his_own_unit():
	evaluation = CURRENT["evaluation"]
	for table in ("criteria", "rater_groups"):
		assert sum(row["weight"] for row in evaluation[table]) == 100, table
	assert len(evaluation["units"]) > evaluation["flag_last"]
	groups = {g["rater_group"] for g in evaluation["rater_groups"]}

	# a head's own unit and those under it (own_units in zgz_app/evaluation/ballots.py)
	def own(login):
		headed = {name for name, u in UNITS.items() if u["head"] == login}
		return headed | {name for name, u in UNITS.items() if u["parent"] in headed}

	for ballot in evaluation["ballots"]:
		assert ballot["rater_group"] in groups
		assert not own(ballot["rater"]) & set(ballot["ratings"]), ballot["rater"]
		assert set(ballot["ratings"]) <= set(evaluation["units"])
		for rating, score in ballot["ratings"].values():
			assert rating in options("zgz_evaluation_ballot_score", "rating") and 0 <= score <= 100


def test_current_key_tasks_from_seed_004_fit_the_campaign_and_tell_the_whole_story():
	tasks = CURRENT["key_tasks"]
	assert 6 <= len(tasks) <= 8
	assert "seed 004" in CURRENT["key_tasks_note"]
	start = CURRENT["start_days"]
	end = start + max(p["end_days_after_start"] for p in CURRENT["phases"])
	office = CURRENT["lead_unit"]
	for task in tasks:
		assert {task["lead_unit"], *task["cooperating_units"]} <= set(UNITS)
		assert task["lead_unit"] not in task["cooperating_units"]
		assert LEADER in PEOPLE[task["responsible_leader"]]["roles"]
		assert 0 < task["due_days"] <= end, task["title"]
		for m in task["milestones"]:
			assert start <= m["start_days"] <= m["end_days"] <= task["due_days"], m["deliverable"]
		units = [task["lead_unit"], *task["cooperating_units"]]
		for r in task["reports"]:
			assert r["unit"] in units and r["user"] in members(UNITS[r["unit"]]), r
			assert 0 <= r["milestone"] < len(task["milestones"]) and 0 <= r["percent"] <= 100
		if "close_out" in task:  # 销号 by the lead office, never by the lead unit itself
			assert task["lead_unit"] != office
			assert task["close_out"]["verify"] == UNITS[office]["head"]
			done = {
				r["milestone"]
				for r in task["reports"]
				if r["unit"] == task["lead_unit"] and r["percent"] == 100
			}
			assert done == set(range(len(task["milestones"]))), "every milestone delivered before 销号"
	actions = [[s["action"] for s in t["steps"]] for t in tasks]
	assert ["Submit for Signature"] in actions, "one plan awaits the leader's signature"
	assert sum(1 for t in tasks if "close_out" in t) == 1
	assert sum(1 for t in tasks if t.get("signed_days")) == 1, "one lead unit missed last week's report"


def test_the_commitments_are_drafted_by_their_units_people_and_the_check_finds_one_broken():
	spec = CURRENT["commitments"]
	for commitments in spec["sets"]:
		assert commitments["drafter"] in members(UNITS[commitments["unit"]]), commitments["unit"]
		assert UNITS[commitments["unit"]]["head"] != commitments["drafter"]  # the head signs, never his own
		assert all(len(row) == 5 and row[0] and row[1] for row in commitments["rows"])
	results = spec["check"]["results"]
	assert set(results) == {s["unit"] for s in spec["sets"]}
	for commitments in spec["sets"]:
		assert len(results[commitments["unit"]]) == len(commitments["rows"])
	found = [result for rows in results.values() for result, evidence in rows if evidence]
	assert set(found) <= options("zgz_commitment_check_item", "result")
	assert found.count("Broken") == 1 and "Partly Kept" in found
