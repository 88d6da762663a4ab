"""The ``bookforge`` command line."""

from __future__ import annotations

import json
import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

import click

from bookforge import __version__
from bookforge.config import LAYOUTS, ORDERS
from bookforge.errors import BookforgeError
from bookforge.layout import Arrangement, arrange
from bookforge.loader import load_book

EXAMPLES = """
\b
Examples:
  bookforge epub . --layout interleaved -o build/book.epub
  bookforge pdf  . --layout facing
  bookforge html manuscripts/my-book --order target-first
"""


class EchoHandler(logging.Handler):
    """Send log records to stderr as ``bookforge: warning: ...`` lines."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"bookforge: {record.levelname.lower()}: {record.getMessage()}", err=True)


def configure_logging(quiet: bool, verbose: bool) -> None:
    """Route bookforge's warnings to stderr; keep the engines' chatter out unless verbose."""
    logger = logging.getLogger("bookforge")
    logger.handlers[:] = [EchoHandler()]
    logger.propagate = False
    logger.setLevel(logging.ERROR if quiet else logging.INFO if verbose else logging.WARNING)
    for engine in ("weasyprint", "fontTools"):
        logging.getLogger(engine).setLevel(logging.WARNING if verbose else logging.CRITICAL)


class BookforgeGroup(click.Group):
    """A group that turns errors into one-line messages and exit statuses."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BookforgeError as error:
            if ctx.params.get("debug"):
                traceback.print_exc()
            click.echo(f"bookforge: error: {error}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("bookforge: interrupted", err=True)
            ctx.exit(130)
        except Exception as error:
            if ctx.params.get("debug"):
                traceback.print_exc()
            click.echo(
                f"bookforge: internal error: {type(error).__name__}: {error} "
                "(run with --debug for the traceback)",
                err=True,
            )
            ctx.exit(1)


@click.group(
    cls=BookforgeGroup, epilog=EXAMPLES, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(__version__, prog_name="bookforge")
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
@click.option("-q", "--quiet", is_flag=True, help="Only print errors.")
@click.option("-v", "--verbose", is_flag=True, help="Also print the engines' messages.")
def cli(debug: bool, quiet: bool, verbose: bool) -> None:
    """Make bilingual books (EPUB 3 and print-ready PDF) from an original and its translation."""
    configure_logging(quiet, verbose)


def _arrangement(
    project_dir: Path, layout: str | None, order: str | None, strict: bool = False
) -> Arrangement:
    book = load_book(project_dir, strict=strict)
    build = book.settings.get("build", {})
    return arrange(
        book,
        layout or build.get("layout", "interleaved"),
        order or build.get("order", "source-first"),
    )


def format_command(name: str, extension: str, writer: Callable[[Arrangement, Path], None]):
    """Define ``bookforge NAME``: load, arrange and write one format."""

    @cli.command(name, epilog=EXAMPLES)
    @click.argument(
        "project_dir", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path)
    )
    @click.option("--layout", type=click.Choice(LAYOUTS), help="Default: book.toml [build].")
    @click.option("--order", type=click.Choice(ORDERS), help="Interleaved reading order.")
    @click.option("--strict", is_flag=True, help="Treat uncertain pairings as errors.")
    @click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Default: PROJECT_DIR/build/<book>-<layout>." + extension,
    )
    def command(
        project_dir: Path,
        layout: str | None,
        order: str | None,
        strict: bool,
        output: Path | None,
    ) -> None:
        arrangement = _arrangement(project_dir, layout, order, strict)
        book = arrangement.book
        target = output or book.root / "build" / f"{book.slug}-{arrangement.layout}.{extension}"
        writer(arrangement, target)
        logging.getLogger("bookforge").info(f"wrote {target}")
        click.echo(str(target))

    command.__doc__ = f"Write the book as {extension.upper()}."
    return command


def _write_epub(arrangement: Arrangement, target: Path) -> None:
    from bookforge.render.epub import write_epub

    write_epub(arrangement, target)


def _write_pdf(arrangement: Arrangement, target: Path) -> None:
    from bookforge.render.pdf import write_pdf

    write_pdf(arrangement, target)


def _write_html(arrangement: Arrangement, target: Path) -> None:
    from bookforge.render.html import write_html

    write_html(arrangement, target)


format_command("epub", "epub", _write_epub)
format_command("pdf", "pdf", _write_pdf)
format_command("html", "html", _write_html)


@cli.command(
    epilog="""
\b
Examples:
  bookforge align manuscript/en/01.md manuscript/zh-Hans/01.md
  bookforge align original.txt translation.txt --json > beads.json
"""
)
@click.argument("source_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("target_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the beads as JSON on stdout.")
def align(source_file: Path, target_file: Path, as_json: bool) -> None:
    """Align the Markdown blocks of an original and its translation.

    Blocks (paragraphs, headings, lists...) are numbered from 0; uncertain beads are marked.
    """
    from bookforge.align import align_blocks
    from bookforge.loader import read_text
    from bookforge.markdown import parse_blocks

    source = parse_blocks(read_text(source_file))
    target = parse_blocks(read_text(target_file))
    beads = align_blocks(source, target)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "beads": [
                        {"source": list(b.source), "target": list(b.target), "score": b.score}
                        for b in beads
                    ]
                },
                ensure_ascii=False,
            )
        )
        return
    colour = sys.stdout.isatty()
    click.echo(f"{'source':>9} {'target':>9} {'score':>6}  text")
    for bead in beads:
        src = ",".join(map(str, bead.source)) or "-"
        tgt = ",".join(map(str, bead.target)) or "-"
        first = source[bead.source[0]].text if bead.source else ""
        second = target[bead.target[0]].text if bead.target else ""
        text = f"{first[:34]:<34} | {second[:20]}"
        line = f"{src:>9} {tgt:>9} {bead.score:6.2f}  {text}"
        if bead.uncertain:
            line = "?" + line[1:]
            line = click.style(line, fg="yellow") if colour else line
        click.echo(line)
    uncertain = sum(b.uncertain for b in beads)
    click.echo(f"{len(beads)} beads, {uncertain} uncertain (marked ?)", err=True)


@cli.command(
    epilog="""
\b
Examples:
  bookforge check
  bookforge check path/to/book
"""
)
@click.argument(
    "project_dir", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path)
)
def check(project_dir: Path) -> None:
    """Report pairing, one-language chapters, broken links and images, missing fonts and the
    Chinese copy the typography rules would fix. Exit 1 on errors."""
    from bookforge.check import check_project

    report = check_project(project_dir)
    book = report.book
    for chapter in report.chapters:
        click.echo(f"{chapter.name}: {chapter.pairs} pairs")
        if chapter.one_language:
            click.echo(f"  only in {chapter.one_language}")
        if chapter.source_only:
            lines = ", ".join(map(str, chapter.source_only))
            click.echo(f"  {book.lang('source')} blocks with no translation (lines {lines})")
        if chapter.target_only:
            lines = ", ".join(map(str, chapter.target_only))
            click.echo(f"  {book.lang('target')} blocks with no original (lines {lines})")
        for line, score in chapter.uncertain:
            click.echo(f"  uncertain pairing at {book.lang('source')} line {line} ({score:.2f})")
    for message in report.warnings:
        click.echo(f"warning: {message}")
    for family in report.missing_fonts:
        click.echo(f"missing font: {family}")
    fixes = {rule: n for rule, n in report.copy_fixes.items() if n}
    if fixes:
        listed = ", ".join(f"{rule} in {n} blocks" for rule, n in fixes.items())
        click.echo(f"Chinese typography fixed at build time: {listed}")
    click.echo("no errors")


def main() -> None:
    """Entry point of the ``bookforge`` script."""
    cli(prog_name="bookforge")
