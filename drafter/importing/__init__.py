"""``drafter import``: a delivered statement (Word, text or Markdown) turned back into an answers file.

``reader`` reads the file (``plaintext`` tells its text layout) into typed paragraphs (``source``);
``front`` finds the heading block, ``heading`` reads its lines; ``language`` tells English from French;
``kinds`` recognises the kind of statement from what it does; ``stated`` (with ``names`` and
``addresses``) reads the facts it states; ``patterns`` turns the phrase bank's sentences into patterns
and ``recognise`` finds the frame where the template's ``shapes`` put it; ``answers`` (with ``freeform``)
builds the answers and ``check`` compares their rendering with the statement; ``report`` says what was
done; ``reuse`` makes a statement the next draft (``drafter new --from``).
"""
