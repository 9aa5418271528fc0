"""Apps depend one way: news (articles) → comments. The comments app never reaches back into
the news app's views or admin, and imports no news module when it loads."""

import ast
from pathlib import Path

import pytest

COMMENTS = Path(__file__).resolve().parent.parent / "comments"
FORBIDDEN = ("news.views", "news.admin")


def imported_modules(tree):
    """(module, at top level) for every import in a parsed module."""
    top_level = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            yield name, id(node) in top_level


def comments_modules():
    return sorted(path for path in COMMENTS.rglob("*.py") if "migrations" not in path.parts)


@pytest.mark.parametrize("path", comments_modules(), ids=lambda path: path.name)
def test_comments_never_imports_news_views_or_admin(path):
    """No module of comments/ imports news.views or news.admin, anywhere in the module."""
    tree = ast.parse(path.read_text(), filename=str(path))
    offending = [
        name
        for name, _ in imported_modules(tree)
        if any(name == bad or name.startswith(f"{bad}.") for bad in FORBIDDEN)
    ]
    assert offending == []


@pytest.mark.parametrize("path", comments_modules(), ids=lambda path: path.name)
def test_comments_imports_no_news_module_when_it_loads(path):
    """Articles are reached through the foreign key ("news.Article"), not a module import."""
    tree = ast.parse(path.read_text(), filename=str(path))
    at_load = [name for name, top in imported_modules(tree) if top]
    assert [name for name in at_load if name == "news" or name.startswith("news.")] == []


def test_the_check_sees_a_forbidden_import():
    """The parser catches both import forms, also inside a function."""
    source = "def f():\n    from news.views import X\nimport news.admin\n"
    names = [name for name, _ in imported_modules(ast.parse(source))]
    assert "news.views.X" in names and "news.admin" in names
