"""Where drafter finds its built-in templates and keeps the user's own files."""

from __future__ import annotations

from pathlib import Path

APP_NAME = "drafter"


def builtin_templates() -> Path:
    """The templates shipped with drafter (inside the package once installed)."""
    installed = Path(__file__).parent / "templates"
    return installed if installed.is_dir() else Path(__file__).parent.parent / "templates"


def builtin_examples() -> Path:
    """The ready-to-run answers files shipped with drafter (each built-in template's example among them)."""
    installed = Path(__file__).parent / "examples"
    return installed if installed.is_dir() else Path(__file__).parent.parent / "examples"


def user_templates() -> Path:
    """The user's own template folder, in the platform's user-data folder."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "templates"


def user_house_style() -> Path:
    """The folder of the user's house style (``reference.docx``, ``reference.<lang>.docx``): every template's."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "house"


def user_config() -> Path:
    """The user's configuration folder (profile), in the platform's user-config folder."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def user_state() -> Path:
    """Where unfinished interviews are kept, in the platform's user-state folder."""
    from platformdirs import user_state_path

    return user_state_path(APP_NAME, appauthor=False)
