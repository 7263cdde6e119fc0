from zgz_app.core.titles import campaign_form_title, has_quotes


def test_a_plain_name_is_quoted_and_called_a_campaign_as_the_forms_always_did():
	assert campaign_form_title("打通中梗阻、激发新动能") == "“打通中梗阻、激发新动能”专项活动"
	assert campaign_form_title("  打通中梗阻、激发新动能 ") == "“打通中梗阻、激发新动能”专项活动"


def test_a_name_that_already_says_campaign_is_not_called_one_twice():
	assert campaign_form_title("打通中梗阻专项活动") == "“打通中梗阻”专项活动"


def test_a_name_written_with_its_quotes_is_taken_as_it_is():
	assert campaign_form_title("“中梗阻”专项治理") == "“中梗阻”专项治理"
	assert campaign_form_title("“打通中梗阻、激发新动能”专项活动") == "“打通中梗阻、激发新动能”专项活动"
	assert campaign_form_title("「中梗阻」专项治理") == "「中梗阻」专项治理"
	assert campaign_form_title('"中梗阻"专项治理') == '"中梗阻"专项治理'


def test_no_name_gives_no_title():
	assert campaign_form_title(None) == ""
	assert campaign_form_title("  ") == ""


def test_quotes_are_recognised_whichever_the_office_typed():
	assert all(has_quotes(f"{q}中梗阻") for q in "“”‘’「」『』\"'")
	assert not has_quotes("打通中梗阻、激发新动能")
	assert not has_quotes(None)
