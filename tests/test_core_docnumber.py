import pytest

from zgz_app.core.docnumber import DocNumber, DocNumberError, normalize_doc_number, parse_doc_number


def test_parses_the_seed_number():
	assert parse_doc_number("坛规党组发〔2018〕22号") == DocNumber("坛规党组发", 2018, 22)


def test_round_trips_to_text():
	assert str(parse_doc_number("宿高党工〔2021〕7号")) == "宿高党工〔2021〕7号"


@pytest.mark.parametrize(
	"value, reason",
	[
		("", "empty"),
		("   ", "empty"),
		("坛规党组发[2018]22号", "wrong_brackets"),
		("坛规党组发（2018）22号", "wrong_brackets"),
		("坛规党组发【2018】22号", "wrong_brackets"),
		("坛规党组发2018年22号", "no_year"),
		("坛规党组发〔2018〕号", "no_serial"),
		("坛规党组发〔2018〕22", "no_serial"),
		("坛规党组发〔2018〕022号", "no_serial"),
		("〔2018〕22号", "bad_form"),
	],
)
def test_rejects_malformed_numbers_with_a_reason(value, reason):
	with pytest.raises(DocNumberError) as info:
		parse_doc_number(value)
	assert info.value.reason == reason


def test_normalize_fixes_common_slips():
	assert normalize_doc_number(" 坛规党组发[２０１８]22 号 ") == "坛规党组发〔2018〕22号"
	assert normalize_doc_number("坛规党组发(2018)22号") == "坛规党组发〔2018〕22号"


def test_normalized_number_parses():
	assert parse_doc_number(normalize_doc_number("坛规党组发（2018）22号")).year == 2018
