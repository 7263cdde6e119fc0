"""附件2 问题摸排表, rendered with plain Jinja as Frappe's print view renders it (no site)."""

import re
from datetime import date
from types import SimpleNamespace as NS

import jinja2

from tests import appmeta

FORMAT = "附件2 问题摸排表"
COLUMNS = ("序号", "查摆出的问题", "整改措施", "责任领导", "责任人", "整改时限", "备注")


class FakeFrappe:
	"""The reads the template makes: the campaign's names, the rows' problem item numbers, and a
	person's name where the row has not fetched it."""

	def __init__(self, serials=None):
		self.serials = serials or {}
		self.db = NS(get_value=self.get_value)
		self.calls = []
		self.fullnames = {"wuzh@example.cn": "吴志宏", "zhangwei@example.cn": "张伟"}

	def get_fullname(self, user):
		return self.fullnames[user]

	def get_value(self, doctype, name, fields, as_dict=False):
		assert (doctype, name, as_dict) == ("ZGZ Campaign", "ZGZ-CAMP-2018-00001", True)
		campaign = {
			"organisation": "常州市金坛区规划局",
			"form_title": "“打通中梗阻、激发新动能”专项活动",
			"short_name": "打通中梗阻、激发新动能",
		}
		return {f: campaign[f] for f in fields}

	def get_all(self, doctype, filters, fields):
		self.calls.append((doctype, filters))
		names = filters["name"][1]
		return [NS(name=n, serial_no=self.serials[n]) for n in names if n in self.serials]


def render(doc, fake=None) -> str:
	path = appmeta.print_formats()[FORMAT]["_path"].with_suffix(".html")
	env = jinja2.Environment(undefined=jinja2.StrictUndefined)
	env.globals["_"] = lambda s: s
	env.globals["frappe"] = fake or FakeFrappe()
	return env.from_string(path.read_text(encoding="utf-8")).render(doc=doc)


def row(idx, **kw):
	base = dict(
		idx=idx,
		problem=f"问题{idx}：窗口一次性告知不到位",
		measures=f"措施{idx}：公示告知清单",
		responsible_leader="wuzh@example.cn",
		responsible_leader_name="吴志宏",
		responsible_person="zhangwei@example.cn",
		responsible_person_name="张伟",
		deadline=date(2018, 9, 5),
		remarks="",
		problem_item=None,
	)
	base.update(kw)
	return NS(**base)


def plan(**kw):
	base = dict(
		campaign="ZGZ-CAMP-2018-00001",
		unit="规划管理科",
		plan_date=date(2018, 8, 23),
		signed_by=None,
		signed_by_name=None,
		signed_on=None,
		rows=[row(1), row(2, remarks="已纳入月度对账")],
	)
	base.update(kw)
	return NS(**base)


def test_landscape_for_wkhtmltopdf():
	html = render(plan())
	assert '<meta name="pdfkit-orientation" content="Landscape">' in html


def test_heading_like_the_paper():
	html = render(plan())
	assert html.index("附件2") < html.index("常州市金坛区规划局“打通中梗阻、激发新动能”专项活动问题摸排表")
	assert "填报单位：规划管理科" in html
	assert "填报日期：2018年8月23日" in html


def test_columns_in_the_paper_order_inside_the_repeating_head():
	html = render(plan())
	head = html[html.index("<thead>") : html.index("</thead>")]
	positions = [head.index(f"<th>{c}</th>") for c in COLUMNS]
	assert positions == sorted(positions)
	# the unit and date line repeats with the column titles on every page
	assert "填报单位：" in head and "填报日期：" in head
	assert "display: table-header-group" in html
	assert "page-break-inside: avoid" in html


def test_each_row_follows_the_columns():
	html = render(plan())
	body = html[html.index("<tbody>") : html.index("</tbody>")]
	cells = re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)
	assert cells[:7] == [
		"1",
		"问题1：窗口一次性告知不到位",
		"措施1：公示告知清单",
		"吴志宏",
		"张伟",
		"2018年9月5日",
		"",
	]
	assert cells[7:14][0] == "2" and cells[13] == "已纳入月度对账"
	# names, never user ids
	assert "example.cn" not in html


def test_serial_number_is_the_problem_items_when_there_is_one():
	fake = FakeFrappe(serials={"ZGZ-ITEM-1": 7})
	html = render(plan(rows=[row(1, problem_item="ZGZ-ITEM-1"), row(2)]), fake)
	body = html[html.index("<tbody>") : html.index("</tbody>")]
	cells = re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)
	assert (cells[0], cells[7]) == ("7", "2")
	assert len(fake.calls) == 1  # one read for all rows


def test_names_looked_up_when_the_row_lacks_them():
	html = render(plan(rows=[row(1, responsible_leader_name=None, responsible_person_name=None)]))
	body = html[html.index("<tbody>") : html.index("</tbody>")]
	cells = re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)
	assert cells[3:5] == ["吴志宏", "张伟"]
	empty = render(plan(rows=[row(1, responsible_leader=None, responsible_leader_name=None)]))
	assert re.findall(r"<td[^>]*>(.*?)</td>", empty[empty.index("<tbody>") :], re.S)[3] == ""


def test_no_item_lookup_before_signing():
	fake = FakeFrappe()
	render(plan(), fake)
	assert fake.calls == []


def test_signature_when_signed():
	html = render(plan(signed_by="wuzh@example.cn", signed_by_name="吴志宏", signed_on=date(2018, 8, 24)))
	assert "审核人（签字）：吴志宏" in html
	assert "日期：2018年8月24日" in html


def test_signature_lines_left_blank_when_not_signed():
	html = render(plan())
	sign = html[html.index('class="zgz-signature"') :]
	assert "审核人（签字）：" in sign and "日期：" in sign
	assert "吴志宏" not in sign


def test_no_english_on_the_form():
	html = render(plan(signed_by="wuzh@example.cn", signed_by_name="吴志宏", signed_on=date(2018, 8, 24)))
	visible = re.sub(r"<style>.*?</style>|<[^>]+>", " ", html, flags=re.S)
	assert not re.search(r"[A-Za-z]{2,}", visible), visible


def tables(html: str) -> list[str]:
	return re.findall(r"<table.*?</table>", html, re.S)


def row_numbers(table: str) -> list[int]:
	body = table[table.index("<tbody>") :]
	return [int(n) for n in re.findall(r'<tr>\s*<td class="zgz-center">(\d+)</td>', body)]


def test_long_plan_is_dealt_into_pages_each_with_its_heading():
	html = render(plan(rows=[row(i) for i in range(1, 101)]))
	pages = tables(html)
	assert len(pages) > 2
	for number, page in enumerate(pages):
		assert "填报单位：规划管理科" in page and "填报日期：2018年8月23日" in page
		assert all(f"<th>{c}</th>" in page for c in COLUMNS)
		assert ("zgz-next-page" in page) == (number > 0)  # a page break before every page but the first
	assert [n for page in pages for n in row_numbers(page)] == list(range(1, 101))
	# the first page also holds the title, so it takes fewer rows
	assert len(row_numbers(pages[0])) < len(row_numbers(pages[1]))
	assert "page-break-before: always" in html


def test_a_tall_row_takes_the_room_of_several():
	short = render(plan(rows=[row(i) for i in range(1, 61)]))
	tall = render(plan(rows=[row(i, problem="不作为慢作为" * 40) for i in range(1, 61)]))
	assert len(tables(tall)) > 2 * len(tables(short))
	lines = render(plan(rows=[row(i, remarks="\n".join("对账" for _ in range(8))) for i in range(1, 61)]))
	assert len(tables(lines)) > len(tables(short)), "each line of a cell counts"


def test_signature_never_stands_alone_on_the_last_page():
	for count in range(1, 80):
		html = render(plan(rows=[row(i) for i in range(1, count + 1)], signed_by="wuzh@example.cn"))
		assert row_numbers(tables(html)[-1]), count


def test_empty_plan_prints_the_blank_form():
	html = render(plan(rows=[]))
	assert len(tables(html)) == 1
	assert row_numbers(tables(html)[0]) == []
	assert "<th>序号</th>" in html
