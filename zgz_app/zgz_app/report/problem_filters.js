// Copyright (c) 2026, zgz_app developers and contributors
// For license information, please see license.txt

// The filters the two problem reports share (ZGZ Problem List, ZGZ Problem Summary); each report's
// script includes this file.
frappe.provide("zgz_app.reports");

zgz_app.reports.problem_filters = {
	// Fresh filter definitions (the report view writes into them), in the order of ``names``.
	make(names) {
		const filters = {
			campaign: {
				fieldname: "campaign",
				label: __("Campaign"),
				fieldtype: "Link",
				options: "ZGZ Campaign",
				reqd: 1,
				on_change(report) {
					zgz_app.reports.problem_filters.load_categories(report);
					report.refresh();
				},
			},
			unit: {
				fieldname: "unit",
				label: __("Unit"),
				fieldtype: "Link",
				options: "ZGZ Unit",
				description: __("The unit and the units under it"),
			},
			category: { fieldname: "category", label: __("Category"), fieldtype: "Autocomplete" },
			// Select options come from ZGZ Problem Item's own fields (set in onload), not a copy here.
			source: { fieldname: "source", label: __("Source"), fieldtype: "Select", options: [""] },
			status: {
				fieldname: "status",
				label: __("Status"),
				fieldtype: "Select",
				options: [""],
				description: __("Empty: open and closed problems (withdrawn ones are left out)"),
			},
			responsible_person: {
				fieldname: "responsible_person",
				label: __("Responsible Person"),
				fieldtype: "Link",
				options: "User",
			},
			group_by: {
				fieldname: "group_by",
				label: __("Group By"),
				fieldtype: "Select",
				options: ["Category", "Source"],
				default: "Category",
				reqd: 1,
			},
		};
		return names.map((name) => filters[name]);
	},

	// Opens on the newest campaign, so the report shows something at once.
	onload(report) {
		zgz_app.reports.problem_filters.load_options(report);
		if (report.get_filter_value("campaign")) {
			zgz_app.reports.problem_filters.load_categories(report);
			return;
		}
		frappe.db
			.get_list("ZGZ Campaign", { fields: ["name"], order_by: "start_date desc", limit: 1 })
			.then((rows) => rows.length && report.set_filter_value("campaign", rows[0].name));
	},

	// The source and status filters offer the options of ZGZ Problem Item's fields.
	load_options(report) {
		frappe.model.with_doctype("ZGZ Problem Item", () => {
			for (const fieldname of ["source", "status"]) {
				const filter = report.get_filter(fieldname);
				if (!filter) continue;
				const df = frappe.meta.get_docfield("ZGZ Problem Item", fieldname);
				filter.df.options = ["", ...(df.options || "").split("\n")];
				filter.set_options();
			}
		});
	},

	// The category filter offers the campaign's own categories.
	load_categories(report) {
		const campaign = report.get_filter_value("campaign");
		const filter = report.get_filter("category");
		if (!campaign || !filter) return;
		frappe.db.get_doc("ZGZ Campaign", campaign).then((doc) => {
			filter.set_data((doc.categories || []).map((row) => row.category_name));
		});
	},
};
