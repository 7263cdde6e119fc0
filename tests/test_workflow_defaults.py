"""The shipped workflows (zgz_app/defaults) are consistent with the DocTypes and roles they name."""

import re

import pytest

from tests import appmeta

WORKFLOWS = appmeta.default_records("workflow")
STATES = {r["name"] for r in appmeta.default_records("workflow_state")}
ACTIONS = {r["name"] for r in appmeta.default_records("workflow_action_master")}
ROLES = {r["name"] for r in appmeta.fixture("role")}


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda w: w["name"])
def test_states_actions_and_roles_exist(workflow):
	doctype = appmeta.doctypes()[workflow["document_type"]]
	fields = {f["fieldname"] for f in doctype["fields"]}
	assert workflow["workflow_state_field"] in fields
	states = {s["state"]: s["doc_status"] for s in workflow["states"]}
	assert set(states) <= STATES
	for state in workflow["states"]:
		assert state["allow_edit"] in ROLES
	for t in workflow["transitions"]:
		assert {t["state"], t["next_state"]} <= set(states), t
		assert t["action"] in ACTIONS
		assert t["allowed"] in ROLES
		# Frappe's own rules: no leaving a cancelled state, no submitted → draft, no draft → cancelled
		assert states[t["state"]] != "2"
		assert (states[t["state"]], states[t["next_state"]]) not in {("1", "0"), ("0", "2")}


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda w: w["name"])
def test_conditions_name_only_real_fields(workflow):
	doctype = appmeta.doctypes()[workflow["document_type"]]
	fields = {f["fieldname"] for f in doctype["fields"]} | {"owner", "name", "docstatus"}
	for t in workflow["transitions"]:
		for field in re.findall(r"\bdoc\.(\w+)", t.get("condition") or ""):
			assert field in fields, (t["action"], field)


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda w: w["name"])
def test_signing_is_never_self_approval_and_refusals_ask_why(workflow):
	submitted = {s["state"] for s in workflow["states"] if s["doc_status"] == "1"}
	for t in workflow["transitions"]:
		if t["next_state"] in submitted and t["state"] not in submitted:
			assert not t["allow_self_approval"], t
			assert "doc.approver" in t["condition"], t
	refusals = [t for t in workflow["transitions"] if t["action"] in ("Return", "Reject", "Reopen")]
	assert all(t["zgz_requires_reason"] for t in refusals)


def test_every_routed_doctype_has_a_return_reason_field():
	# zgz_app.workflow reads and clears return_reason on every DocType that has a shipped workflow
	for workflow in WORKFLOWS:
		fields = {f["fieldname"] for f in appmeta.doctypes()[workflow["document_type"]]["fields"]}
		assert "return_reason" in fields
