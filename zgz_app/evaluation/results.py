"""评议结果通报: a closed round's results put into a ZGZ Notice (the supervision module's 通报, with its
文号, sign-off by the 组长 and scope), printed with the print format 评议结果通报 (the ranking and a bar
chart). The text lists the ranking; the office may rewrite it before submitting the notice."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import today
from zgz_app.core.evaluation import CLOSED, PUBLISHED

EVALUATION, NOTICE = "ZGZ Evaluation", "ZGZ Notice"


def ranking_text(round_doc) -> str:
	lines = [f"{round_doc.title}已结束，现将评议结果通报如下："]
	for r in round_doc.results:
		total = "数据缺失" if r.total is None else f"{r.total:.2f}分"
		mark = "（排名靠后）" if r.flagged else ""
		lines.append(f"第{r.rank or '—'}名　{r.unit}　{total}{mark}")
	return "\n".join(lines)


@frappe.whitelist(methods=["POST"])
def draft_results_notice(name: str, doc_number: str, issuing_body: str | None = None) -> str:
	"""A draft 评议结果通报 of a closed round, for the office to check and submit for the 组长's signature."""
	round_doc = frappe.get_doc(EVALUATION, name)
	round_doc.check_permission("write")
	if round_doc.status not in (
		CLOSED,
		PUBLISHED,
	):  # published by its button before the notice: still notified
		frappe.throw(
			_("Status: {0} is {1}; its results are notified once it is closed.").format(
				round_doc.title, _(round_doc.status)
			),
			title=_("Wrong Round Status"),
		)
	campaign = frappe.db.get_value("ZGZ Campaign", round_doc.campaign, ["issuing_body"], as_dict=True)
	notice = frappe.get_doc(
		{
			"doctype": NOTICE,
			"notice_type": "Criticism",
			"title": f"关于{round_doc.title}结果的通报",
			"campaign": round_doc.campaign,
			"evaluation": round_doc.name,
			"doc_number": doc_number,
			"issuing_body": issuing_body or campaign.issuing_body,
			"issue_date": today(),
			"scope": "Whole Office",
			"body": ranking_text(round_doc),
		}
	)
	notice.insert()
	return notice.name
