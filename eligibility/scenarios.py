"""Scenario files: the rule writers' test format (shared/contracts/eligibility.md).

A file is a YAML list of scenarios, each ``{name, input, expect}``. ``expect`` names pathways
with ``eligible | not_eligible | not_available``, optionally ``relatives: {pathway: [...]}`` and
``missing: {pathway: [...]}``, or ``error: no_rules_in_force | invalid_facts``. Expectations are
checked against the answer as JSON, so the same check serves both doors (engine and HTTP).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .constants import Pathway
from .facts import FactsError, flatten_errors, parse_facts
from .services import NoRulesInForce, eligibility_evaluate

SCENARIO_KEYS = {"name", "input", "expect", "note"}
VERDICTS = {"eligible", "not_eligible", "not_available"}
ERRORS = {"no_rules_in_force", "invalid_facts"}
EXPECT_KEYS = set(Pathway.values) | {"relatives", "missing", "error"}


@dataclass
class Scenario:
    source: str
    name: str
    input: object = None
    expect: object = None
    problems: list[str] = field(default_factory=list)


def scenario_files(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        files.extend(sorted(path.rglob("*.y*ml")) if path.is_dir() else [path])
    return files


def load_file(path: Path) -> Iterator[Scenario]:
    """The file's scenarios; a file that cannot be read yields one failed scenario saying why."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError) as error:
        yield Scenario(str(path), "(file)", problems=[f"cannot read the file: {_one_line(error)}"])
        return
    if not isinstance(data, list):
        yield Scenario(str(path), "(file)", problems=["a scenario file is a YAML list of scenarios"])
        return
    for position, item in enumerate(data, start=1):
        yield _scenario(str(path), position, item)


def _scenario(source: str, position: int, item) -> Scenario:
    if not isinstance(item, dict):
        return Scenario(source, f"#{position}", problems=["a scenario is a mapping with name, input and expect"])
    scenario = Scenario(source, str(item.get("name") or f"#{position}"), item.get("input"), item.get("expect"))
    unknown = sorted(set(item) - SCENARIO_KEYS)
    if unknown:
        scenario.problems.append(f"unknown scenario field(s): {', '.join(map(str, unknown))}")
    for key in ("name", "input", "expect"):
        if key not in item:
            scenario.problems.append(f"missing '{key}'")
    if isinstance(scenario.expect, dict):
        scenario.problems.extend(_expectation_problems(scenario.expect))
    elif "expect" in item:
        scenario.problems.append("'expect' must be a mapping")
    return scenario


def _expectation_problems(expect: dict) -> list[str]:
    problems = [f"unknown expect field: {key}" for key in sorted(set(expect) - EXPECT_KEYS, key=str)]
    for pathway in set(expect) & set(Pathway.values):
        if expect[pathway] not in VERDICTS:
            problems.append(f"{pathway}: expected one of {', '.join(sorted(VERDICTS))}, not {expect[pathway]!r}")
    if "error" in expect and expect["error"] not in ERRORS:
        problems.append(f"error: expected one of {', '.join(sorted(ERRORS))}, not {expect['error']!r}")
    for key in ("relatives", "missing"):
        if key in expect and not isinstance(expect[key], dict):
            problems.append(f"{key}: expected a mapping of pathway to a list")
    return problems


def evaluate_in_process(facts_input) -> tuple[int, dict]:
    """The engine door, answering as the HTTP door would: (status, body)."""
    try:
        facts = parse_facts(facts_input)
    except FactsError as error:
        return 400, {"errors": error.errors}
    try:
        return 200, eligibility_evaluate(facts=facts).as_dict()
    except NoRulesInForce:
        return 422, {"error": "no_rules_in_force"}


def check(scenario: Scenario, status: int, body: dict) -> list[str]:
    """What differs between the scenario's expectations and an answer."""
    expect = scenario.expect
    if "error" in expect:
        wanted = {"no_rules_in_force": 422, "invalid_facts": 400}[expect["error"]]
        return [] if status == wanted else [f"expected error {expect['error']}, got HTTP {status}"]
    if status == 400:
        refused = "; ".join(f"{path}: {message}" for path, message in flatten_errors(body.get("errors")))
        return [f"the input was refused: {refused}"]
    if status != 200:
        return [f"expected an answer, got {body.get('error', status)}"]
    results = {r["pathway"]: r for r in body["results"]}
    problems = []
    for pathway in [p for p in Pathway.values if p in expect]:
        result = results.get(pathway)
        if result is None:
            problems.append(f"{pathway}: not evaluated (the input names pathway {scenario.input.get('pathway')})")
            continue
        got = verdict_of(result)
        if got != expect[pathway]:
            problems.append(f"{pathway}: expected {expect[pathway]}, got {got}{_why(result)}")
    for pathway, wanted in (expect.get("relatives") or {}).items():
        got = [
            ("eligible" if r["eligible"] else "not_eligible") for r in (results.get(pathway) or {}).get("relatives", [])
        ]
        if got != list(wanted):
            problems.append(f"relatives on {pathway}: expected {list(wanted)}, got {got}")
    for pathway, wanted in (expect.get("missing") or {}).items():
        got = (results.get(pathway) or {}).get("missing", [])
        if sorted(got) != sorted(wanted):
            problems.append(f"missing on {pathway}: expected {sorted(wanted)}, got {sorted(got)}")
    return problems


def verdict_of(result: dict) -> str:
    if not result["available"]:
        return "not_available"
    return "eligible" if result["eligible"] else "not_eligible"


def _why(result: dict) -> str:
    failed = [c["detail"] for c in result["conditions"] if c["met"] is False]
    if failed:
        return f" (not met: {'; '.join(failed)})"
    if result["missing"]:
        return f" (missing: {', '.join(result['missing'])})"
    return ""


def _one_line(value) -> str:
    return " ".join(str(value).split())


def run(scenarios: list[Scenario], evaluate=evaluate_in_process) -> list[tuple[Scenario, list[str]]]:
    outcomes = []
    for scenario in scenarios:
        problems = scenario.problems or check(scenario, *evaluate(scenario.input))
        outcomes.append((scenario, problems))
    return outcomes
