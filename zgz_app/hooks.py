from zgz_app.roles import ALL_ROLES

app_name = "zgz_app"
app_title = "ZGZ App"
app_publisher = "zgz_app developers"
app_description = "打通中梗阻专项活动: campaigns, screening, sign-off, close-out and the official forms"
app_email = "dev@zgz.invalid"
app_license = "mit"
# Frappe only: no ERPNext. (Frappe v15 resolves each entry here over the network, so "frappe",
# which is always installed, is not listed.)
required_apps = []

export_python_type_annotations = True

# Roles ship as fixtures, filtered by name, so an office's own roles are never touched.
# The workflows are shipped too (zgz_app/defaults), but not as fixtures: fixtures are re-imported on
# every migrate and would undo an administrator's edits. install.py adds them when missing.
fixtures = [{"dt": "Role", "filters": [["name", "in", list(ALL_ROLES)]]}]

# Frappe routes workflow actions by role; zgz_app.workflow adds the person (see its docstring).
override_whitelisted_methods = {"frappe.model.workflow.apply_workflow": "zgz_app.workflow.apply_workflow"}

# The 附件2 Excel import/export buttons, added to the plan form's own script.
doctype_js = {"ZGZ Rectification Plan": "public/js/plan_sheet.js"}

after_install = "zgz_app.install.after_install"
after_migrate = "zgz_app.install.after_migrate"

doc_events = {
	"*": {
		# fields only the app writes are at permlevel 1; a new record gets its fetched ones back (integrity.py)
		"before_validate": "zgz_app.integrity.refetch_kept_links",
		# a ZGZ record's naming series counter exists before Frappe locks it (zgz_app.concurrency)
		"before_insert": "zgz_app.concurrency.ensure_naming_counter",
	},
	"User": {"on_update": "zgz_app.campaign.permissions.on_user_update"},
	# a PDF uploaded to a ZGZ record must be one the campaign dossier can bind in
	"File": {"before_insert": "zgz_app.records.uploads.check_upload"},
}

# A campaign's dossiers are for its lead unit and its leading group (zgz_app.records).
# A public complaint is the lead office's until it is passed to a unit (zgz_app.public_channel.access).
# An inspection and its findings stay with the team and the leading group until reported; then each
# inspected unit sees its own findings (zgz_app.supervision.secrecy).
has_permission = {
	"ZGZ Dossier": "zgz_app.records.job.has_permission",
	"ZGZ Complaint": "zgz_app.public_channel.access.has_permission",
	"ZGZ Inspection": "zgz_app.supervision.secrecy.inspection_permission",
	"ZGZ Inspection Finding": "zgz_app.supervision.secrecy.finding_permission",
	"ZGZ Accountability": "zgz_app.supervision.accountability.has_permission",
	"ZGZ Notice": "zgz_app.supervision.notices.has_permission",
	"ZGZ Key Task": "zgz_app.key_tasks.access.task_permission",
	"ZGZ Key Task Milestone": "zgz_app.key_tasks.access.milestone_permission",
	"ZGZ Evaluation": "zgz_app.evaluation.visibility.has_permission",
}
permission_query_conditions = {
	"ZGZ Dossier": "zgz_app.records.job.query_conditions",
	"ZGZ Complaint": "zgz_app.public_channel.access.query_conditions",
	"ZGZ Inspection": "zgz_app.supervision.secrecy.inspection_query",
	"ZGZ Inspection Finding": "zgz_app.supervision.secrecy.finding_query",
	"ZGZ Accountability": "zgz_app.supervision.accountability.query_conditions",
	"ZGZ Notice": "zgz_app.supervision.notices.query_conditions",
	"ZGZ Evaluation": "zgz_app.evaluation.visibility.query_conditions",
}

scheduler_events = {
	"daily": ["zgz_app.tasks.daily"],
	# 07:30 server time: each person's escalation digest is in the mailbox before work starts
	"cron": {
		"30 7 * * *": ["zgz_app.tasks.morning_digest"],
		# a long job that died (killed, out of memory, a worker restarted) is marked failed within minutes
		"* * * * *": ["zgz_app.tasks.fail_lost_jobs"],
	},
}
