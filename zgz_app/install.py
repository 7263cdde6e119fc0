"""Set-up that DocType sync and fixtures cannot express."""

import frappe
from zgz_app.permissions import sync_all_unit_permissions


def after_install():
	after_migrate()


def after_migrate():
	# User Permissions follow unit membership; rebuild them in case units were imported in bulk.
	sync_all_unit_permissions()
