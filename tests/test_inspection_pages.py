"""督查情况反馈单 through wkhtmltopdf as Frappe runs it (no site): one A4 page per inspected unit however
many findings the paper form can take, its type shrinking to fit, at wkhtmltopdf's scale and at full
size; a unit with more than any size holds runs on rather than losing a finding. Skipped where
wkhtmltopdf is not installed; zgz_app/tests/test_inspection.py prints it through Frappe."""

import re
import shutil
from pathlib import Path
from types import SimpleNamespace as NS

import jinja2
import pytest
from pypdf import PdfReader

from tests import appmeta
from tests.test_award_pages import FULL_SIZE, print_html
from zgz_app.core.pdftext import compact, radicals

pytestmark = pytest.mark.skipif(not shutil.which("wkhtmltopdf"), reason="wkhtmltopdf is not installed")

FORM = "督查情况反馈单"
SEEN = "窗口工作人员对前来咨询规划许可的群众态度生硬，一次性告知制度未落实，群众反映需往返多次补交材料，影响办事效率"


def finding(n: int, length: int) -> dict:
	return {
		"description": f"第{n}项：" + (SEEN * 3)[:length],
		"category": "服务中梗阻",
		"severity": "Ordinary",
		"person_name": "张某某" if n % 2 else None,
		"location": "政务服务中心规划窗口",
		"seen_at": "2026-10-15",
		"action": "Rectify",
		"no_action_reason": None,
		"requirement": "落实一次性告知制度，建立首问负责台账",
		"deadline": "2026-12-15",
	}


def fake_frappe(findings: dict[str, list[dict]]):
	"""The two reads the template makes: the campaign's names, and the lists a reader may see."""

	def get_list(doctype, filters=None, **_kw):
		if doctype == "ZGZ Unit":
			return [u for u in filters["name"][1] if u in findings]
		return [NS(**f) for f in findings[filters["unit"]]]

	db = NS(get_value=lambda *_a, **_k: {"organisation": "常州市金坛区规划局"})
	return NS(db=db, get_list=get_list)


def render(findings: dict[str, list[dict]]) -> str:
	path = appmeta.print_formats()[FORM]["_path"].with_suffix(".html")
	env = jinja2.Environment(undefined=jinja2.ChainableUndefined)
	env.globals.update(_=lambda s: s, frappe=fake_frappe(findings))
	doc = NS(
		name="ZGZ-INS-2026-00001",
		campaign="C",
		kind="Routine",
		units=[NS(unit=u, deadline="2026-12-31", receipt_by=None) for u in findings],
		start_date="2026-10-15",
		end_date="2026-10-17",
		team_leader="lead@example.cn",
		team_leader_name="纪检组长",
		scope_note="重点工作推进、问题整改台账、窗口服务",
		rectify_deadline=None,
		reported_on="2026-10-20",
		get=lambda field: field in ("method_report", "method_site"),
	)
	return env.from_string(path.read_text(encoding="utf-8")).render(doc=doc)


def printed(findings: dict[str, list[dict]], tmp_path: Path, zoom: float | None = None) -> PdfReader:
	return print_html(render(findings), tmp_path, zoom)


CASES = {
	"no finding": {"规划管理科": []},
	"three short findings": {"规划管理科": [finding(n, 30) for n in range(1, 4)]},
	"eight findings of 100 characters": {"规划管理科": [finding(n, 100) for n in range(1, 9)]},
	"twelve findings of 40 characters": {"规划管理科": [finding(n, 40) for n in range(1, 13)]},
	"two units, six and twelve findings": {
		"规划管理科": [finding(n, 80) for n in range(1, 7)],
		"行政审批科": [finding(n, 40) for n in range(1, 13)],
	},
}


@pytest.mark.parametrize("zoom", [None, FULL_SIZE], ids=["wkhtmltopdf", "full size"])
@pytest.mark.parametrize("case", list(CASES))
def test_one_page_per_unit_with_every_finding(case, zoom, tmp_path):
	findings = CASES[case]
	pdf = printed(findings, tmp_path, zoom)
	assert len(pdf.pages) == len(findings)
	for page, (unit, rows) in zip(pdf.pages, findings.items(), strict=True):
		raw = page.extract_text()
		assert not radicals(raw)
		text = compact(raw)
		assert unit in text and "督查情况反馈单" in text and "被督查单位签收人" in text
		assert all(f"第{n}项" in text for n in range(1, len(rows) + 1))


def test_the_type_shrinks_only_as_far_as_the_findings_need():
	def sizes(case):
		return [
			float(x)
			for x in re.findall(r"zgz-findings\" style=\"[^\"]*font-size: ([\d.]+)pt", render(CASES[case]))
		]

	assert sizes("no finding") == sizes("three short findings") == [10.5]
	assert sizes("eight findings of 100 characters")[0] < 10.5
	six, twelve = sizes("two units, six and twelve findings")
	assert six > twelve >= 7.5  # each unit's page its own size


def test_more_than_a_page_holds_runs_on_and_loses_nothing(tmp_path):
	rows = [finding(n, 120) for n in range(1, 31)]
	pdf = printed({"规划管理科": rows}, tmp_path)
	assert len(pdf.pages) > 1
	text = compact("".join(p.extract_text() for p in pdf.pages))
	assert all(f"第{n}项" in text for n in range(1, 31))
	assert re.search("被督查单位签收人", text)
