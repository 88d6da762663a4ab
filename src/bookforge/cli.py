"""The ``bookforge`` command line."""

from __future__ import annotations

import importlib
import json
import logging
import multiprocessing
import shlex
import shutil
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import click

from bookforge import __version__
from bookforge.config import FORMATS, LAYOUTS, ORDERS
from bookforge.errors import (
    BookforgeError,
    Digest,
    OncePerRun,
    collected_warnings,
    digested,
    warn,
)
from bookforge.layout import Arrangement, arrange
from bookforge.loader import load_book
from bookforge.model import ROLES, Book
from bookforge.processes import job_count


def examples(*commands: str) -> str:
    """A help epilog listing example command lines."""
    return "\b\nExamples:\n" + "\n".join(f"  {command}" for command in commands)


EXAMPLES = examples(
    "bookforge epub . --layout interleaved -o build/book.epub",
    "bookforge pdf  . --layout facing",
    "bookforge html manuscripts/my-book --order target-first --only target",
)


class EchoHandler(logging.Handler):
    """Send log records to stderr as ``bookforge: warning: ...`` lines, the first few of
    each kind in each file; the rest are counted, one line a kind at the end."""

    def __init__(self) -> None:
        super().__init__()
        self.digest = Digest()

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno < logging.WARNING or self.digest.admit(message):
            click.echo(f"bookforge: {record.levelname.lower()}: {message}", err=True)

    def close(self) -> None:
        for line in self.digest.summary():
            click.echo(f"bookforge: warning: {line}", err=True)
        self.digest = Digest()
        super().close()


def configure_logging(quiet: bool, verbose: bool) -> None:
    """Route bookforge's warnings to stderr, each once per run; keep the engines' chatter
    out unless verbose."""
    logger = logging.getLogger("bookforge")
    handler = EchoHandler()
    handler.addFilter(OncePerRun())
    context = click.get_current_context(silent=True)
    if context is not None:
        context.call_on_close(handler.close)
    logger.handlers[:] = [handler]
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
        except BrokenPipeError:  # the reader of our output went away (e.g. `| head`)
            sys.stderr.close()
            ctx.exit(0)
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
    project_dir: Path,
    layout: str | None,
    order: str | None,
    strict: bool = False,
    only: str | None = None,
) -> Arrangement:
    """Load and arrange; command-line options win over book.toml, which wins over defaults."""
    book = load_book(project_dir, strict=strict)
    build = book.settings["build"]
    return arrange(book, layout or build["layout"], order or build["order"], only)


def write(fmt: str, arrangement: Arrangement, target: Path, jobs: int = 1) -> int | None:
    """Write one format with its backend (imported on demand: each is slow to import),
    the PDF with up to ``jobs`` processes; returns the page count of a PDF."""
    module = importlib.import_module(f"bookforge.render.{fmt}")
    if fmt == "pdf":
        return module.write_pdf(arrangement, target, jobs)
    return getattr(module, f"write_{fmt}")(arrangement, target)


def jobs_option(function):
    """The ``-j/--jobs`` option: how many processes (0: one per core)."""
    return click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=0),
        help="Processes to lay out a PDF with (default: [build] jobs, else one per core).",
    )(function)


def default_output(arrangement: Arrangement, fmt: str, only: str | None) -> Path:
    """``PROJECT_DIR/build/<book>-<layout>.<ext>``, or ``<book>-<language>`` for one language."""
    book = arrangement.book
    variant = book.lang(only) if only else arrangement.layout
    return book.root / "build" / f"{book.slug}-{variant}.{fmt}"


def find_project(path: Path) -> Path:
    """The project holding ``path``: the nearest folder, from ``path`` up, that has
    ``manuscript/book.toml`` (so that commands work from inside ``manuscript/`` or a
    chapter folder); ``path`` itself if there is none."""
    path = path.resolve()
    for folder in (path, *path.parents):
        if (folder / "manuscript" / "book.toml").is_file():
            return folder
    return path


def project_argument(function):
    """The PROJECT_DIR argument, defaulting to the project holding the current folder."""
    return click.argument(
        "project_dir",
        default=".",
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        callback=lambda _ctx, _param, value: find_project(value),
    )(function)


def format_command(fmt: str) -> None:
    """Define ``bookforge FMT``: load, arrange and write one format."""

    @cli.command(fmt, epilog=EXAMPLES)
    @project_argument
    @click.option("--layout", type=click.Choice(LAYOUTS), help="Default: book.toml [build].")
    @click.option("--order", type=click.Choice(ORDERS), help="Interleaved reading order.")
    @click.option("--only", type=click.Choice(ROLES), help="A one-language edition.")
    @click.option("--strict", is_flag=True, help="Treat uncertain pairings as errors.")
    @jobs_option
    @click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help=f"Default: PROJECT_DIR/build/<book>-<layout>.{fmt}",
    )
    def command(
        project_dir: Path,
        layout: str | None,
        order: str | None,
        only: str | None,
        strict: bool,
        jobs: int | None,
        output: Path | None,
    ) -> None:
        arrangement = _arrangement(project_dir, layout, order, strict, only)
        target = output or default_output(arrangement, fmt, only)
        write(fmt, arrangement, target, job_count(jobs, arrangement.book.settings["build"]["jobs"]))
        click.echo(str(target))

    command.__doc__ = f"Write the book as {fmt.upper()}."


for _fmt in FORMATS:
    format_command(_fmt)


@cli.command(epilog=examples("bookforge build", "bookforge build path/to/book --strict"))
@project_argument
@click.option("--strict", is_flag=True, help="Treat uncertain pairings as errors.")
@jobs_option
def build(project_dir: Path, strict: bool, jobs: int | None) -> None:
    """Write every format and layout of book.toml [build] into PROJECT_DIR/build/: as many
    outputs at a time as there are processes to use, a PDF laid out in parts when there
    are processes to spare."""
    book = load_book(project_dir, strict=strict)
    settings = book.settings["build"]
    outputs = [(layout, fmt) for layout in settings["layouts"] for fmt in settings["formats"]]
    slots = job_count(jobs, settings["jobs"])
    workers = max(1, min(len(outputs), slots))
    parts = max(1, slots // workers)  # processes each PDF may use, none left idle or shared
    first = sorted(outputs, key=lambda output: output[1] != "pdf")  # the longest first
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = {
            output: pool.submit(build_one, book, *output, settings["order"], parts)
            for output in first
        }
        done = [futures[output] for output in outputs]
        for future in done:
            target, seconds, pages, warnings = future.result()
            for message in warnings:
                warn(message)
            click.echo(summary(target, seconds, pages))


def build_one(
    book: Book, layout: str, fmt: str, order: str, jobs: int
) -> tuple[Path, float, int | None, list[str]]:
    """One output of ``bookforge build`` (run in a worker process): the file, the time it
    took, its pages (PDF) and the warnings, which the main process prints once each."""
    start = time.perf_counter()
    with collected_warnings() as warnings:
        arrangement = arrange(book, layout, order)
        target = default_output(arrangement, fmt, None)
        pages = write(fmt, arrangement, target, jobs)
    return target, time.perf_counter() - start, pages, warnings


def summary(target: Path, seconds: float, pages: int | None = None) -> str:
    """One line about a written file: name, size, pages (PDF), time."""
    counted = f", {pages} pages" if pages else ""
    return f"{target}  {target.stat().st_size / 1024:.0f} KB{counted}, {seconds:.1f} s"


@cli.command(
    epilog=examples(
        "bookforge init my-book",
        'bookforge init my-book --source en --target zh-Hant --title "My Book"',
    )
)
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--source", default="en", show_default=True, help="Language of the original.")
@click.option("--target", default="zh-Hans", show_default=True, help="Language of the translation.")
@click.option("--title", default="Untitled", show_default=True, help="The book's title.")
def init(directory: Path, source: str, target: str, title: str) -> None:
    """Create a new bilingual book project in DIRECTORY."""
    from bookforge.project import init_project

    for path in init_project(directory, source, target, title):
        click.echo(str(path))
    click.echo(f"next: cd {shlex.quote(str(directory))} && {own_command()} build", err=True)


def own_command() -> str:
    """How to run bookforge again as it was run now: ``bookforge`` where that name on
    the PATH is this program, else its full path (or ``python -m bookforge``)."""
    program = Path(sys.argv[0]).resolve()
    if program.name == "__main__.py":
        return f"{shlex.quote(sys.executable)} -m bookforge"
    found = shutil.which("bookforge")
    if found and Path(found).resolve() == program:
        return "bookforge"
    return shlex.quote(str(program))


@cli.command(
    "import",
    epilog=examples(
        "bookforge import original.epub translation.epub my-book",
        "bookforge import book.docx traduction.epub --source en --target fr --title \"A Title\"",
    ),
)
@click.argument("original", type=click.Path(path_type=Path))
@click.argument("translation", type=click.Path(path_type=Path))
@click.argument("project_dir", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--source", help="Language of the original (default: from the book, else en).")
@click.option("--target", help="Language of the translation (default: from the book or zh-Hans).")
@click.option("--title", help="The book's title in the original (default: from the book).")
@click.option("--force", is_flag=True, help="Replace PROJECT_DIR if it exists.")
def import_books(original: Path, translation: Path, project_dir: Path | None,
                 source: str | None, target: str | None, title: str | None, force: bool) -> None:
    """Start a bilingual project from ORIGINAL and TRANSLATION: EPUB, DOCX, HTML (a file or a
    folder), Markdown (a file or a folder) or plain text, in any mix. Chapters are paired by
    the aligner; the project is written to PROJECT_DIR (default: a folder named after the
    title) only once complete."""
    from bookforge.importers.run import import_project

    result = import_project(original, translation, project_dir, source, target, title, force)
    for line in result.report():
        click.echo(line)
    for warning in result.warnings:
        click.echo(f"bookforge: warning: {warning}", err=True)
    click.echo(f"next: cd {shlex.quote(str(result.root))} && {own_command()} check", err=True)


@cli.command(epilog=examples("bookforge config", "bookforge config path/to/book"))
@project_argument
def config(project_dir: Path) -> None:
    """Print the effective settings: book.toml with every default filled in."""
    from bookforge.styles import font_stacks

    book = load_book(project_dir)
    meta = book.metadata
    titles = ", ".join(
        f"{lang} = {json.dumps(t, ensure_ascii=False)}" for lang, t in meta.titles.items()
    )
    click.echo(f"[book]\ntitle = {{ {titles} }}")
    values = {
        "authors": list(meta.authors),
        "translators": list(meta.translators),
        "identifier": book.identifier(),
        **{k: getattr(meta, k) for k in ("date", "publisher", "rights", "description", "cover")},
    }
    for key, value in values.items():
        if value is not None:
            click.echo(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    click.echo(f"\n[languages]\nsource = {json.dumps(book.lang('source'))}")
    click.echo(f"target = {json.dumps(book.lang('target'))}")
    for section in ("build", "typography", "pdf", "epub"):
        click.echo(f"\n[{section}]")
        for key, value in book.settings[section].items():
            click.echo(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    click.echo("\n[fonts]")
    for stack in font_stacks(book):
        faces = {"body": stack.body, "heading": stack.heading, "latin": stack.latin}
        listed = ", ".join(f"{k} = {json.dumps(v)}" for k, v in faces.items() if v)
        click.echo(f"{stack.lang} = {{ {listed} }}")


@cli.command(
    epilog=examples(
        "bookforge preview", "bookforge preview path/to/book --port 8001 --layout facing"
    )
)
@project_argument
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
@click.option("--layout", type=click.Choice(LAYOUTS), help="Default: book.toml [build].")
def preview(project_dir: Path, port: int, layout: str | None) -> None:
    """Serve the book as HTML on 127.0.0.1 and rebuild it when a file changes."""
    from bookforge.preview import Preview

    server = Preview(project_dir, port, layout)
    click.echo(
        f"previewing on {server.url} (the pairing review: {server.url}review; Ctrl-C to stop)",
        err=True,
    )
    server.serve_forever()


@cli.command(
    epilog=examples(
        "bookforge align manuscript/en/01.md manuscript/zh-Hans/01.md",
        "bookforge align original.txt translation.txt --json > beads.json",
    )
)
@click.argument("source_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("target_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the beads as JSON on stdout.")
def align(source_file: Path, target_file: Path, as_json: bool) -> None:
    """Align the Markdown blocks of an original and its translation.

    Blocks (paragraphs, headings, lists...) are numbered from 0; uncertain beads are marked.
    """
    from bookforge.align.aligner import align_blocks
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


@cli.command(epilog=examples("bookforge check", "bookforge check path/to/book"))
@project_argument
def check(project_dir: Path) -> None:
    """Report pairing, one-language chapters, broken links and images, missing fonts and the
    Chinese copy the typography rules would fix; write the pairing review to
    PROJECT_DIR/build/<book>-pairing.html. Exit 1 on errors."""
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
    for message in digested(report.warnings):
        click.echo(f"warning: {message}")
    for family in report.missing_fonts:
        click.echo(f"missing font: {family}")
    fixes = {rule: n for rule, n in report.copy_fixes.items() if n}
    if fixes:
        listed = ", ".join(f"{rule} in {n} blocks" for rule, n in fixes.items())
        click.echo(f"Chinese typography applied at build time: {listed}")
    from bookforge.review import write_review

    target = book.root / "build" / f"{book.slug}-pairing.html"
    click.echo(f"pairing review: {write_review(book, report.warnings, target)}")
    click.echo("no errors")


def main() -> None:
    """Entry point of the ``bookforge`` script."""
    cli(prog_name="bookforge")
