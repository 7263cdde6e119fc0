"""The official forms, rendered with plain Jinja as Frappe's print view renders them."""

from types import SimpleNamespace as NS

import jinja2

from tests import appmeta


def render(print_format: str, doc) -> str:
	path = appmeta.print_formats()[print_format]["_path"].with_suffix(".html")
	env = jinja2.Environment(undefined=jinja2.StrictUndefined)
	env.globals["_"] = lambda s: s
	return env.from_string(path.read_text(encoding="utf-8")).render(doc=doc)


def campaign(**kw):
	base = dict(
		title="常州市金坛区规划局关于开展“打通中梗阻、激发新动能”专项活动实施方案",
		short_name="打通中梗阻、激发新动能",
		form_title="“打通中梗阻、激发新动能”专项活动",
		organisation="常州市金坛区规划局",
		group_preamble="经局党组研究，决定成立领导小组，组成人员如下：",
		lead_unit="综合科",
		leading_group=[
			NS(group_role="Member", member_name="王建国", post="规划管理科科长"),
			NS(group_role="Deputy Leader", member_name="吴志宏", post="副局长"),
			NS(group_role="Leader", member_name="周立群", post="党组书记、局长"),
			NS(group_role="Deputy Leader", member_name="孙海燕", post="副局长"),
			NS(group_role="Member", member_name="李明华", post="综合科科长"),
		],
	)
	base.update(kw)
	return NS(**base)


def text_order(html: str, *needles: str) -> list[int]:
	return [html.index(n) for n in needles]


def test_leading_group_heading_and_closing_line():
	html = render("附件1 领导小组", campaign())
	assert "附件1" in html
	assert "常州市金坛区规划局开展“打通中梗阻、激发新动能”专项活动领导小组" in html
	assert "“打通中梗阻、激发新动能”专项活动由综合科负责牵头，各科室及下属事业单位协同配合。" in html
	assert "经局党组研究" in html


def test_the_title_on_forms_is_printed_as_the_office_wrote_it_never_quoted_twice():
	html = render(
		"附件1 领导小组", campaign(short_name="“中梗阻”专项治理", form_title="“中梗阻”专项治理工作")
	)
	assert "常州市金坛区规划局开展“中梗阻”专项治理工作领导小组" in html
	assert "“中梗阻”专项治理工作由综合科负责牵头" in html
	assert "““" not in html and "””" not in html


def test_leading_group_rows_in_the_paper_order():
	html = render("附件1 领导小组", campaign())
	positions = text_order(html, "周立群", "吴志宏", "孙海燕", "王建国", "李明华")
	assert positions == sorted(positions)


def test_role_label_only_on_the_first_row_of_each_role():
	html = render("附件1 领导小组", campaign())
	assert html.count("组　长：") == 1
	assert html.count("副组长：") == 1
	assert html.count("成　员：") == 1
	# the label sits in the same row as the first person of that role
	assert html.index("副组长：") < html.index("吴志宏") < html.index("成　员：")


def test_preamble_is_optional():
	html = render("附件1 领导小组", campaign(group_preamble=None))
	assert "经局党组研究" not in html
	assert "周立群" in html
