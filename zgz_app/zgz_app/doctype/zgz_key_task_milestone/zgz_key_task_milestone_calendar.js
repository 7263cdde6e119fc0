// Frappe's Gantt view of the key tasks' milestones (/app/zgz-key-task-milestone/view/gantt): a bar per
// milestone from its start to its end date, filled to the lead unit's last reported progress.
frappe.views.calendar["ZGZ Key Task Milestone"] = {
	field_map: {
		start: "start_date",
		end: "end_date",
		id: "name",
		title: "deliverable",
		progress: "progress_percent",
	},
	gantt: true,
	order_by: "end_date",
	filters: [
		{
			fieldtype: "Link",
			fieldname: "key_task",
			options: "ZGZ Key Task",
			label: __("Key Task"),
		},
	],
	get_events_method: "frappe.desk.calendar.get_events",
};
