"""A campaign's title as its forms print it (附件1, 附件2, 工作总结, 对账表, the dossier's cover).

The office writes it once on the campaign (*Title on Forms*): seed 000's forms say
“打通中梗阻、激发新动能”专项活动, seed 001's “中梗阻”专项治理工作. Left empty, it is made from the
campaign's short name the way the forms always did, “name”专项活动 — unless the name already carries
its quotes, which the office wrote as it wants them printed: it is then taken as it is, never wrapped
twice.
"""

QUOTES = "“”‘’「」『』\"'"
KIND = "专项活动"


def has_quotes(name: str | None) -> bool:
	return any(mark in (name or "") for mark in QUOTES)


def campaign_form_title(short_name: str | None) -> str:
	"""“打通中梗阻、激发新动能”专项活动 from 打通中梗阻、激发新动能 (or from 打通中梗阻、激发新动能专项活动);
	“中梗阻”专项治理 stays as it is."""
	name = (short_name or "").strip()
	if not name or has_quotes(name):
		return name
	if name.endswith(KIND) and len(name) > len(KIND):
		name = name[: -len(KIND)].strip()
	return f"“{name}”{KIND}"
