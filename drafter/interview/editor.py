"""Ctrl-X Ctrl-E: a paragraph answer opened in the user's editor, only on request.

The editor is ``$VISUAL``, else ``$EDITOR``, else nano; never vi unless the user named it. When none is
found, the prompt says so and the answer stays where it is typed.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

from prompt_toolkit.application import run_in_terminal
from prompt_toolkit.document import Document
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent

FALLBACK = "nano"
NO_EDITOR = "No editor found ($VISUAL, $EDITOR, nano): go on typing here."


def find_editor() -> list[str] | None:
    """The command line of the editor to use, or None."""
    for variable in ("VISUAL", "EDITOR"):
        named = os.environ.get(variable, "").strip()
        if named:
            words = shlex.split(named)
            if words and shutil.which(words[0]):
                return words
    found = shutil.which(FALLBACK)
    return [found] if found else None


def _edit(command: list[str], text: str) -> str | None:
    """``text`` edited in ``command``; None when the editor fails."""
    with tempfile.TemporaryDirectory(prefix="drafter-") as folder:
        path = Path(folder) / "answer.txt"
        path.write_text(text, encoding="utf-8")
        if subprocess.call([*command, str(path)]) != 0:
            return None
        edited = path.read_text(encoding="utf-8")
    return edited[:-1] if edited.endswith("\n") else edited


def editor_bindings() -> KeyBindings:
    """Ctrl-X Ctrl-E for a prompt: the answer so far opened in the editor, or a word saying there is none."""
    bindings = KeyBindings()

    @bindings.add("c-x", "c-e")
    def _open(event: KeyPressEvent) -> None:
        command = find_editor()
        buffer = event.app.current_buffer
        if command is None:
            run_in_terminal(lambda: print(NO_EDITOR, flush=True))
            return

        async def edit() -> None:
            edited = await run_in_terminal(lambda: _edit(command, buffer.text), in_executor=True)
            if edited is not None:
                buffer.document = Document(edited, cursor_position=len(edited))

        event.app.create_background_task(edit())

    return bindings
