"""Reads the app's metadata from its files (no Frappe needed): DocTypes, print formats, hooks,
and every user-facing string, for the metadata and translation checks."""

import ast
import json
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "zgz_app"
MODULE = APP / "zgz_app"

# DocTypes of Frappe itself that the app links to.
FRAPPE_DOCTYPES = {
	"User",
	"Role",
	"File",
	"Workflow",
	"Workflow State",
	"Holiday List",
	"Print Format",
	"Email Queue",
}
TRANSLATABLE_FIELD_KEYS = ("label", "description")


@cache
def doctypes() -> dict[str, dict]:
	out = {}
	for path in sorted(MODULE.glob("doctype/*/*.json")):
		data = json.loads(path.read_text(encoding="utf-8"))
		if data.get("doctype") == "DocType":
			data["_path"] = path
			out[data["name"]] = data
	return out


@cache
def print_formats() -> dict[str, dict]:
	out = {}
	for path in sorted(MODULE.glob("print_format/*/*.json")):
		data = json.loads(path.read_text(encoding="utf-8"))
		data["_path"] = path
		out[data["name"]] = data
	return out


@cache
def fixture(name: str) -> list[dict]:
	return json.loads((APP / "fixtures" / f"{name}.json").read_text(encoding="utf-8"))


def default_records(name: str) -> list[dict]:
	"""Records the app adds on install (zgz_app/defaults): workflows, their states and actions."""
	return json.loads((APP / "defaults" / f"{name}.json").read_text(encoding="utf-8"))


def scrub(name: str) -> str:
	return name.replace(" ", "_").replace("-", "_").lower()


def python_files() -> list[Path]:
	return sorted(p for p in APP.rglob("*.py") if "__pycache__" not in p.parts)


def js_files() -> list[Path]:
	return sorted(p for p in APP.rglob("*.js") if "dist" not in p.parts and "node_modules" not in p.parts)


def python_messages(path: Path) -> list[str]:
	"""The literal first arguments of _() calls."""
	tree = ast.parse(path.read_text(encoding="utf-8"))
	found = []
	for node in ast.walk(tree):
		if (
			isinstance(node, ast.Call)
			and isinstance(node.func, ast.Name)
			and node.func.id == "_"
			and node.args
			and isinstance(node.args[0], ast.Constant)
			and isinstance(node.args[0].value, str)
		):
			found.append(node.args[0].value)
	return found


_JS_MESSAGE = re.compile(r"""\b__\(\s*(["'`])((?:\\.|(?!\1).)*)\1""", re.S)


def js_messages(path: Path) -> list[str]:
	return [
		m.group(2).replace('\\"', '"').replace("\\'", "'") for m in _JS_MESSAGE.finditer(path.read_text())
	]


def doctype_messages() -> list[str]:
	found = []
	for name, dt in doctypes().items():
		found.append(name)
		for field in dt["fields"]:
			found.extend(field[key] for key in TRANSLATABLE_FIELD_KEYS if field.get(key))
			if (
				field["fieldtype"] == "Select"
				and field.get("options")
				and field["fieldname"] != "naming_series"
			):
				found.extend(o for o in field["options"].split("\n") if o)
	return found


_TEMPLATE_MESSAGE = re.compile(r"""\b_\(\s*(["'])((?:\\.|(?!\1).)*)\1""", re.S)


def template_messages(path: Path) -> list[str]:
	"""The literal first arguments of _() in Jinja templates (mails, notifications, print formats)."""
	return template_messages_in(path.read_text(encoding="utf-8"))


def template_messages_in(text: str) -> list[str]:
	return [m.group(2) for m in _TEMPLATE_MESSAGE.finditer(text)]


def all_messages() -> set[str]:
	messages = set(doctype_messages())
	messages.update(r["name"] for r in fixture("role"))
	messages.update(r["name"] for r in default_records("workflow_state"))
	messages.update(r["name"] for r in default_records("workflow_action_master"))
	for path in python_files():
		messages.update(python_messages(path))
	for path in js_files():
		messages.update(js_messages(path))
	for path in sorted(APP.rglob("*.html")) + sorted(APP.rglob("*.md")):
		messages.update(template_messages(path))
	for path in MODULE.glob("notification/*/*.json"):
		messages.update(template_messages_in(json.loads(path.read_text(encoding="utf-8"))["subject"]))
	for path in MODULE.glob("report/*/*.json"):
		messages.add(json.loads(path.read_text(encoding="utf-8"))["name"])
	for path in MODULE.glob("workspace/*/*.json"):
		data = json.loads(path.read_text(encoding="utf-8"))
		messages.add(data.get("label") or data["name"])
		messages.update(link["label"] for link in data.get("links", []) if link.get("label"))
		messages.update(s["label"] for s in data.get("shortcuts", []) if s.get("label"))
		for widgets in ("number_cards", "charts"):
			messages.update(w["label"] for w in data.get(widgets, []) if w.get("label"))
	# the desk shows a number card's label and a dashboard chart's name through _()
	for path in MODULE.glob("number_card/*/*.json"):
		messages.add(json.loads(path.read_text(encoding="utf-8"))["label"])
	for path in MODULE.glob("dashboard_chart/*/*.json"):
		messages.add(json.loads(path.read_text(encoding="utf-8"))["chart_name"])
	return {m for m in messages if m.strip()}


def hook_paths() -> list[str]:
	"""Every dotted path that hooks.py points at."""
	tree = ast.parse((APP / "hooks.py").read_text(encoding="utf-8"))
	paths: list[str] = []

	def collect(node):
		if (
			isinstance(node, ast.Constant)
			and isinstance(node.value, str)
			and node.value.startswith("zgz_app.")
		):
			paths.append(node.value)
		for child in ast.iter_child_nodes(node):
			collect(child)

	collect(tree)
	return paths


def resolve(dotted: str) -> bool:
	"""Whether ``dotted`` names a top-level function (or class) defined in the app's source."""
	module, _, attr = dotted.rpartition(".")
	path = ROOT.joinpath(*module.split("."))
	file = path.with_suffix(".py") if path.with_suffix(".py").exists() else path / "__init__.py"
	if not file.exists():
		return False
	tree = ast.parse(file.read_text(encoding="utf-8"))
	return any(isinstance(n, ast.FunctionDef | ast.ClassDef) and n.name == attr for n in tree.body)
