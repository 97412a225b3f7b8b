"""Rendering a template with its answers in the sandbox: the phrase bank, the frame, free text."""
