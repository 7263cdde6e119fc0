from zgz_app.core.pdftext import compact, normalize_cjk


def test_kangxi_and_supplement_radicals_fold_to_ideographs():
	assert normalize_cjk("领导⼩组") == "领导小组"
	assert normalize_cjk("组⻓：周⽴群") == "组长:周立群"


def test_compact_drops_layout_whitespace():
	assert compact("党组书记、\n局⻓  副局长") == "党组书记、局长副局长"


def test_plain_text_is_unchanged():
	assert normalize_cjk("整改措施") == "整改措施"
