"""``drafter import``: a delivered statement (Word, text or Markdown) turned back into an answers file.

``reader`` reads the file into typed paragraphs, ``language`` tells English from French, ``patterns``
turns the phrase bank's sentences into patterns that find them and the facts inside them, ``recognise``
finds the frame (heading block, salutations, alignment, thanks, closing) and picks a template,
``answers`` builds the answers and checks they render back to the same text.
"""
