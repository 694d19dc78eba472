from django.core.management.base import BaseCommand, CommandError

from eligibility.scenarios import load_file, run, scenario_files


class Command(BaseCommand):
    help = "Run eligibility scenario files (YAML) through the engine; exit 1 if any fails."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")

    def handle(self, *args, paths, **options):
        files = scenario_files(paths)
        if not files:
            raise CommandError("no scenario files found")
        scenarios = [scenario for path in files for scenario in load_file(path)]
        outcomes = run(scenarios)
        failed = 0
        for scenario, problems in outcomes:
            if problems:
                failed += 1
                self.stdout.write(f"FAIL {scenario.source}: {scenario.name}: {'; '.join(problems)}")
        self.stdout.write(f"{len(outcomes) - failed} passed, {failed} failed")
        if failed:
            raise SystemExit(1)
