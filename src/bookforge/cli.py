"""The ``bookforge`` command line."""

from __future__ import annotations

import logging
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


def _arrangement(project_dir: Path, layout: str | None, order: str | None) -> Arrangement:
    book = load_book(project_dir)
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
    @click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Default: PROJECT_DIR/build/<book>-<layout>." + extension,
    )
    def command(
        project_dir: Path, layout: str | None, order: str | None, output: Path | None
    ) -> None:
        arrangement = _arrangement(project_dir, layout, order)
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


def main() -> None:
    """Entry point of the ``bookforge`` script."""
    cli(prog_name="bookforge")
