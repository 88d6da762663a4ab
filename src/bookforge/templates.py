"""The jinja2 environment shared by the backends; markup lives in ``templates/``."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from bookforge.labels import label


@cache
def environment() -> Environment:
    """The one jinja2 environment, autoescaping markup templates (not ``*.css.j2``)."""
    env = Environment(
        loader=PackageLoader("bookforge", "templates"),
        autoescape=lambda name: not (name or "").endswith(".css.j2"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["label"] = label
    return env


def render(name: str, **context) -> str:
    """Render template ``name`` with ``context``."""
    return environment().get_template(name).render(**context)
