"""The public channel's pure rules: what text and files are accepted, the tracking code, the sum."""

import pytest

from zgz_app.core import complaints as rules

GOOD = "窗口工作人员推诿扯皮，让我来回跑了三趟。"


@pytest.mark.parametrize(
	"text, problem",
	[
		("", "empty"),
		("   \n", "empty"),
		("太慢", "short"),
		("拖" * (rules.MAX_DESCRIPTION + 1), "long"),
		(GOOD + "<script>alert(1)</script>", "script"),
		(GOOD + "< SCRIPT src=x>", "script"),
		(GOOD + "JavaScript:alert(1)", "script"),
		(GOOD + '<img src=x onerror="alert(1)">', "script"),
		(GOOD + "http://spam.example", "link"),
		(GOOD + "HTTPS://spam.example", "link"),
		(GOOD + "www.spam.cn", "link"),
		(GOOD + "spam-shop.com", "link"),
		(GOOD, None),
		("拖" * rules.MAX_DESCRIPTION, None),
		(GOOD + "时间是上午9:30，地点是3号窗口。", None),
		(GOOD + "系统提示 condition=false", None),
		(GOOD + "按onerror=alert(1)", "script"),
	],
)
def test_text_problems(text, problem):
	assert rules.text_problem(text) == problem


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 10


@pytest.mark.parametrize(
	"name, content, problem",
	[
		("a.png", PNG, None),
		("A.PNG", PNG, None),
		("a.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 10, None),
		("a.pdf", b"%PDF-1.7\n", None),
		("a.exe", b"MZ\x90\x00", "type"),
		("a.html", b"<html>", "type"),
		("noextension", PNG, "type"),
		("a.png", b"MZ\x90\x00", "content"),  # renamed
		("a.png", PNG + b"\x00" * (rules.MAX_FILE_MB * 1024 * 1024), "size"),
	],
)
def test_file_problems(name, content, problem):
	assert rules.file_problem(name, content) == problem


def test_tracking_codes_are_long_random_and_read_back_however_typed():
	codes = {rules.new_tracking_code() for _ in range(1000)}
	assert len(codes) == 1000
	code = codes.pop()
	assert len(code) == rules.CODE_LENGTH and set(code) <= set(rules.CODE_ALPHABET)
	shown = rules.display_code(code)
	assert shown.count("-") == 3
	assert rules.code_hash(shown) == rules.code_hash(code) == rules.code_hash(shown.lower().replace("-", " "))
	assert code not in rules.code_hash(code)


def test_the_sum_is_answered_only_by_its_number():
	for _ in range(200):
		question, answer = rules.new_sum()
		a, op, b = question.split()[:3]
		assert answer == (int(a) + int(b) if op == "+" else int(a) - int(b)) and answer > 0
		assert rules.answer_matches(answer, f" {answer} ")
		assert not rules.answer_matches(answer, str(answer + 1))
	assert not rules.answer_matches(None, "3")
	assert not rules.answer_matches(3, "three")
