"""The dossier's own pages (cover and contents, what was left out) and the 工作总结 print format,
rendered with plain Jinja as Frappe renders them."""

import re
from datetime import date
from types import SimpleNamespace as NS

import jinja2

from tests import appmeta
from zgz_app.core.dossier import deal

CAMPAIGN = NS(
	title="常州市金坛区规划局关于开展“打通中梗阻、激发新动能”专项活动实施方案",
	short_name="打通中梗阻、激发新动能",
	form_title="“打通中梗阻、激发新动能”专项活动",
	organisation="常州市金坛区规划局",
	doc_number="坛规党组发〔2018〕22号",
)


def env() -> jinja2.Environment:
	environment = jinja2.Environment(
		loader=jinja2.FileSystemLoader(appmeta.ROOT), undefined=jinja2.StrictUndefined
	)
	environment.globals["_"] = lambda s: s
	return environment


def front(rows, pad=0, **kw) -> str:
	context = {
		"campaign": CAMPAIGN,
		"scope": "全部参加单位",
		"with_uploads": True,
		"generated_on": date(2018, 12, 28),
		"total_pages": 321,
		"records": 40,
		"uploads": 12,
		"toc": [[NS(**row) for row in page] for page in deal(rows, 24, 30)],
		"pad": pad,
		**kw,
	}
	return env().get_template("zgz_app/templates/dossier/front.html").render(context)


def toc_rows(n: int) -> list[dict]:
	return [{"level": 1 + (k % 2), "title": f"规划管理科{k}", "number": k + 3} for k in range(n)]


def pages(html: str) -> list[str]:
	return re.findall(r'<div class="zgz-page[^"]*"', html)


def test_one_page_div_per_page_and_only_the_last_without_a_page_break():
	for rows, pad in ((5, 0), (24, 0), (25, 0), (90, 1)):
		html = front(toc_rows(rows), pad=pad)
		divs = pages(html)
		assert len(divs) == 1 + len(deal(toc_rows(rows), 24, 30)) + pad
		assert [("zgz-last" in d) for d in divs] == [False] * (len(divs) - 1) + [True]


def test_cover_names_the_campaign_scope_and_page_count():
	html = front(toc_rows(3))
	for text in (
		"常州市金坛区规划局",
		"“打通中梗阻、激发新动能”专项活动",
		"台　账",
		"坛规党组发〔2018〕22号",
		"共321页",
		"2018年12月28日",
		"扫描件12份",
		"全部参加单位（含上传的纸质材料扫描件）",
	):
		assert text in html


def test_cover_prints_the_title_on_forms_as_written_never_quoted_twice():
	seed_001 = NS(
		**{**vars(CAMPAIGN), "short_name": "“中梗阻”专项治理", "form_title": "“中梗阻”专项治理工作"}
	)
	html = front(toc_rows(3), campaign=seed_001)
	assert "<h1>“中梗阻”专项治理工作</h1>" in html
	assert "““" not in html


def test_contents_rows_carry_their_level_and_page_number():
	html = front(
		[{"level": 1, "title": "问题摸排表", "number": 4}, {"level": 2, "title": "规划管理科", "number": 7}]
	)
	assert (
		'<tr class="zgz-level-1"><td class="zgz-title">问题摸排表</td><td class="zgz-no">4</td></tr>' in html
	)
	assert (
		'<tr class="zgz-level-2"><td class="zgz-title">规划管理科</td><td class="zgz-no">7</td></tr>' in html
	)
	assert html.count("目录") == 1


def test_contents_rows_never_wrap_so_their_count_fixes_the_pages():
	html = front(toc_rows(3))
	assert re.search(r"\.zgz-toc td \{[^}]*height: [\d.]+mm[^}]*white-space: nowrap", html)
	assert "text-overflow: ellipsis" in html


def test_a_padding_page_says_it_is_blank():
	assert "（此页无正文）" in front(toc_rows(3), pad=1)
	assert "（此页无正文）" not in front(toc_rows(3))


def test_warnings_page_lists_each_item_with_its_reason_in_chinese():
	warnings = [
		NS(where="工作总结 · 规划管理科 · 工作总结", what="盖章件.pdf", reason="unreadable"),
		NS(where="工作总结 · 综合科 · 工作总结", what="扫描件.pdf", reason="encrypted"),
		NS(where="问题摸排表 · 综合科 · 单位问题摸排表", what="单位问题摸排表", reason="render"),
	]
	html = (
		env()
		.get_template("zgz_app/templates/dossier/warnings.html")
		.render(campaign=CAMPAIGN, warnings=warnings, title="附件核验情况")
	)
	assert "附件核验情况" in html and "以下3项未能收录" in html
	for text in (
		"盖章件.pdf",
		"文件已损坏或不是有效的PDF，无法读取",
		"文件设有密码，无法读取",
		"打印生成失败",
	):
		assert text in html
	assert html.index("规划管理科") < html.index("扫描件.pdf")


class FakeFrappe:
	def __init__(self):
		self.db = self

	def get_value(self, doctype, name, fields, as_dict=False):
		assert doctype == "ZGZ Campaign"
		return {
			"organisation": CAMPAIGN.organisation,
			"form_title": CAMPAIGN.form_title,
			"short_name": CAMPAIGN.short_name,
		}


def summary(**kw) -> str:
	path = appmeta.print_formats()["工作总结"]["_path"].with_suffix(".html")
	environment = env()
	environment.globals["frappe"] = FakeFrappe()
	doc = NS(
		campaign="ZGZ-CAMP-2018-00001",
		unit="规划管理科",
		summary="<p>一、主要做法</p><p>二、取得成效</p>",
		submitted_on=date(2018, 12, 20),
		is_late=0,
		attachment=None,
	)
	for key, value in kw.items():
		setattr(doc, key, value)
	return environment.from_string(path.read_text(encoding="utf-8")).render(doc=doc)


def test_work_summary_prints_the_unit_the_campaign_and_the_text():
	html = summary()
	assert "规划管理科“打通中梗阻、激发新动能”专项活动工作总结" in html
	assert "<p>一、主要做法</p><p>二、取得成效</p>" in html
	assert "报送单位：规划管理科" in html and "2018年12月20日" in html
	assert "在规定时限后报送" not in html and "盖章纸质件扫描件" not in html


def test_work_summary_notes_lateness_and_the_scan_bound_after_it():
	html = summary(is_late=1, attachment="/private/files/盖章件.pdf")
	assert "本总结在规定时限后报送" in html
	assert "附：盖章纸质件扫描件" in html
	assert "/private/files/盖章件.pdf" not in html, "the scan is bound in after the page, not linked"
