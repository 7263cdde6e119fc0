"""The document number (文号) of what the office issues — a campaign's 实施方案, a 通报: written as
issuer〔year〕number号 (``zgz_app.core.docnumber`` parses it and puts wrong brackets right), its year the
issue date's, and used once among the records of its kind."""

import frappe
from frappe import _
from frappe.utils import getdate
from zgz_app.core.docnumber import DocNumberError, normalize_doc_number, parse_doc_number


def check_doc_number(doc) -> None:
	"""From ``validate`` of a record with ``doc_number`` and ``issue_date``; refuses naming the field."""
	doc.doc_number = normalize_doc_number(doc.doc_number)
	label = _(doc.meta.get_label("doc_number"))
	try:
		number = parse_doc_number(doc.doc_number)
	except DocNumberError as e:
		frappe.throw(doc_number_message(e, label), title=_("Invalid Document Number"))
	if doc.issue_date and number.year != getdate(doc.issue_date).year:
		frappe.throw(
			_("{0}: the year {1} in 〔〕 does not match the Issue Date {2}. Correct one of them.").format(
				label, number.year, frappe.format(doc.issue_date, "Date")
			),
			title=_("Invalid Document Number"),
		)
	other = frappe.db.get_value(doc.doctype, {"doc_number": doc.doc_number, "name": ("!=", doc.name)})
	if other:
		frappe.throw(
			_("{0} {1} is already used by {2} {3}. Each document number can be used only once.").format(
				label, doc.doc_number, _(doc.doctype), other
			),
			title=_("Duplicate Document Number"),
			exc=frappe.UniqueValidationError,
		)


def doc_number_message(error: DocNumberError, label: str) -> str:
	example = "坛规党组发〔2018〕22号"
	if error.reason == "empty":
		return _("{0} is required, e.g. {1}.").format(label, example)
	if error.reason == "wrong_brackets":
		return _("{0} {1}: write the year in hexagonal brackets 〔〕, e.g. {2}.").format(
			label, error.value, example
		)
	if error.reason == "no_year":
		return _("{0} {1} has no year in 〔〕. Write it as issuer, 〔year〕, number, 号, e.g. {2}.").format(
			label, error.value, example
		)
	if error.reason == "no_serial":
		return _("{0} {1} must end with the serial number and 号, e.g. {2}.").format(
			label, error.value, example
		)
	return _("{0} {1} is not in the form issuer〔year〕number号, e.g. {2}.").format(
		label, error.value, example
	)
