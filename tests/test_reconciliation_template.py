"""对账表, rendered with plain Jinja as Frappe's print view renders it (no site)."""

import re
from datetime import date
from types import SimpleNamespace as NS

import jinja2

from tests import appmeta

FORMAT = "对账表"
CAMPAIGN = "ZGZ-CAMP-2018-00001"
TITLES = {CAMPAIGN: "“打通中梗阻、激发新动能”专项活动"}


class FakeFrappe:
	"""The one read the template makes: the campaign's title on forms."""

	def __init__(self, titles):
		self.titles = titles
		self.db = self

	def get_value(self, doctype, name, fieldname):
		assert (doctype, fieldname) == ("ZGZ Campaign", "form_title")
		return self.titles.get(name)


def render(doc, titles=TITLES) -> str:
	path = appmeta.print_formats()[FORMAT]["_path"].with_suffix(".html")
	env = jinja2.Environment(undefined=jinja2.StrictUndefined)
	env.globals["_"] = lambda s: s
	env.globals["frappe"] = FakeFrappe(titles)
	return env.from_string(path.read_text(encoding="utf-8")).render(doc=doc)


def category(name, total, open_, closed, overdue=0, extended=0, percent=0.0):
	return NS(
		category=name,
		total_items=total,
		open_items=open_,
		closed_items=closed,
		overdue_items=overdue,
		extended_items=extended,
		percent_closed=percent,
	)


def snapshot(**kw):
	base = dict(
		campaign=CAMPAIGN,
		organisation="常州市金坛区规划局",
		campaign_name="打通中梗阻、激发新动能",
		unit="规划管理科",
		period_type="Month",
		period_start=date(2018, 9, 1),
		period_end=date(2018, 9, 30),
		total_items=12,
		open_items=7,
		awaiting_verification=2,
		closed_items=5,
		percent_closed=41.7,
		overdue_items=3,
		extended_items=1,
		new_in_period=4,
		closed_in_period=2,
		categories=[
			category("思维中梗阻", 4, 2, 2, overdue=1, percent=50.0),
			category("执行中梗阻", 8, 5, 3, overdue=2, extended=1, percent=37.5),
			category(None, 0, 0, 0),
		],
		remarks="已与台账逐项核对。",
		signed_by=None,
		signed_by_name=None,
		signed_on=None,
	)
	base.update(kw)
	return NS(**base)


def cells(html: str, css_class: str) -> list[str]:
	table = html[html.index(f"zgz-grid {css_class}") :]
	table = table[: table.index("</table>")]
	return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", table, re.S)]


def test_title_names_the_campaign_and_the_period():
	html = render(snapshot())
	assert "常州市金坛区规划局“打通中梗阻、激发新动能”专项活动<br>2018年9月对账表" in html
	assert "对账单位：规划管理科" in html
	assert "对账期间：2018年9月1日至2018年9月30日" in html
	assert "对账类型：月对账" in html


def test_title_is_the_campaigns_title_on_forms_never_quoted_twice():
	html = render(snapshot(campaign_name="“中梗阻”专项治理"), titles={CAMPAIGN: "“中梗阻”专项治理工作"})
	assert "常州市金坛区规划局“中梗阻”专项治理工作<br>2018年9月对账表" in html
	assert "““" not in html
	# a campaign not yet given one: the name the snapshot kept, as it is
	html = render(snapshot(campaign_name="“中梗阻”专项治理"), titles={})
	assert "常州市金坛区规划局“中梗阻”专项治理<br>2018年9月对账表" in html


def test_quarter_and_year_titles():
	quarter = render(snapshot(period_type="Quarter", period_start=date(2018, 7, 1)))
	assert "2018年第三季度对账表" in quarter and "季对账" in quarter
	year = render(snapshot(period_type="Year", period_start=date(2018, 1, 1), period_end=date(2018, 12, 31)))
	assert "2018年度对账表" in year and "年对账" in year


def test_whole_campaign_is_signed_by_the_lead_units_head():
	html = render(snapshot(unit=None))
	assert "全部单位（专项活动合计）" in html
	assert "牵头科室负责人（签字）" in html


def test_figures_in_the_forms_order():
	assert cells(render(snapshot()), "zgz-figures") == ["12", "7", "2", "5", "41.7%", "3", "1", "4", "2"]


def test_rows_by_category_numbered_with_a_total_row():
	got = cells(render(snapshot()), "zgz-categories")
	assert got[:8] == ["1", "思维中梗阻", "4", "2", "2", "1", "0", "50.0%"]
	assert got[8:16] == ["2", "执行中梗阻", "8", "5", "3", "2", "1", "37.5%"]
	assert got[16:18] == ["3", "未分类"]
	assert got[-7:] == ["合计", "12", "7", "5", "3", "1", "41.7%"]


def test_signature_when_signed_and_blank_lines_before():
	signed = render(
		snapshot(signed_by="wang@example.cn", signed_by_name="王建国", signed_on=date(2018, 10, 8))
	)
	assert "单位负责人（签字）：王建国" in signed
	assert "日期：2018年10月8日" in signed
	unsigned = render(snapshot())
	assert 'class="zgz-blank"' in unsigned
	assert "备注：已与台账逐项核对。" in unsigned


def test_no_english_on_the_form():
	text = re.sub(r"<style>.*?</style>|<[^>]+>", "", render(snapshot()), flags=re.S)
	assert not re.search(r"[A-Za-z]{3,}", text), re.findall(r"[A-Za-z]{3,}", text)
