"""What the demo's running campaign holds after its plans: award nominations (附件3 十佳优秀服务明星,
附件4 优质服务事例) at every step of their workflow, with the units' seals (drawn here: red ring, star,
the unit's name round the top), and the tracking of problems to close-out."""

import frappe
from zgz_app.demo.data import demo_data, email


def seal_png(text: str, size: int = 420) -> bytes:
	"""A red seal: a ring, a five-pointed star and ``text`` round the top (a demo's stand-in for a
	unit's scanned seal), as a PNG with a transparent ground."""
	import io
	import math

	from PIL import Image, ImageDraw, ImageFont

	red = (206, 22, 30, 235)
	image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
	draw = ImageDraw.Draw(image)
	ring = size // 26
	draw.ellipse([ring, ring, size - ring, size - ring], outline=red, width=ring)
	centre, outer = size / 2, size * 0.17
	star = [
		(
			centre + (outer if i % 2 == 0 else outer * 0.382) * math.sin(i * math.pi / 5),
			centre - (outer if i % 2 == 0 else outer * 0.382) * math.cos(i * math.pi / 5),
		)
		for i in range(10)
	]
	draw.polygon(star, fill=red)
	try:
		font = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", int(size * 0.12))
	except OSError:
		return _png(image)
	em = int(size * 0.12)
	radius = size / 2 - ring * 2 - em * 0.6
	span = min(250, 30 * len(text))
	for i, ch in enumerate(text):
		angle = -span / 2 + span * (i + 0.5) / len(text)
		glyph = Image.new("RGBA", (em * 2, em * 2), (0, 0, 0, 0))
		ImageDraw.Draw(glyph).text((em, em), ch, font=font, fill=red, anchor="mm")
		glyph = glyph.rotate(-angle, resample=Image.BICUBIC)
		x = centre + radius * math.sin(math.radians(angle)) - em
		y = centre - radius * math.cos(math.radians(angle)) - em
		image.alpha_composite(glyph, (int(x), int(y)))
	return _png(image)


def _png(image) -> bytes:
	import io

	out = io.BytesIO()
	image.save(out, format="PNG")
	return out.getvalue()


def ensure_seal(unit: str) -> str:
	"""The unit's seal image, drawn when it has none."""
	current = frappe.db.get_value("ZGZ Unit", unit, "seal")
	if current:
		return current
	office = demo_data()["office"]
	organisation = office["organisation"]
	return store_seal(
		unit, seal_png(f"{organisation}{unit}" if unit != office["root_unit"] else organisation)
	)


def store_seal(unit: str, png: bytes, file_name: str | None = None) -> str:
	"""Make ``png`` the unit's seal, a private file attached to it, as an office uploads it."""
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": file_name or f"seal-{unit}.png",
			"content": png,
			"is_private": 1,
			"attached_to_doctype": "ZGZ Unit",
			"attached_to_name": unit,
			"attached_to_field": "seal",
		}
	).insert(ignore_permissions=True)
	frappe.db.set_value("ZGZ Unit", unit, "seal", file.file_url)
	return file.file_url


def ensure_nominations(campaign: str) -> None:
	"""The nominations, each taken through its ``steps`` (a step's ``opinion`` is written on the form
	before the action) as the people would, then the leaders' scores of those submitted up."""
	from frappe.utils import add_days, today
	from zgz_app.workflow import apply_workflow

	if frappe.db.exists("ZGZ Service Award", {"campaign": campaign}):
		return
	data = demo_data()
	spec = data["current_campaign"]
	doc = frappe.get_doc("ZGZ Campaign", campaign)
	if not doc.nomination_start:
		doc.nomination_start = doc.start_date
		doc.nomination_due = add_days(today(), 20)
	if not doc.award_criteria:
		for criterion in spec["award_criteria"]:
			doc.append(
				"award_criteria",
				{
					"criterion": criterion["criterion"],
					"max_score": criterion["max_score"],
					"description": criterion["description"],
				},
			)
	doc.save(ignore_permissions=True)
	for unit in data["units"]:
		ensure_seal(unit["unit"])
	for nomination in spec["nominations"]:
		frappe.set_user(email(nomination["drafter"]))
		values = {
			k: email(v) if k in ("nominee", "case_leader") else v for k, v in nomination["fields"].items()
		}
		award = frappe.get_doc(
			{
				"doctype": "ZGZ Service Award",
				"campaign": campaign,
				"unit": nomination["unit"],
				"award_kind": nomination["award_kind"],
				**values,
			}
		).insert()
		for step in nomination["steps"]:
			frappe.set_user(email(step["user"]))
			if step.get("opinion"):
				current = frappe.get_doc("ZGZ Service Award", award.name)
				current.opinion = step["opinion"]
				current.save()
			posted = frappe.get_doc("ZGZ Service Award", award.name).as_dict()
			apply_workflow(posted, step["action"], reason=step.get("reason"))
	for score in spec["scores"]:
		frappe.set_user(email(score["reviewer"]))
		for offset, award in enumerate(
			frappe.get_all(
				"ZGZ Service Award",
				filters={"campaign": campaign, "workflow_state": "Submitted Up"},
				pluck="name",
				order_by="creation",
			)
		):
			rows = [
				{"criterion": c["criterion"], "score": score["marks"][c["criterion"]] - offset}
				for c in spec["award_criteria"]
			]
			frappe.get_doc({"doctype": "ZGZ Award Score", "award": award, "scores": rows}).insert()
	frappe.set_user("Administrator")


def ensure_tracking(campaign: str) -> None:
	"""Tracking to close-out in the current campaign: inspection findings with deadlines around today
	(so the ledger and the digests show every colour), progress, an extension granted and one awaiting
	decision, a close-out awaiting verification and one verified. Days are relative to today."""
	from frappe.utils import add_days, today
	from zgz_app.rectification import escalation
	from zgz_app.workflow import apply_workflow

	item_doctype = "ZGZ Problem Item"
	if frappe.db.exists(item_doctype, {"campaign": campaign, "origin": "Inspection"}):
		return
	found = demo_data()["current_campaign"]["findings"]
	frappe.set_user(email("caoying"))  # the inspector records the findings of an unannounced check
	findings = {}
	for finding in found:
		findings[finding["responsible_person"]] = frappe.get_doc(
			{
				"doctype": item_doctype,
				"campaign": campaign,
				"unit": finding["unit"],
				"origin": "Inspection",
				"level": "Unit",
				"source": "Unannounced Check",
				"category": finding["category"],
				"problem": finding["problem"],
				"measures": finding["measures"],
				"responsible_person": email(finding["responsible_person"]),
				"responsible_leader": email(finding["responsible_leader"]),
				"deadline": add_days(today(), finding["deadline_days"]),
			}
		).insert(ignore_permissions=True)
	for finding in found:
		person = finding["responsible_person"]
		progress_update(
			findings[person].name, person, finding["progress_percent"], "已制定整改措施并逐项推进"
		)

	def act(user, name, action, reason=None):
		frappe.set_user(email(user))
		apply_workflow(frappe.get_doc(item_doctype, name).as_dict(), action, reason=reason)

	# 张伟's items come from his signed plan: progress, an extension, then a close-out request
	zhang = frappe.get_all(
		item_doctype,
		filters={"campaign": campaign, "responsible_person": email("zhangwei")},
		pluck="name",
		order_by="serial_no",
	)
	if len(zhang) >= 2:
		progress_update(zhang[0], "zhangwei", 50, "限时办结台账已建立，超期件逐件说明原因")
		frappe.set_user(email("zhangwei"))
		request = frappe.get_doc(
			{"doctype": "ZGZ Extension Request", "problem_item": zhang[0], "new_deadline": add_days(today(), 45),
			 "reason": "需与行政服务科联合梳理历史在办件，原时限内无法完成"}
		).insert()  # fmt: skip
		frappe.set_user(email("wangjianguo"))
		apply_workflow(frappe.get_doc("ZGZ Extension Request", request.name).as_dict(), "Approve")
		closeout(zhang[1], "zhangwei", "本月工作纪律自查无违规，科室已签字确认")
		act("zhangwei", zhang[1], "Request Close-out")
	# 市政公用科 asked for close-out; the inspector verified it
	qian = findings["qianwei"].name
	closeout(qian, "qianwei", "材料清单已清理并公示，内部流转单已启用")
	act("qianwei", qian, "Request Close-out")
	act("caoying", qian, "Verify")
	# 林峰 asks for more time on a finding still within its deadline: 郑国平 has not decided yet
	frappe.set_user(email("linfeng"))
	frappe.get_doc(
		{"doctype": "ZGZ Extension Request", "problem_item": findings["linfeng"].name,
		 "new_deadline": add_days(today(), 40), "reason": "测绘成果时限需与市局统一口径后对外公开"}
	).insert()  # fmt: skip
	frappe.set_user("Administrator")
	escalation.run(today())  # colour the items; the day's digests go to the Email Queue


def progress_update(item: str, login: str, percent: float, note: str) -> None:
	frappe.set_user(email(login))
	frappe.get_doc(
		{"doctype": "ZGZ Progress Update", "problem_item": item, "percent": percent, "note": note}
	).insert()
	frappe.set_user("Administrator")


def closeout(item: str, login: str, note: str) -> None:
	"""The responsible person writes the close-out statement and attaches the evidence."""
	frappe.set_user(email(login))
	evidence = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": "整改佐证材料.txt",
			"content": note.encode("utf-8"),
			"attached_to_doctype": "ZGZ Problem Item",
			"attached_to_name": item,
			"is_private": 1,
		}
	).insert(ignore_permissions=True)
	doc = frappe.get_doc("ZGZ Problem Item", item)
	doc.closeout_note, doc.closeout_evidence = note, evidence.file_url
	doc.save()
	frappe.set_user("Administrator")
