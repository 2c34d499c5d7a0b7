"""The `luoshi` console script.

`luoshi extract …` reads documents without touching Django; everything else is a Django
management command (`luoshi serve`, `luoshi worker`, `luoshi demo`, `luoshi migrate`, …),
run after the configuration and the database have been checked so that a wrong
DATABASE_URL ends in one sentence instead of a traceback.

`luoshi`, `luoshi help` and `luoshi --help` list `extract` and every Luoshi command with one
line each, then Django's and the installed apps' commands by name; `luoshi help COMMAND` (or
`luoshi COMMAND --help`) gives a command's options.
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


HELP_WORDS = {"help", "--help", "-h"}

# One line for each of Luoshi's own commands (a command missing here is listed with the first
# sentence of its own help text).
SUMMARIES = {
    "extract": "read documents into luoshi.extraction/1 JSON (no database needed)",
    "serve": "serve Luoshi (gunicorn + whitenoise) with a background worker beside it",
    "worker": "run background tasks (database queue, or Redis when REDIS_URL is set)",
    "demo": "migrate, load the gazetteer and the demo county, print sign-in details, serve",
    "load_regions": "load or refresh the national gazetteer (provinces, cities, counties)",
    "evaluate": "the daily job: every task's status and colour, colour history kept",
    "remind": "the daily reminders: reports due or overdue, deadlines, notices",
    "backup": "write the database, uploads and secret key into one .tar.gz archive",
    "restore": "restore a `luoshi backup` archive (stop the server and workers first)",
    "verify_log": "check the action log's hash chain; exit status 1 where it broke",
    "search_rebuild": "rebuild the search index from the objects it finds",
    "import": "bring in a folder, a zip or documents: one import batch each, read by workers",
    "generate_province": "the bench's province-scale dataset (15,000 tasks, 3,000 projects)",
    "dumpdata": "Django's dumpdata, leaving out unmanaged models without a table",
}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "extract":
        from luoshi.extraction_cli import main as extract_main

        return extract_main(args[1:])
    if args and args[0] == "manage":
        args = args[1:]
    if args[:2] == ["help", "extract"]:
        from luoshi.extraction_cli import main as extract_main

        return extract_main(["--help"])
    if not args or (len(args) == 1 and args[0] in HELP_WORDS):
        return print_overview()
    return run_django_command(args)


def setup_django() -> bool:
    """Load the settings and the apps; False (with one sentence on stderr) when they are wrong."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        print(f"luoshi: {error}", file=sys.stderr)
        return False
    return True


def print_overview() -> int:
    """What `luoshi --help` prints: Luoshi's commands with one line each, then the others."""
    if not setup_django():
        return 1
    from django.core.management import get_commands, load_command_class

    ours: dict[str, str] = {"extract": SUMMARIES["extract"]}
    others: dict[str, list[str]] = {}
    for name, app in sorted(get_commands().items()):
        if app.startswith("luoshi"):
            ours[name] = SUMMARIES.get(name) or first_sentence(load_command_class(app, name).help)
        else:
            others.setdefault(app.rsplit(".", 1)[-1], []).append(name)
    width = max(len(name) for name in ours) + 2
    lines = [
        "usage: luoshi COMMAND [OPTIONS]",
        "       luoshi help COMMAND (or luoshi COMMAND --help) for a command's options",
        "",
        "Luoshi commands:",
        *(f"  {name:<{width}}{summary}" for name, summary in ours.items()),
        "",
        "Django's and the installed apps' commands (luoshi help COMMAND for each):",
        *(f"  [{app}] {', '.join(names)}" for app, names in sorted(others.items())),
        "",
        "Settings come from the environment (DATABASE_URL, LUOSHI_VAR_DIR, …): see README.md.",
    ]
    print("\n".join(lines))
    return 0


def first_sentence(text: str) -> str:
    """A help text's first sentence on one line, without its final full stop."""
    words = " ".join(text.split())
    return words.split(". ")[0].rstrip(".")


def run_django_command(args: list[str]) -> int:
    if not setup_django():
        return 1
    command = args[0]
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
