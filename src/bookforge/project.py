"""``bookforge init``: a new bilingual book project to start from."""

from __future__ import annotations

import shutil
from pathlib import Path

from bookforge.errors import BookforgeError
from bookforge.styles import default_styles_dir
from bookforge.templates import render


def init_project(root: Path, source: str, target: str, title: str) -> list[Path]:
    """Create a project at ``root``; refuse to touch an existing one. Returns the files."""
    manuscript = root / "manuscript"
    if (manuscript / "book.toml").exists() or (root / "styles").exists():
        raise BookforgeError("a project already exists here; nothing was changed", root)
    if source == target:
        raise BookforgeError("the source and target languages must differ")
    chinese = target.lower().startswith("zh")
    files = {
        manuscript / "book.toml": render(
            "init/book.toml.j2",
            title=title,
            target_title="书名" if chinese else title,
            source=source,
            target=target,
        ),
        manuscript / source / "01-first-chapter.md": render(
            "init/chapter.md.j2", lang="source", chinese=False
        ),
        manuscript / target / "01-first-chapter.md": render(
            "init/chapter.md.j2", lang="target", chinese=chinese
        ),
        manuscript / "images" / "figure.svg": render("init/figure.svg.j2"),
    }
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    styles = root / "styles"
    shutil.copytree(default_styles_dir(), styles)
    return [*files, *sorted(styles.iterdir())]
