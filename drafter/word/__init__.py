"""The Word reading copy's parts, each with one job: the house style (``house``), the lists (``numbering``),
the page numbers (``footers``). Only ``drafter.word.writer`` uses them."""
