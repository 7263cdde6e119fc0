"""Chinese is a first-class language: every user-facing string has a zh translation."""

import re
from pathlib import Path

from babel.messages.pofile import read_po

from tests import appmeta

PO = appmeta.APP / "locale" / "zh.po"
PLACEHOLDER = re.compile(r"\{\d+\}")


def catalog():
	with PO.open("rb") as fh:
		return read_po(fh, locale="zh")


def translations() -> dict[str, str]:
	return {m.id: m.string for m in catalog() if m.id}


def test_every_message_is_translated():
	zh = translations()
	missing = sorted(m for m in appmeta.all_messages() if not zh.get(m))
	assert not missing, "untranslated: " + " | ".join(missing)


def test_translations_keep_their_placeholders():
	for source, target in translations().items():
		assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(target)), source


def test_no_stale_translations():
	used = appmeta.all_messages()
	stale = sorted(m for m in translations() if m not in used)
	assert not stale, "translated but no longer used: " + " | ".join(stale)


def test_sources_are_english_and_targets_chinese():
	han = re.compile(r"[\u4e00-\u9fff]")
	for source, target in translations().items():
		assert han.search(target), source
		if source.startswith("ZGZ "):
			continue
		# English is the source language; a Chinese example inside a message is fine.
		assert re.search(r"[A-Za-z]", source), source


def test_messages_use_positional_placeholders_only():
	for message in appmeta.all_messages():
		assert not re.search(r"\{[a-zA-Z_]*\}", message), message


def test_python_messages_are_not_formatted_inside_the_call():
	for path in appmeta.python_files():
		text = Path(path).read_text(encoding="utf-8")
		assert not re.search(r"\b_\(\s*f[\"']", text), path
