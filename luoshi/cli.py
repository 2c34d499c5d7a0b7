"""The `luoshi` console script.

`luoshi extract …` reads documents without touching Django; everything else is a Django
management command (`luoshi serve`, `luoshi worker`, `luoshi demo`, `luoshi migrate`, …),
run after the configuration and the database have been checked so that a wrong
DATABASE_URL ends in one sentence instead of a traceback.
"""

from __future__ import annotations

import os
import sys

# Commands that never open the database: they must work before it exists.
COMMANDS_WITHOUT_DATABASE = {
    "help",
    "--help",
    "-h",
    "version",
    "--version",
    "check",
    "collectstatic",
    "compilemessages",
    "makemessages",
    "makemigrations",
    "diffsettings",
    "sendtestemail",
    "startapp",
}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "extract":
        from luoshi.extraction_cli import main as extract_main

        return extract_main(args[1:])
    if args and args[0] == "manage":
        args = args[1:]
    return run_django_command(args)


def run_django_command(args: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        print(f"luoshi: {error}", file=sys.stderr)
        return 1
    command = args[0] if args else "help"
    if command not in COMMANDS_WITHOUT_DATABASE:
        problem = database_problem()
        if problem:
            print(f"luoshi: {problem}", file=sys.stderr)
            return 1
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["luoshi", *args])
    except KeyboardInterrupt:
        return 130
    return 0


def database_problem() -> str | None:
    """One sentence saying why the database cannot be used, or None when it can."""
    from django.db import DatabaseError, connection

    from config.environment import SUPPORTED_DATABASE_ENGINES

    try:
        connection.ensure_connection()
    except DatabaseError as error:
        settings = connection.settings_dict
        kind = SUPPORTED_DATABASE_ENGINES.get(settings["ENGINE"], settings["ENGINE"])
        where = settings.get("NAME")
        if settings.get("HOST"):
            where = f"{settings['HOST']}:{settings.get('PORT') or 'default port'}/{where}"
        reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
        return f"cannot use the {kind} database {where}: {reason} — check DATABASE_URL."
    return None


if __name__ == "__main__":
    raise SystemExit(main())
