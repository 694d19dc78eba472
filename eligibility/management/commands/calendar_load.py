from django.core.management.base import BaseCommand, CommandError

from eligibility.holidays import calendar_load, library_years


class Command(BaseCommand):
    help = (
        "Load the public holidays and 调休 working days of the chinese-calendar library into the calendar "
        "(all the years it knows, or --year). Idempotent; days an admin entered or changed are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", dest="years", metavar="YEAR")

    def handle(self, *args, years=None, **options):
        known = library_years()
        unknown = sorted(set(years or ()) - set(known))
        if unknown:
            raise CommandError(
                f"the library does not know {', '.join(map(str, unknown))} (it knows {known[0]}–{known[-1]}); "
                "upgrade chinesecalendar, or enter the days in the admin"
            )
        result = calendar_load(years=set(years) if years else None)
        self.stdout.write(
            f"years {', '.join(map(str, sorted(years))) if years else f'{known[0]}–{known[-1]}'}: "
            f"{result.created} added, {result.updated} updated, {result.deleted} removed, "
            f"{result.kept_admin} kept as an admin entered them"
        )
