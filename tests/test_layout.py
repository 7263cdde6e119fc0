"""The layout's rules (README, "Layout"), read from the source without importing it:

- the services are grouped by the campaign's stage, one package each, beside ``core/`` (the pure rules)
  and the few modules every stage shares;
- imports go one way: no two modules import each other, directly or round a longer loop;
- ``core/`` imports no Frappe;
- a controller calls into a stage's package only through functions it names;
- an old dotted path that moved still answers, through a thin re-export and nothing else;
- no module of the app is longer than ``MAX_LINES`` (the tests and benchmarks aside).

That the old paths give the same functions on a site is ``zgz_app/tests/test_layout.py``."""

import ast
import re

import pytest

from tests import appmeta

PACKAGE = appmeta.APP
STAGES = (
	"campaign",
	"rectification",
	"recognition",
	"records",
	"supervision",
	"public_channel",
	"evaluation",
	"key_tasks",
	"demo",
)
SHARED = (
	"concurrency",
	"devserver",
	"hooks",
	"install",
	"integrity",
	"jobs",
	"log_filters",
	"postgres",
	"roles",
	"tasks",
	"workflow",
)
# old dotted path -> the package it moved to (the thin re-exports)
MOVED = {
	"awards": "zgz_app.recognition",
	"dossier": "zgz_app.records",
	"escalation": "zgz_app.rectification",
	"permissions": "zgz_app.campaign",
	"plan_sheet": "zgz_app.rectification",
	"reconciliation": "zgz_app.rectification",
}
MAX_LINES = 450


def module_name(path) -> str:
	parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
	if parts[-1] == "__init__":
		parts.pop()
	return ".".join(parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py") if "node_modules" not in p.parts}


def imports(path) -> list[tuple[str, list[str]]]:
	"""Every ``zgz_app`` import in the file, at any depth (a function's own imports too): the module
	and the names taken from it."""
	found = []
	for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
		if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "zgz_app":
			found.append((node.module, [a.name for a in node.names]))
		elif isinstance(node, ast.Import):
			found.extend((a.name, []) for a in node.names if a.name.split(".")[0] == "zgz_app")
	return found


def dependencies(name: str) -> set[str]:
	deps = set()
	for module, names in imports(MODULES[name]):
		for imported in names or [None]:
			full = f"{module}.{imported}" if imported else module
			deps.add(full if full in MODULES else module)
	return {d for d in deps if d in MODULES and d != name}


GRAPH = {name: dependencies(name) for name in MODULES}


def test_the_root_holds_only_the_stages_the_shared_modules_and_the_old_paths():
	packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
	assert set(STAGES) <= packages
	modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
	assert modules == set(SHARED) | set(MOVED), modules ^ (set(SHARED) | set(MOVED))


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_says_what_it_is_in_chinese_too(stage):
	doc = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8")))
	assert doc and re.search(r"[\u4e00-\u9fff]", doc), stage


def test_no_two_modules_import_each_other():
	state: dict[str, int] = {}
	cycles = []

	def visit(node, stack):
		state[node] = 1
		stack.append(node)
		for dep in sorted(GRAPH[node]):
			if state.get(dep) == 1:
				cycles.append(" -> ".join([*stack[stack.index(dep) :], dep]))
			elif dep not in state:
				visit(dep, stack)
		stack.pop()
		state[node] = 2

	for name in sorted(GRAPH):
		if name not in state:
			visit(name, [])
	assert not cycles, cycles


def test_the_pure_rules_import_no_frappe():
	for name, path in MODULES.items():
		if not name.startswith("zgz_app.core"):
			continue
		for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
			if isinstance(node, ast.Import):
				assert not any(a.name.split(".")[0] == "frappe" for a in node.names), name
			if isinstance(node, ast.ImportFrom):
				assert (node.module or "").split(".")[0] != "frappe", name
		assert all(dep.startswith("zgz_app.core") for dep in GRAPH[name]), (name, GRAPH[name])


def test_controllers_call_into_the_stages_through_named_functions():
	stage_modules = tuple(f"zgz_app.{s}." for s in STAGES)
	for name, path in MODULES.items():
		if not name.startswith("zgz_app.zgz_app.doctype.") or name.rsplit(".", 1)[-1].startswith("test_"):
			continue
		for module, names in imports(path):
			if module in {f"zgz_app.{s}" for s in STAGES}:
				pytest.fail(f"{name} imports the package {module}: import the function from its module")
			if module.startswith(stage_modules):
				# a function's name is lower case; a constant or a class belongs in core/ or the controller
				assert names and all(n.islower() for n in names), (name, module, names)


@pytest.mark.parametrize("old", sorted(MOVED))
def test_an_old_path_is_a_thin_re_export(old):
	tree = ast.parse((PACKAGE / f"{old}.py").read_text(encoding="utf-8"))
	body = tree.body[1:] if ast.get_docstring(tree) else tree.body
	assert body and all(isinstance(node, ast.ImportFrom) for node in body), old
	assert all(node.module.startswith((MOVED[old], "zgz_app.core")) for node in body), old
	assert MOVED[old] in ast.get_docstring(tree), old


def test_new_code_imports_from_the_new_places():
	"""Only the re-exports themselves (and the test that checks they answer) name an old path."""
	old = {f"zgz_app.{name}" for name in MOVED}
	for name, path in MODULES.items():
		if name in old or name == "zgz_app.tests.test_layout":
			continue
		for module, names in imports(path):
			assert module not in old, (name, module)
			if module == "zgz_app":
				assert not set(names) & set(MOVED), (name, names)


def test_no_module_is_longer_than_a_reader_can_hold():
	long = {
		name: n
		for name, path in MODULES.items()
		if ".tests" not in name
		and ".benchmarks" not in name
		and (n := path.read_text(encoding="utf-8").count("\n")) > MAX_LINES
	}
	assert not long, long
