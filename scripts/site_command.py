"""The browser checks' server side (complaint_check_helper.py, evaluation_check_helper.py): run the
command named on the command line against the site, as Administrator, and print what it returns.

    ../env/bin/python /path/to/<helper>.py <site> <command> [args…]"""

import sys

import frappe


def run(commands: dict) -> None:
	frappe.init(site=sys.argv[1])
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		print(commands[sys.argv[2]](*sys.argv[3:]))
		frappe.db.commit()
	finally:
		frappe.destroy()
