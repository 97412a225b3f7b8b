"""The statement as a document: blocks, the speaking time, the text copies, a comparison."""
