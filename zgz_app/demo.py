"""Demo data: seed 000's campaign (常州市金坛区规划局, 坛规党组发〔2018〕22号).

The units, posts, phases, deadlines and tasks are the seed's; the people's names are invented.
``load_demo`` is idempotent: it creates what is missing and leaves what exists alone, so the run
command can call it every time.
"""

import frappe
from zgz_app.roles import CAMPAIGN_MANAGER, INSPECTOR, LEADER, SECTION_HEAD, STAFF

DEMO_PASSWORD = "Zgz#demo2018"
DOMAIN = "jtgh.example.cn"
DOC_NUMBER = "坛规党组发〔2018〕22号"
ROOT_UNIT = "金坛区规划局"

# login, full name, post, roles
PEOPLE = [
	("zhouliqun", "周立群", "党组书记、局长", [LEADER]),
	("wuzhihong", "吴志宏", "副局长", [LEADER]),
	("sunhaiyan", "孙海燕", "副局长", [LEADER]),
	("zhengguoping", "郑国平", "副局长", [LEADER]),
	("liminghua", "李明华", "综合科科长", [SECTION_HEAD, CAMPAIGN_MANAGER]),
	("wangjianguo", "王建国", "规划管理科科长", [SECTION_HEAD]),
	("zhaomin", "赵敏", "规划技术科科长", [SECTION_HEAD]),
	("qianwei", "钱伟", "市政公用科科长", [SECTION_HEAD]),
	("fengtao", "冯涛", "规划监察科科长", [SECTION_HEAD]),
	("hejing", "何静", "行政服务科科长", [SECTION_HEAD]),
	("majun", "马骏", "规划编制研究中心副主任（主持工作）", [SECTION_HEAD]),
	("linfeng", "林峰", "城乡测绘院院长", [SECTION_HEAD]),
	("songjia", "宋佳", "规划编研中心信息管理科科长", [SECTION_HEAD]),
	("xuxiaoyan", "许晓燕", "综合科科员", [STAFF]),
	("caoying", "曹颖", "效能监督员", [STAFF, INSPECTOR]),
	("zhangwei", "张伟", "规划管理科科员", [STAFF]),
	("liuyang", "刘洋", "规划管理科科员", [STAFF]),
	("chenjingyi", "陈静怡", "行政服务科科员", [STAFF]),
	("huanglei", "黄磊", "规划监察科科员", [STAFF]),
]

# unit, type, parent, head, supervising leader, staff
UNITS = [
	(ROOT_UNIT, "Bureau", None, "zhouliqun", None, ["wuzhihong", "sunhaiyan", "zhengguoping"]),
	("综合科", "Section", ROOT_UNIT, "liminghua", "wuzhihong", ["xuxiaoyan", "caoying"]),
	("规划管理科", "Section", ROOT_UNIT, "wangjianguo", "sunhaiyan", ["zhangwei", "liuyang"]),
	("规划技术科", "Section", ROOT_UNIT, "zhaomin", "sunhaiyan", []),
	("市政公用科", "Section", ROOT_UNIT, "qianwei", "zhengguoping", []),
	("规划监察科", "Section", ROOT_UNIT, "fengtao", "zhengguoping", ["huanglei"]),
	("行政服务科", "Section", ROOT_UNIT, "hejing", "wuzhihong", ["chenjingyi"]),
	("规划编制研究中心", "Affiliated Institution", ROOT_UNIT, "majun", "sunhaiyan", []),
	("信息管理科", "Section", "规划编制研究中心", "songjia", "sunhaiyan", []),
	("城乡测绘院", "Affiliated Institution", ROOT_UNIT, "linfeng", "zhengguoping", []),
]

GROUP = [
	("Leader", "zhouliqun"),
	("Deputy Leader", "wuzhihong"),
	("Deputy Leader", "sunhaiyan"),
	("Deputy Leader", "zhengguoping"),
	*[
		("Member", login)
		for login in (
			"liminghua",
			"wangjianguo",
			"zhaomin",
			"qianwei",
			"fengtao",
			"hejing",
			"majun",
			"linfeng",
			"songjia",
		)
	],
]

CATEGORIES = [
	(
		"思维中梗阻",
		"站位不高，大局观念弱化；定位不准，本位主义严重；思想僵化，创新意识不强；得过且过，进取精神不足。",
	),
	(
		"责任中梗阻",
		"权责不清晰、分工不明确、履职不到位；拈轻怕重、推诿扯皮；怕吃苦、怕吃亏、怕担责；当看客，吹冷风，搞内耗。",
	),
	(
		"禁令中梗阻",
		"执行中央八项规定及实施细则不坚决不到位；说话办事不讲规矩；对待群众态度粗暴；人为设障、故意刁难、吃拿卡要。",
	),
	(
		"执行中梗阻",
		"执行行政服务规定不严格不规范；重表态轻实干；“门好进、脸好看、事难办”；工作等靠要，主动服务少。",
	),
]

PHASES = [
	(
		"宣传发动",
		"Mobilisation",
		"2018-08-20",
		"2018-08-31",
		"制定下发实施方案，做好组织发动，于8月24日前完成找差和整改措施制定。",
	),
	(
		"全面推进",
		"Rectification",
		"2018-09-01",
		"2018-12-31",
		"明确目标任务、责任分工、落实举措，抓好问题查摆、措施制定、岗位练兵、服务攻坚。",
	),
	(
		"持续深化",
		"Consolidation",
		"2019-01-01",
		"2019-06-30",
		"常抓不懈、久久为功，推动“中梗阻”问题解决常态化制度化。",
	),
]

TASKS = [
	(
		"开展对标要求、找差整改活动：通过自己找、领导点、群众提、组织议等方式，逐级开展“中梗阻”问题摸排，逐项逐条、列表整改。",
		"综合科",
		["规划管理科", "规划技术科", "市政公用科", "规划监察科", "行政服务科"],
		"wuzhihong",
		"2018-12-31",
	),
	(
		"开展岗位建功、提质增效活动：以中层干部为重点，组织岗位练兵，四季度参加“十佳优秀服务明星”选树活动。",
		"综合科",
		["行政服务科"],
		"wuzhihong",
		"2018-10-15",
	),
	(
		"开展创新创优、突破攻坚活动：聚焦政务服务“一张网”建设和“3550”目标，挖掘“最佳破难案例”“优质服务事例”。",
		"行政服务科",
		["规划管理科", "规划技术科"],
		"sunhaiyan",
		"2018-12-31",
	),
	(
		"开展问效问责、专项督查活动：对专项活动全程跟踪、专项督查，对暴露的作风“中梗阻”问题严肃问责并通报、曝光。",
		"综合科",
		["规划监察科"],
		"zhengguoping",
		"2018-12-31",
	),
]

GOALS = """<p>（一）打通“思维中梗阻”，推动思想大解放。</p>
<p>（二）打通“责任中梗阻”，激发担当新动能。</p>
<p>（三）打通“禁令中梗阻”，提升制度约束力。</p>
<p>（四）打通“执行中梗阻”，促进服务高质量。</p>"""


def email(login: str) -> str:
	return f"{login}@{DOMAIN}"


def load_demo(commit: bool = True) -> str:
	"""Create the demo office and campaign (idempotent). Returns the campaign's name.

	The run command calls it through `bench execute`, which does not commit: hence ``commit``."""
	frappe.flags.mute_emails = True
	set_system_defaults()
	for login, full_name, _post, roles in PEOPLE:
		ensure_user(login, full_name, roles)
	for unit in UNITS:
		ensure_unit(*unit)
	campaign = ensure_campaign()
	ensure_key_tasks(campaign)
	current = ensure_current_campaign()
	ensure_plans(current)
	frappe.set_user("Administrator")
	if commit:
		frappe.db.commit()
		print_logins()
	return campaign


def set_system_defaults():
	settings = frappe.get_single("System Settings")
	settings.language = "zh"
	settings.time_zone = "Asia/Shanghai"
	settings.country = settings.country or "China"
	settings.date_format = "yyyy-mm-dd"
	# The demo site skips the setup wizard (an office's own site has been through it already);
	# v15 records that on System Settings, v16 per app on Installed Application.
	if settings.meta.has_field("setup_complete"):
		settings.setup_complete = 1
	elif frappe.db.table_exists("Installed Application"):
		frappe.db.set_value("Installed Application", {"app_name": "frappe"}, "is_setup_complete", 1)
	settings.flags.ignore_mandatory = True
	settings.save(ignore_permissions=True)


def ensure_user(login: str, full_name: str, roles: list[str]) -> str:
	name = email(login)
	if not frappe.db.exists("User", name):
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": name,
				"first_name": full_name,
				"language": "zh",
				"send_welcome_email": 0,
				"new_password": DEMO_PASSWORD,
			}
		)
		user.flags.no_welcome_mail = True
		user.insert(ignore_permissions=True)
	user = frappe.get_doc("User", name)
	missing = [r for r in roles if r not in frappe.get_roles(name)]
	if missing:
		user.add_roles(*missing)
	return name


def ensure_unit(unit_name, unit_type, parent, head, leader, staff):
	post_of = {login: post for login, _n, post, _r in PEOPLE}
	if frappe.db.exists("ZGZ Unit", unit_name):
		return
	children = [u for u in UNITS if u[2] == unit_name]
	frappe.get_doc(
		{
			"doctype": "ZGZ Unit",
			"unit_name": unit_name,
			"unit_type": unit_type,
			"parent_zgz_unit": parent,
			"is_group": int(bool(children)),
			"head": email(head),
			"supervising_leader": email(leader) if leader else None,
			"members": [{"user": email(login), "post": post_of[login]} for login in [head, *staff]],
		}
	).insert(ignore_permissions=True)


def ensure_campaign() -> str:
	existing = frappe.db.get_value("ZGZ Campaign", {"doc_number": DOC_NUMBER})
	if existing:
		return existing
	post_of = {login: post for login, _n, post, _r in PEOPLE}
	doc = frappe.get_doc(
		{
			"doctype": "ZGZ Campaign",
			"title": "常州市金坛区规划局关于开展“打通中梗阻、激发新动能”专项活动实施方案",
			"short_name": "打通中梗阻、激发新动能",
			"organisation": "常州市金坛区规划局",
			"doc_number": DOC_NUMBER,
			"issuing_body": "中共常州市金坛区规划局党组",
			"issue_date": "2018-08-20",
			"start_date": "2018-08-20",
			"end_date": "2019-06-30",
			"lead_unit": "综合科",
			"basis_document": "坛作组办〔2018〕1号《全区机关开展“打通中梗阻、激发新动能”专项活动实施意见》",
			"scope": "局属各科室及其下属事业单位。",
			"goals": GOALS,
			"group_preamble": "为切实做好“打通中梗阻、激发新动能”专项活动，深入推动解放思想、转变作风、服务发展。"
			"经局党组研究，决定成立开展“打通中梗阻、激发新动能”专项活动领导小组，组成人员如下：",
			"units": [{"unit": u[0]} for u in UNITS if u[2]],
			"leading_group": [
				{"group_role": role, "user": email(login), "post": post_of[login]} for role, login in GROUP
			],
			"categories": [{"category_name": n, "description": d} for n, d in CATEGORIES],
			"phases": [
				{"phase_name": n, "phase_type": t, "start_date": s, "end_date": e, "description": d}
				for n, t, s, e, d in PHASES
			],
			"problem_list_due": "2018-08-24",
			"nomination_start": "2018-09-01",
			"nomination_due": "2018-10-15",
			"summary_due": "2018-12-25",
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name


def ensure_key_tasks(campaign: str):
	if frappe.db.exists("ZGZ Key Task", {"campaign": campaign}):
		return
	for title, lead, cooperating, leader, due in TASKS:
		frappe.get_doc(
			{
				"doctype": "ZGZ Key Task",
				"campaign": campaign,
				"title": title,
				"lead_unit": lead,
				"cooperating_units": [{"unit": u} for u in cooperating],
				"responsible_leader": email(leader),
				"due_date": due,
			}
		).insert(ignore_permissions=True)


def demo_logins() -> list[tuple[str, str, str]]:
	return [(email(login), name, post) for login, name, post, _r in PEOPLE]


def print_logins():
	print(f"  Demo users (password {DEMO_PASSWORD}):")
	for login, name, post in demo_logins():
		print(f"    {login:<34} {name}  {post}")


# A second campaign, running now, shaped after seed 001 (排查 → 整改纠正 → 长效推进), so that the demo
# has an open screening phase and plans at every step of the sign-off.
CURRENT_SERIAL = 8
CURRENT_CATEGORIES = [
	("执行中梗阻", "对上级决策部署选择性执行或执行不及时、不到位"),
	("作风中梗阻", "工作被动、庸懒散拖，工作纪律松弛"),
	("服务中梗阻", "门好进、脸好看、事难办，办事拖拉、人为设置门槛"),
	("协同中梗阻", "涉及多个单位的事项互相推诿、踢皮球"),
]
# (owner login, plan level, unit, rows, steps): each row is (problem, measures, category, source, days);
# steps are (actor login, action, reason) applied through the workflow, as the people would.
DEMO_PLANS = [
	(
		"zhangwei",
		"Personal",
		"规划管理科",
		[
			(
				"规划条件核提件办理超时，群众多次催办",
				"建立限时办结台账，每周一梳理在办件，超期件当日说明原因",
				"服务中梗阻",
				"Raised by the Public",
				20,
			),
			(
				"上班时间偶有浏览与工作无关的网页",
				"严格遵守工作纪律，接受科室每月自查",
				"作风中梗阻",
				"Self-found",
				10,
			),
		],
		[("zhangwei", "Submit for Signature", None), ("wangjianguo", "Sign", None)],
	),
	(
		"liuyang",
		"Personal",
		"规划管理科",
		[
			(
				"对窗口转来的疑难件存在“等一等”思想",
				"疑难件当日提交科务会研究，三个工作日内答复",
				"执行中梗阻",
				"Self-found",
				25,
			)
		],
		[("liuyang", "Submit for Signature", None)],
	),
	(
		"wangjianguo",
		"Unit",
		"规划管理科",
		[
			(
				"与市政公用科在管线审批上存在推诿现象",
				"建立联合会审机制，明确牵头与配合职责",
				"协同中梗阻",
				"Raised by Leaders",
				40,
			),
			(
				"部分审批事项办理时限超过承诺时限",
				"梳理权力清单，压缩办理时限并对外公开",
				"服务中梗阻",
				"Inspection Feedback",
				60,
			),
		],
		[("wangjianguo", "Submit for Signature", None), ("sunhaiyan", "Sign", None)],
	),
	(
		"wangjianguo",
		"Personal",
		"规划管理科",
		[
			(
				"对科室人员日常督促不够",
				"每周召开科务会检查工作进度",
				"作风中梗阻",
				"Raised by the Organisation",
				30,
			)
		],
		[("wangjianguo", "Submit for Signature", None)],
	),
	(
		"huanglei",
		"Personal",
		"规划监察科",
		[("违法建设巡查不到位", "加强巡查", "执行中梗阻", "Supervision Finding", 15)],
		[
			("huanglei", "Submit for Signature", None),
			("fengtao", "Return", "整改措施过于笼统，请写明巡查频次、区域和责任分工"),
		],
	),
	(
		"chenjingyi",
		"Personal",
		"行政服务科",
		[
			(
				"窗口咨询解答不够耐心细致",
				"落实首问负责制和一次性告知制",
				"服务中梗阻",
				"Complaint or Report",
				20,
			)
		],
		[],
	),
]


def ensure_current_campaign() -> str:
	from frappe.utils import add_days, getdate, today

	start = getdate(add_days(today(), -10))
	doc_number = f"坛规党组发〔{start.year}〕{CURRENT_SERIAL}号"
	existing = frappe.db.get_value("ZGZ Campaign", {"doc_number": doc_number})
	if existing:
		return existing
	post_of = {login: post for login, _n, post, _r in PEOPLE}
	screening_end, rectification_end, end = add_days(start, 16), add_days(start, 31), add_days(start, 200)
	doc = frappe.get_doc(
		{
			"doctype": "ZGZ Campaign",
			"title": "常州市金坛区规划局关于开展“中梗阻”专项治理工作实施方案",
			"short_name": "“中梗阻”专项治理",
			"organisation": "常州市金坛区规划局",
			"doc_number": doc_number,
			"issuing_body": "中共常州市金坛区规划局党组",
			"issue_date": start,
			"start_date": start,
			"end_date": end,
			"lead_unit": "综合科",
			"scope": "局机关全体人员及局属事业单位。问题排查分部门和个人两个层次进行。",
			"group_preamble": "为切实做好“中梗阻”专项治理工作，经局党组研究，决定成立专项治理工作领导小组，组成人员如下：",
			"units": [{"unit": u[0]} for u in UNITS if u[2]],
			"leading_group": [
				{"group_role": role, "user": email(login), "post": post_of[login]} for role, login in GROUP
			],
			"categories": [{"category_name": n, "description": d} for n, d in CURRENT_CATEGORIES],
			"phases": [
				{
					"phase_name": "全面排查",
					"phase_type": "Screening",
					"start_date": start,
					"end_date": screening_end,
				},
				{
					"phase_name": "整改纠正",
					"phase_type": "Rectification",
					"start_date": add_days(screening_end, 1),
					"end_date": rectification_end,
				},
				{
					"phase_name": "长效推进",
					"phase_type": "Consolidation",
					"start_date": add_days(rectification_end, 1),
					"end_date": end,
				},
			],
			"problem_list_due": screening_end,
			"summary_due": rectification_end,
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name


def ensure_plans(campaign: str) -> None:
	from frappe.utils import add_days, today
	from zgz_app.workflow import apply_workflow

	if frappe.db.exists("ZGZ Rectification Plan", {"campaign": campaign}):
		return
	for owner, level, unit, rows, steps in DEMO_PLANS:
		frappe.set_user(email(owner))
		plan = frappe.get_doc(
			{
				"doctype": "ZGZ Rectification Plan",
				"campaign": campaign,
				"plan_type": level,
				"unit": unit,
				"rows": [
					{
						"problem": p,
						"measures": m,
						"category": c,
						"source": src,
						"deadline": add_days(today(), days),
					}
					for p, m, c, src, days in rows
				],
			}
		).insert()
		for actor, action, reason in steps:
			frappe.set_user(email(actor))
			posted = frappe.get_doc("ZGZ Rectification Plan", plan.name).as_dict()
			apply_workflow(posted, action, reason=reason)
	frappe.set_user("Administrator")
