"""Set-up that DocType sync and fixtures cannot express."""

import json
import os

import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields
from zgz_app.campaign.permissions import sync_all_unit_permissions
from zgz_app.supervision.accountability import ensure_measures

DEFAULTS = os.path.join(os.path.dirname(__file__), "defaults")

# Frappe routes workflow actions by role; this flag on a transition makes the action ask why
# (see zgz_app.workflow). A Custom Field on Workflow Transition, so the Workflow form shows it.
CUSTOM_FIELDS = {
	"Workflow Transition": [
		{
			"fieldname": "zgz_requires_reason",
			"fieldtype": "Check",
			"label": "Requires a Reason",
			"insert_after": "allow_self_approval",
			"default": "0",
			"description": "The person taking this action must say why (e.g. 退回理由); "
			"the reason is kept on the document's timeline",
		}
	]
}


def after_install():
	after_migrate()


def after_migrate():
	install_workflows()
	ensure_measures()
	# User Permissions follow unit membership; rebuild them in case units were imported in bulk.
	sync_all_unit_permissions()


def default_records(filename: str) -> list[dict]:
	with open(os.path.join(DEFAULTS, filename), encoding="utf-8") as fh:
		return json.load(fh)


def install_workflows(reset: bool = False) -> None:
	"""Add the shipped workflows, their states and actions where missing. An existing workflow is left
	as the administrator configured it, unless ``reset`` (bench execute zgz_app.install.reset_workflows)."""
	if not frappe.db.exists("Custom Field", "Workflow Transition-zgz_requires_reason"):
		create_custom_fields(CUSTOM_FIELDS, ignore_validate=True)  # DDL: commits
	for filename in ("workflow_state.json", "workflow_action_master.json"):
		for record in default_records(filename):
			if not frappe.db.exists(record["doctype"], record["name"]):
				frappe.get_doc(record).insert(ignore_permissions=True)
	for record in default_records("workflow.json"):
		exists = frappe.db.exists("Workflow", record["name"])
		if exists and not reset:
			continue
		if exists:
			frappe.delete_doc("Workflow", record["name"], ignore_permissions=True, force=True)
		frappe.get_doc(record).insert(ignore_permissions=True)


def reset_workflows() -> None:
	"""Put the shipped workflows back as they came (undoing edits made in the Workflow form)."""
	install_workflows(reset=True)
	frappe.db.commit()
