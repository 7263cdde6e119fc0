"""附件3 and 附件4, rendered with plain Jinja as Frappe's print view renders them (no site): the paper
forms' cells, in their order, the merged cells, the seal over the signature area."""

import re
from types import SimpleNamespace as NS

import jinja2

from tests import appmeta

STAR_FORM = "附件3 十佳优秀服务明星申报表"
CASE_FORM = "附件4 优质服务事例申报表"


def render(print_format: str, doc) -> str:
	path = appmeta.print_formats()[print_format]["_path"].with_suffix(".html")
	env = jinja2.Environment(undefined=jinja2.StrictUndefined)
	env.globals["_"] = lambda s: s
	return env.from_string(path.read_text(encoding="utf-8")).render(doc=doc)


def award(**kw):
	base = dict(
		award_kind="Service Star",
		unit="规划管理科",
		phone="13961212345",
		nominee_name="张伟",
		post="规划管理科科员",
		gender="Male",
		birth_month="1988-05",
		political_status="CPC Member",
		honours="2017年度优秀公务员",
		deeds="牢固树立“店小二”服务意识。",
		case_title=None,
		lead_section=None,
		case_leader_name=None,
		practice=None,
		opinion="同意推荐。",
		opinion_date="2018-10-10",
		seal="/private/files/seal-规划管理科.png",
	)
	base.update(kw)
	return NS(**base)


def case(**kw):
	values = dict(
		award_kind="Service Case",
		case_title="规划审批“一窗受理、集成服务”",
		lead_section="行政服务科",
		case_leader_name="何静",
		practice="统一材料清单，设立帮办代办岗位。",
		phone="0519-82812345",
	)
	values.update(kw)
	return award(**values)


def cells(html: str) -> list[str]:
	"""The text of each cell, in order."""
	return [re.sub(r"<[^>]+>|\s", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)]


def text(html: str) -> str:
	return re.sub(r"<style>.*?</style>|<[^>]+>|\s", "", html, flags=re.S)


def test_star_form_reproduces_the_paper_cells_in_order():
	html = render(STAR_FORM, award())
	assert "附件3" in html and "“十佳优秀服务明星”申报表" in html
	assert "申报单位（盖章）：规划管理科" in text(html)
	assert cells(html) == [
		"姓名",
		"张伟",
		"现任职务",
		"规划管理科科员",
		"性别",
		"男",
		"出生年月",
		"1988年5月",
		"政治面貌",
		"中共党员",
		"联系电话",
		"13961212345",
		"所获荣誉（近三年）",
		"2017年度优秀公务员",
		"主要事迹（500字以内）",
		"牢固树立“店小二”服务意识。",
		"主管部门意见",
		"同意推荐。（盖章）2018年10月10日",
	]
	# the long cells span the three value columns, as on the paper
	assert html.count('colspan="3"') == 3


def test_case_form_reproduces_the_paper_cells_in_order():
	html = render(CASE_FORM, case())
	assert "附件4" in html and "“优质服务事例”申报表" in html
	assert cells(html) == [
		"牵头科室",
		"行政服务科",
		"负责人",
		"何静",
		"联系电话",
		"0519-82812345",
		"事例名称",
		"规划审批“一窗受理、集成服务”",
		"主要做法及成效（500字以内）",
		"统一材料清单，设立帮办代办岗位。",
		"主管部门意见",
		"同意推荐。（盖章）2018年10月10日",
	]
	assert html.count('colspan="3"') == 4


def test_the_seal_is_stamped_at_the_unit_line_and_over_the_signature():
	for html in (render(STAR_FORM, award()), render(CASE_FORM, case())):
		seals = re.findall(r'<img class="zgz-seal" src="([^"]+)"', html)
		assert seals == ["/private/files/seal-规划管理科.png"] * 2
		signature = html[html.index('class="zgz-signature"') :]
		assert signature.index("zgz-seal") < signature.index("（盖章）")


def test_an_unsigned_form_leaves_the_seal_out_and_the_date_blank():
	html = render(STAR_FORM, award(seal=None, opinion_date=None, opinion=None))
	assert "<img" not in html
	signature = html[html.index('class="zgz-signature">') + len('class="zgz-signature">') :]
	assert re.sub(r"<[^>]+>|\s", "", signature).startswith("（盖章）年月日")


def boxes(html: str) -> list[tuple[float, float]]:
	"""(type size pt, height mm) of the long cells (荣誉, 事迹 or 做法及成效), in order."""
	found = re.findall(r'<div class="zgz-box" style="font-size: ([\d.]+)pt; height: ([\d.]+)mm">', html)
	return [(float(size), float(height)) for size, height in found]


HONOURS = "\n".join(f"{y}年度全区机关作风建设先进个人" for y in range(2009, 2019))
FIVE_HUNDRED = ("牢固树立“店小二”服务意识，主动对接重大项目，推行容缺受理、并联审批。" * 20)[:500]


def test_long_cells_step_the_type_down_and_never_grow():
	short = boxes(render(STAR_FORM, award()))
	assert [size for size, _ in short] == [12, 12]
	full = boxes(render(STAR_FORM, award(honours=HONOURS, deeds=FIVE_HUNDRED)))
	assert [height for _, height in full] == [height for _, height in short], "the cells keep their height"
	assert 9 <= full[0][0] < 12, "ten honours, one a line"
	assert 10.5 <= full[1][0] < 12, "500 characters"
	case_sizes = boxes(render(CASE_FORM, case(practice=FIVE_HUNDRED)))
	assert case_sizes[0][0] == 12, "the case's cell is taller"


def test_what_fits_at_no_size_runs_its_paragraphs_together_and_gets_smaller_type():
	html = render(STAR_FORM, award(deeds="\n".join(["服务。"] * 400)))
	size, height = boxes(html)[1]
	assert size < 8 and height == boxes(render(STAR_FORM, award()))[1][1]
	assert "服务。 服务。" in html, "one paragraph: the lines run together"


def test_short_values_get_smaller_type_rather_than_taller_rows():
	html = render(STAR_FORM, award(post="规划管理科科员兼行政审批服务窗口负责人兼政务公开联络员"))
	size = re.search(r'<div class="zgz-box" style="font-size: ([\d.]+)pt">规划管理科科员兼', html)
	assert size and float(size.group(1)) < 12


def test_the_nominations_text_is_printed_as_text():
	html = render(STAR_FORM, award(deeds="<b>办结率</b> 100% & 零投诉"))
	assert "&lt;b&gt;办结率&lt;/b&gt; 100% &amp; 零投诉" in html


def test_the_other_kinds_form_names_the_right_one():
	assert "请选用打印格式“附件4 优质服务事例申报表”" in render(STAR_FORM, case())
	assert "请选用打印格式“附件3 十佳优秀服务明星申报表”" in render(CASE_FORM, award())
	assert "<table" not in render(STAR_FORM, case())


def test_options_print_in_chinese():
	statuses = {
		"CPC Member": "中共党员",
		"CPC Probationary Member": "中共预备党员",
		"CYL Member": "共青团员",
		"Democratic Party Member": "民主党派成员",
		"Non-party Personage": "无党派人士",
		"The Masses": "群众",
	}
	options = appmeta.doctypes()["ZGZ Service Award"]["fields"]
	shipped = next(f for f in options if f["fieldname"] == "political_status")["options"].split("\n")
	assert set(filter(None, shipped)) == set(statuses)
	for value, chinese in statuses.items():
		assert chinese in cells(render(STAR_FORM, award(political_status=value)))
	assert "女" in cells(render(STAR_FORM, award(gender="Female")))
