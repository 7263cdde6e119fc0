# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""A campaign dossier build: who asked, for what, how far it is, and the PDF (zgz_app.records)."""

from frappe.model.document import Document


class ZGZDossier(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF
		from zgz_app.zgz_app.doctype.zgz_dossier_unit.zgz_dossier_unit import ZGZDossierUnit

		attachment_count: DF.Int
		campaign: DF.Link
		campaign_title: DF.Data | None
		document_count: DF.Int
		error: DF.SmallText | None
		file_size_mb: DF.Float
		finished_on: DF.Datetime | None
		include_attachments: DF.Check
		merge_seconds: DF.Float
		naming_series: DF.Literal["ZGZ-DOS-.YYYY.-"]
		page_count: DF.Int
		progress: DF.Percent
		progress_note: DF.Data | None
		render_seconds: DF.Float
		requested_by: DF.Link | None
		result_file: DF.Attach | None
		started_on: DF.Datetime | None
		status: DF.Literal["Queued", "Running", "Done", "Failed"]
		units: DF.TableMultiSelect[ZGZDossierUnit]
		warning_count: DF.Int
		warnings: DF.SmallText | None
	# end: auto-generated types
	pass
