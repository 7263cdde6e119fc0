# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document
from zgz_app.concurrency import UniqueKeyMessage


class ZGZEvaluationCode(UniqueKeyMessage, Document):
	"""A one-time code's hash is unique: a clash (two codes drawn alike) is said in words, as for every ZGZ
	record (UniqueKeyMessage), never as Frappe's bare duplicate-entry error."""
