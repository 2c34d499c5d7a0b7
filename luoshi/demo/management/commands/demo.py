"""`luoshi demo`: set up a database with the demo world, print the sign-in details, serve."""

import logging
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from luoshi.accounts.models import Role
from luoshi.core.models import Region
from luoshi.demo import dataset
from luoshi.demo.appeals_data import load_appeals
from luoshi.demo.cycle import load_cycle
from luoshi.demo.engagement_data import load_engagement
from luoshi.demo.implementation_data import load_implementation
from luoshi.demo.services import demo_load
from luoshi.demo.study_tour_data import load_study_tours
from luoshi.indicators.services import catalogue_load


class Command(BaseCommand):
    help = "Migrate, load the gazetteer and the demo county, print sign-in details, then serve."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-serve", action="store_true", help="set up only, do not serve")
        # No default here: `serve` has the one default (LUOSHI_BIND, else 127.0.0.1:8000).
        parser.add_argument("--bind", help="address:port (default: LUOSHI_BIND or 127.0.0.1:8000)")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if not Region.objects.filter(source="gazetteer").exists():
            self.stdout.write("Loading the national gazetteer (行政区划)…")
            call_command("load_regions", stdout=self.stdout)
        # Hundreds of "created" lines would bury the sign-in details; the log table keeps them.
        logging.getLogger("luoshi.actions").setLevel(logging.WARNING)
        result = demo_load()
        self.stdout.write(
            f"Demo world: {result.regions_created} regions and {result.units_created} units added."
        )
        catalogue_load()
        cycle = load_cycle()
        self.stdout.write(
            f"Demo cycle: {cycle['reports']} reports, {cycle['targets']} targets, "
            f"{cycle['observations']} monthly and yearly figures added."
        )
        engagement = load_engagement()
        self.stdout.write(
            f"Demo consultation: {engagement['meetings']} meetings, "
            f"{engagement['opinions']} opinions added."
        )
        implementation = load_implementation()
        self.stdout.write(
            f"Demo implementation: {implementation['tasks']} tasks, "
            f"{implementation['reports']} progress reports, "
            f"{implementation['notices']} notices, {implementation['projects']} key projects, "
            f"{implementation['investments']} monthly investment figures added."
        )
        appeals = load_appeals()
        self.stdout.write(f"Demo appeals: {appeals['appeals']} appeals added.")
        tours = load_study_tours()
        self.stdout.write(
            f"Demo study tour: {tours['items']} cooperation items, "
            f"{tours['suggestions']} deputies' suggestions in handling added."
        )
        self._print_credentials(result)
        if not options["no_serve"]:
            call_command("serve", **({"bind": options["bind"]} if options["bind"] else {}))

    def _print_credentials(self, result: Any) -> None:
        line = "=" * 64
        if result.admin_password or result.demo_password:
            self.stdout.write(line)
            self.stdout.write("Sign-in details — shown this once, write them down:")
            if result.admin_password:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"  administrator   {dataset.ADMIN_USERNAME} / {result.admin_password}"
                    )
                )
            if result.demo_password:
                for spec in dataset.USERS:
                    if spec.username in result.users_created:
                        roles = ", ".join(str(Role(role).label) for _unit, role in spec.memberships)
                        self.stdout.write(f"  {spec.username:<15} {spec.full_name}（{roles}）")
                self.stdout.write(
                    self.style.SUCCESS(f"  password of the users above: {result.demo_password}")
                )
            self.stdout.write(line)
        else:
            self.stdout.write(
                "Demo users exist already; their passwords were printed when they were made. "
                "Reset one with `luoshi changepassword USERNAME`."
            )
