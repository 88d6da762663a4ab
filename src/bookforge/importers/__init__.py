"""``bookforge import``: a bilingual project from the two books people already have.

``readers`` turns each book (EPUB, DOCX, HTML, Markdown or plain text; a file or a folder)
into chapters of Markdown, with pandoc (the ``pypandoc-binary`` package) converting what is
not Markdown already; ``chapters`` pairs the chapters of the two books with the block
aligner, one chapter standing for a block; ``project`` writes the project into place once
it is complete.
"""
