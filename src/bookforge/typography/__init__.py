"""Chinese typography, each part where its stage needs it: ``rules`` (text normalisation
and markup, applied as the manuscript loads), ``fonts`` (font stacks per language and the
CSS that sends Latin runs to the Latin face), ``justify`` (inter-character justification
and line-start trimming inside WeasyPrint) and ``name_breaks`` (where camel-case names may
break in the PDF)."""
