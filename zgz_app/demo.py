"""Demo data: seed 000's campaign (常州市金坛区规划局, 坛规党组发〔2018〕22号).

The units, posts, phases, deadlines and tasks are the seed's; the people's names are invented.
``load_demo`` is idempotent: it creates what is missing and leaves what exists alone, so the run
command can call it (through ``run``) every time.
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


def run() -> None:
	"""The run command's entry point (`bench execute zgz_app.demo.run`): load the demo and print the
	logins. It returns nothing, since `bench execute` prints whatever its function returns."""
	load_demo()


def load_demo(commit: bool = True) -> str:
	"""Create the demo office and campaign (idempotent). Returns the campaign's name.

	The run command calls it through `bench execute`, which does not commit: hence ``commit``."""
	frappe.flags.mute_emails = True
	set_system_defaults()
	ensure_mail_account()  # first: Frappe remembers the outgoing account for the rest of the request
	for login, full_name, _post, roles in PEOPLE:
		ensure_user(login, full_name, roles)
	for unit in UNITS:
		ensure_unit(*unit)
	campaign = ensure_campaign()
	ensure_key_tasks(campaign)
	current = ensure_current_campaign()
	ensure_plans(current)
	ensure_nominations(current)
	ensure_tracking(current)
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


def ensure_form_title(campaign: str, form_title: str) -> str:
	"""The title the campaign's forms print, as the seed writes it (a demo loaded before the campaign
	had the field got the one made from its name)."""
	if frappe.db.get_value("ZGZ Campaign", campaign, "form_title") != form_title:
		frappe.db.set_value("ZGZ Campaign", campaign, "form_title", form_title, update_modified=False)
	return campaign


def ensure_campaign() -> str:
	existing = frappe.db.get_value("ZGZ Campaign", {"doc_number": DOC_NUMBER})
	if existing:
		return ensure_form_title(existing, "“打通中梗阻、激发新动能”专项活动")
	post_of = {login: post for login, _n, post, _r in PEOPLE}
	doc = frappe.get_doc(
		{
			"doctype": "ZGZ Campaign",
			"title": "常州市金坛区规划局关于开展“打通中梗阻、激发新动能”专项活动实施方案",
			"short_name": "打通中梗阻、激发新动能",
			"form_title": "“打通中梗阻、激发新动能”专项活动",
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
		return ensure_form_title(existing, "“中梗阻”专项治理工作")
	post_of = {login: post for login, _n, post, _r in PEOPLE}
	screening_end, rectification_end, end = add_days(start, 16), add_days(start, 31), add_days(start, 200)
	doc = frappe.get_doc(
		{
			"doctype": "ZGZ Campaign",
			"title": "常州市金坛区规划局关于开展“中梗阻”专项治理工作实施方案",
			"short_name": "“中梗阻”专项治理",
			"form_title": "“中梗阻”专项治理工作",
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


# Award nominations (附件3 十佳优秀服务明星, 附件4 优质服务事例) in the current campaign, at every step of
# their workflow, with the units' seals (drawn here: red ring, star, the unit's name round the top).
AWARD_CRITERIA = [
	("服务质效", 40, "办事效率、办结质量、一次办好的程度"),
	("群众评价", 30, "服务对象满意度、表扬与投诉情况"),
	("创新创优", 30, "服务举措的创新性和可推广性"),
]
STAR_DEEDS = (
	"该同志长期在规划审批窗口一线工作，牢固树立“店小二”服务意识，主动对接重大项目，推行“容缺受理、并联审批”，"
	"全年办理规划条件核提、工程规划许可等事项三百余件，平均办理时限压缩至法定时限的一半以内，无一件超时。"
	"针对群众反映的“多头跑、反复跑”问题，牵头梳理一次性告知清单，建立首问负责和限时办结台账，做到件件有回音、事事有着落。"
	"工作中坚持原则、廉洁自律，多次婉拒服务对象的答谢，获得企业和群众的一致好评。"
)
CASE_PRACTICE = (
	"针对企业反映审批环节多、材料重复提交的问题，行政服务科牵头推行“一窗受理、集成服务”："
	"一是梳理规划审批事项十八项，统一材料清单，取消重复材料二十三项；二是设立帮办代办岗位，为重大项目提供全程代办；"
	"三是实行“周一清单、周五对账”，每周通报办理进度，超期事项当日说明原因。"
	"实施以来，规划审批平均用时由二十个工作日压缩到八个工作日，企业满意率达百分之九十九。"
)
# (drafter, unit, kind, fields, steps): steps are (actor, action, reason, opinion) applied as people would
DEMO_NOMINATIONS = [
	(
		"wangjianguo",
		"规划管理科",
		"Service Star",
		{
			"nominee": "zhangwei",
			"post": "规划管理科科员",
			"gender": "Male",
			"birth_month": "1988-05",
			"political_status": "CPC Member",
			"phone": "13961212345",
			"honours": "2017年度金坛区规划局优秀公务员\n2016年度全区机关作风建设先进个人",
			"deeds": STAR_DEEDS,
		},
		[
			("wangjianguo", "Submit for Opinion", None, None),
			("wangjianguo", "Sign and Seal", None, "该同志服务意识强、业务精、作风实，同意推荐。"),
			("liminghua", "Collect", None, None),
			("liminghua", "Submit Up", None, None),
		],
	),
	(
		"chenjingyi",
		"行政服务科",
		"Service Case",
		{
			"case_title": "规划审批“一窗受理、集成服务”",
			"lead_section": "行政服务科",
			"case_leader": "hejing",
			"phone": "0519-82812345",
			"practice": CASE_PRACTICE,
		},
		[
			("chenjingyi", "Submit for Opinion", None, None),
			("hejing", "Sign and Seal", None, "做法实、成效好，群众获得感强，同意推荐。"),
			("liminghua", "Collect", None, None),
			("liminghua", "Submit Up", None, None),
		],
	),
	(
		"huanglei",
		"规划监察科",
		"Service Star",
		{
			"nominee": "huanglei",
			"post": "规划监察科科员",
			"gender": "Male",
			"birth_month": "1990-11",
			"political_status": "CYL Member",
			"phone": "15251912345",
			"honours": "2017年度局先进工作者",
			"deeds": "扎根违法建设巡查一线，全年巡查三百余次，及时制止违法建设二十余起。",
		},
		[
			("huanglei", "Submit for Opinion", None, None),
			("fengtao", "Sign and Seal", None, "同意推荐。"),
		],
	),
	(
		"qianwei",
		"市政公用科",
		"Service Case",
		{
			"case_title": "管线审批联合会审",
			"lead_section": "市政公用科",
			"case_leader": "qianwei",
			"phone": "0519-82812346",
			"practice": "建立管线审批联合会审机制，明确牵头与配合职责，会审意见一次告知。",
		},
		[("qianwei", "Submit for Opinion", None, None)],
	),
	(
		"liuyang",
		"规划管理科",
		"Service Case",
		{
			"case_title": "规划条件核提“即来即办”",
			"lead_section": "规划管理科",
			"case_leader": "wangjianguo",
			"phone": "0519-82812347",
			"practice": "推行规划条件核提即来即办。",
		},
		[
			("liuyang", "Submit for Opinion", None, None),
			("wangjianguo", "Return", "主要做法过于简略，请补充具体举措和量化成效后重新提交。", None),
		],
	),
	(
		"xuxiaoyan",
		"综合科",
		"Service Star",
		{
			"nominee_name": "许晓燕",
			"post": "综合科科员",
			"gender": "Female",
			"birth_month": "1992-03",
			"political_status": "CPC Member",
			"phone": "13813512345",
			"deeds": "负责专项活动的日常联络和材料汇总，细致严谨。",
		},
		[],
	),
]
DEMO_SCORES = {"zhouliqun": (36, 27, 26), "wuzhihong": (34, 28, 25)}


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
	return store_seal(
		unit, seal_png(f"常州市金坛区规划局{unit}" if unit != ROOT_UNIT else "常州市金坛区规划局")
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
	from frappe.utils import add_days, today
	from zgz_app.workflow import apply_workflow

	if frappe.db.exists("ZGZ Service Award", {"campaign": campaign}):
		return
	doc = frappe.get_doc("ZGZ Campaign", campaign)
	if not doc.nomination_start:
		doc.nomination_start = doc.start_date
		doc.nomination_due = add_days(today(), 20)
	if not doc.award_criteria:
		for criterion, max_score, description in AWARD_CRITERIA:
			doc.append(
				"award_criteria", {"criterion": criterion, "max_score": max_score, "description": description}
			)
	doc.save(ignore_permissions=True)
	for unit in UNITS:
		ensure_seal(unit[0])
	for drafter, unit, kind, fields, steps in DEMO_NOMINATIONS:
		frappe.set_user(email(drafter))
		values = {k: email(v) if k in ("nominee", "case_leader") else v for k, v in fields.items()}
		award = frappe.get_doc(
			{"doctype": "ZGZ Service Award", "campaign": campaign, "unit": unit, "award_kind": kind, **values}
		).insert()
		for actor, action, reason, opinion in steps:
			frappe.set_user(email(actor))
			if opinion:
				current = frappe.get_doc("ZGZ Service Award", award.name)
				current.opinion = opinion
				current.save()
			posted = frappe.get_doc("ZGZ Service Award", award.name).as_dict()
			apply_workflow(posted, action, reason=reason)
	for reviewer, marks in DEMO_SCORES.items():
		frappe.set_user(email(reviewer))
		for offset, award in enumerate(
			frappe.get_all(
				"ZGZ Service Award",
				filters={"campaign": campaign, "workflow_state": "Submitted Up"},
				pluck="name",
				order_by="creation",
			)
		):
			rows = [
				{"criterion": c, "score": m - offset}
				for (c, _max, _d), m in zip(AWARD_CRITERIA, marks, strict=True)
			]
			frappe.get_doc({"doctype": "ZGZ Award Score", "award": award, "scores": rows}).insert()
	frappe.set_user("Administrator")


# Tracking to close-out in the current campaign: inspection findings with deadlines around today (so the
# ledger and the digests show every colour), progress, an extension granted and one awaiting decision,
# a close-out awaiting verification and one verified. Days are relative to today.
# (unit, responsible person, responsible leader, problem, measures, category, deadline in days, progress)
DEMO_FINDINGS = [
	(
		"规划监察科",
		"huanglei",
		"fengtao",
		"违法建设举报件转办后未按时反馈举报人",
		"建立举报件办理反馈台账，三日内反馈",
		"执行中梗阻",
		-12,
		40,
	),
	(
		"行政服务科",
		"chenjingyi",
		"hejing",
		"窗口午间休息时段无人值守，群众等候超过半小时",
		"实行午间轮岗值守，公示值班人员",
		"服务中梗阻",
		-3,
		60,
	),
	(
		"市政公用科",
		"qianwei",
		"zhengguoping",
		"管线工程规划许可材料要求重复提交",
		"清理材料清单，实行一次提交、内部流转",
		"协同中梗阻",
		0,
		30,
	),
	(
		"规划技术科",
		"zhaomin",
		"sunhaiyan",
		"技术审查意见一次性告知不完整，申请人多次补正",
		"制定审查要点清单，一次性书面告知",
		"服务中梗阻",
		2,
		20,
	),
	(
		"综合科",
		"xuxiaoyan",
		"liminghua",
		"公文流转环节多、周期长",
		"压缩流转环节，实行网上签批",
		"作风中梗阻",
		4,
		90,
	),
	(
		"城乡测绘院",
		"linfeng",
		"zhengguoping",
		"测绘成果提交时间承诺不明确",
		"对外公开测绘成果提交时限",
		"服务中梗阻",
		15,
		10,
	),
]


def ensure_tracking(campaign: str) -> None:
	from frappe.utils import add_days, today
	from zgz_app import escalation
	from zgz_app.workflow import apply_workflow

	item_doctype = "ZGZ Problem Item"
	if frappe.db.exists(item_doctype, {"campaign": campaign, "origin": "Inspection"}):
		return
	frappe.set_user(email("caoying"))  # the inspector records the findings of an unannounced check
	findings = {}
	for unit, person, leader, problem, measures, category, days, _progress in DEMO_FINDINGS:
		findings[person] = frappe.get_doc(
			{
				"doctype": item_doctype,
				"campaign": campaign,
				"unit": unit,
				"origin": "Inspection",
				"level": "Unit",
				"source": "Unannounced Check",
				"category": category,
				"problem": problem,
				"measures": measures,
				"responsible_person": email(person),
				"responsible_leader": email(leader),
				"deadline": add_days(today(), days),
			}
		).insert(ignore_permissions=True)
	for _unit, person, _leader, _p, _m, _c, _days, progress in DEMO_FINDINGS:
		progress_update(findings[person].name, person, progress, "已制定整改措施并逐项推进")

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


def ensure_mail_account() -> None:
	"""An outgoing account, so that mail is queued with a sender; the demo site mutes sending
	(site config mute_emails, set by scripts/demo.sh), so the Email Queue shows it and nothing leaves."""
	if frappe.db.exists("Email Account", {"default_outgoing": 1}):
		return
	account = frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": "中梗阻专项治理",
			"email_id": f"noreply@{DOMAIN}",
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "127.0.0.1",
			"no_smtp_authentication": 1,
		}
	)
	account.flags.ignore_validate = True  # it would try to reach the SMTP server, which the demo has none of
	account.insert(ignore_permissions=True)
