"""Benchmark of the eligibility engine, in-process on one core (`make bench-eligibility`).

Prints evaluations per second for: one pathway with full explanation, all pathways with full
explanation, one pathway in batch mode — over varied generated facts from all five cities — and,
on one set of Jilin urban facts, batch mode against the same rule written in JSON Logic (the
rule format Open Forms uses; package json-logic-qubit), whose verdicts are checked to agree.
"""

import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.pop("REDIS_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hukou_portal.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from json_logic import jsonLogic  # noqa: E402

from eligibility.dates import months_between  # noqa: E402
from eligibility.engine import evaluate, evaluate_pathway  # noqa: E402
from eligibility.facts import Applicant, Facts, Housing, Insurance, Relative  # noqa: E402
from eligibility.selectors import rulebook_in_force  # noqa: E402

AS_OF = datetime.date(2026, 11, 22)
CITIES = ["qujing", "lincang", "dehong", "chenzhou", "jilin"]
ZONES = ["central_urban", "county_town", "designated_town", "township", "industrial_park", "rural"]
N = 4000
REPEAT = 3

JILIN_URBAN_RESIDENCE = {
    "and": [
        {
            "or": [
                {"==": [{"var": "housing.kind"}, "owned"]},
                {"and": [{"==": [{"var": "housing.kind"}, "rented"]}, {">=": [{"var": "housing.lease_months"}, 24]}]},
            ]
        },
        {"==": [{"var": "employment.stable"}, True]},
        {">=": [{"var": "insurance.pension"}, 12]},
        {">=": [{"var": "insurance.medical"}, 12]},
        {">=": [{"var": "insurance.unemployment"}, 12]},
    ]
}


def generated_facts(rng: random.Random, *, city=None, zone=None, complete=False) -> Facts:
    def maybe(value):
        return value if complete or rng.random() < 0.85 else None

    kind = rng.choice(["owned", "rented", "rented", "none"])
    housing = Housing(
        kind=maybe(kind),
        lease_registered=maybe(rng.random() < 0.7),
        lease_since=maybe(AS_OF - datetime.timedelta(days=rng.randint(0, 1500))),
        owner_consent=maybe(rng.random() < 0.8),
        area_m2=maybe(rng.randint(20, 200)),
        occupants=maybe(rng.randint(1, 6)),
    )
    insurance = Insurance(*(maybe(rng.randint(0, 30)) for _ in range(3)))
    applicant = Applicant(
        birth_date=maybe(datetime.date(rng.randint(1950, 2010), rng.randint(1, 12), rng.randint(1, 28))),
        hukou_city=maybe(rng.choice([*CITIES, "other"])),
        housing=housing,
        employment_stable=maybe(rng.random() < 0.7),
        insurance=insurance,
        residence_since=maybe(AS_OF - datetime.timedelta(days=rng.randint(0, 900))),
        studying=maybe(rng.random() < 0.1),
        talent=maybe(tuple(rng.sample(["graduate", "skilled", "honour"], rng.randint(0, 2)))),
    )
    relatives = tuple(
        Relative(
            relation=rng.choice(["spouse", "child", "parent", "grandparent", "sibling"]),
            married=rng.random() < 0.3,
            co_resident=rng.random() < 0.9,
        )
        for _ in range(rng.randint(0, 3))
    )
    return Facts(
        city=city or rng.choice(CITIES),
        as_of=AS_OF,
        zone=zone or rng.choice(ZONES),
        applicant=applicant,
        relatives=relatives,
    )


def as_jsonlogic_data(f: Facts) -> dict:
    """What a JSON Logic rule needs: plain data, the lease length worked out beforehand."""
    h, paid = f.applicant.housing, f.applicant.insurance
    return {
        "housing": {"kind": h.kind, "lease_months": months_between(h.lease_since, f.as_of)},
        "employment": {"stable": f.applicant.employment_stable},
        "insurance": {"pension": paid.pension, "medical": paid.medical, "unemployment": paid.unemployment},
    }


def per_second(label, fn, items):
    best = min(_timed(fn, items) for _ in range(REPEAT))
    rate = len(items) / best
    print(f"  {label:<46} {rate:>12,.0f} /s   ({best * 1e6 / len(items):.1f} µs each)")
    return rate


def _timed(fn, items):
    start = time.perf_counter()
    for item in items:
        fn(item)
    return time.perf_counter() - start


def main():
    call_command("migrate", verbosity=0)
    books = {city: rulebook_in_force(city=city, as_of=AS_OF) for city in CITIES}
    rng = random.Random(2026)
    varied = [(f, books[f.city]) for f in (generated_facts(rng) for _ in range(N))]
    jilin = [generated_facts(rng, city="jilin", zone="central_urban", complete=True) for _ in range(N)]
    jilin_book = books["jilin"]

    engine_verdicts = [evaluate_pathway(f, jilin_book, "residence", explain=False).eligible for f in jilin]
    logic_verdicts = [bool(jsonLogic(JILIN_URBAN_RESIDENCE, as_jsonlogic_data(f))) for f in jilin]
    assert engine_verdicts == logic_verdicts, "JSON Logic and the engine disagree on the Jilin urban rule"

    print(f"eligibility engine, {N} varied facts (5 cities, 6 zones), best of {REPEAT}, one core")
    single = per_second(
        "single pathway (residence), full explanation",
        lambda fb: evaluate_pathway(fb[0], fb[1], "residence", explain=True),
        varied,
    )
    every = per_second("all 10 pathways, full explanation", lambda fb: evaluate(fb[0], fb[1], explain=True), varied)
    batch = per_second(
        "single pathway (residence), batch mode",
        lambda fb: evaluate_pathway(fb[0], fb[1], "residence", explain=False),
        varied,
    )
    print(f"Jilin urban residence rule, {N} complete facts, {sum(engine_verdicts)} eligible (verdicts agree)")
    jilin_batch = per_second(
        "engine batch mode", lambda f: evaluate_pathway(f, jilin_book, "residence", explain=False), jilin
    )
    logic = per_second(
        "JSON Logic (json-logic-qubit)", lambda f: jsonLogic(JILIN_URBAN_RESIDENCE, as_jsonlogic_data(f)), jilin
    )
    print(f"single_pathway_evals_per_s: {single:.0f}")
    print(f"all_pathways_evals_per_s: {every:.0f}")
    print(f"batch_evals_per_s: {batch:.0f}")
    print(f"jsonlogic_evals_per_s: {logic:.0f}")
    print(f"ratio_vs_jsonlogic: {jilin_batch / logic:.2f}")


if __name__ == "__main__":
    main()
