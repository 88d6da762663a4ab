"""The align stage: the blocks of a chapter's two sides paired.

``pairing`` applies the author's markers and hands the rest to ``aligner`` (the dynamic
programme over beads), which reads each block through ``features`` (characters, kinds,
tokens), computes its costs over the diagonal ``band``, and, for English against Chinese,
reads words through ``lexicon`` (CC-CEDICT), against German, French or Japanese through
``freedict`` (Debian's FreeDict dictionaries). Importing this package loads nothing heavy:
numpy and the dictionaries come with ``aligner``.
"""
