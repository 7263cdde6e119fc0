from zgz_app.core.pdftext import compact, radicals


def test_compact_drops_layout_whitespace_and_nothing_else():
	assert compact("党组书记、\n局长  副局长") == "党组书记、局长副局长"
	assert compact("组⻓") == "组⻓", "a radical is not folded back: the PDF itself must be right"


def test_radicals_are_found_in_both_blocks():
	assert radicals("常州市⾦坛区 实施⽅案 组⻓ ⾦") == "⾦⽅⻓"
	assert radicals("常州市金坛区 实施方案 组长") == ""
