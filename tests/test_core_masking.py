"""Names masked in public notices (no site)."""

from zgz_app.core.masking import MIDDLE_STAR, SURNAME_MOU, mask_name, mask_text, unmasked_names


def test_names_are_masked_as_the_settings_say():
	assert mask_name("张伟") == "张某某"
	assert mask_name("张伟华", SURNAME_MOU) == "张某"
	assert mask_name("欧阳晓明") == "欧阳某某"
	assert mask_name("张伟华", MIDDLE_STAR) == "张*华"
	assert mask_name("张伟", MIDDLE_STAR) == "张*"


def test_longer_names_are_masked_first_and_nothing_else_changes():
	text = "张伟华、张伟在窗口推诿扯皮，群众反映强烈。"
	masked = mask_text(text, ["张伟", "张伟华"])
	assert masked == "张某某、张某某在窗口推诿扯皮，群众反映强烈。"
	assert unmasked_names(masked, ["张伟", "张伟华"]) == []
	assert unmasked_names(text, ["张伟", "赵敏"]) == ["张伟"]
