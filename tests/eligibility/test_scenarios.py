"""The scenario suites under eligibility/scenarios/, through both doors of the contract."""

import json
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder

from eligibility.scenarios import check, load_file, run, scenario_files

pytestmark = pytest.mark.django_db

SUITES = Path(__file__).resolve().parents[2] / "eligibility" / "scenarios"
CITIES = ["qujing", "lincang", "dehong", "chenzhou", "jilin"]


def all_scenarios():
    return [s for path in scenario_files([str(SUITES)]) for s in load_file(path)]


def test_there_is_a_suite_per_city_and_at_least_150_scenarios():
    assert sorted(p.stem for p in SUITES.glob("*.yaml")) == sorted(CITIES)
    assert len(all_scenarios()) >= 150


def test_every_scenario_passes_through_the_command(capsys):
    call_command("eligibility_scenarios", str(SUITES))
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last == f"{len(all_scenarios())} passed, 0 failed"


def test_every_scenario_gives_the_same_answer_through_the_http_api(client, monkeypatch):
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"eligibility": "100000/min"})
    cache.clear()

    def over_http(facts):
        response = client.post(
            "/api/v1/eligibility/evaluate",
            data=json.dumps(facts, cls=DjangoJSONEncoder),
            content_type="application/json",
        )
        return response.status_code, response.json()

    failures = [(s.name, problems) for s, problems in run(all_scenarios(), evaluate=over_http) if problems]
    assert failures == []


def test_the_command_reports_each_failure_and_exits_non_zero(tmp_path, capsys):
    (tmp_path / "bad.yaml").write_text(
        "- name: wrong on purpose\n"
        "  input: {city: jilin, zone: central_urban, as_of: 2026-11-22, pathway: residence,\n"
        "          applicant: {housing: {kind: none}}}\n"
        "  expect: {residence: eligible}\n"
        "- name: unknown fact\n"
        "  input: {city: jilin, colour: red}\n"
        "  expect: {residence: eligible}\n"
        "- name: unknown scenario field\n"
        "  input: {city: jilin}\n"
        "  expect: {residence: eligible}\n"
        "  colour: red\n"
        "- name: passes\n"
        "  input: {city: dehong, as_of: 2016-06-01}\n"
        "  expect: {error: no_rules_in_force}\n",
        encoding="utf-8",
    )
    (tmp_path / "broken.yaml").write_text("- name: [unclosed\n", encoding="utf-8")
    (tmp_path / "impossible.yaml").write_text("- {name: x, input: {city: jilin, as_of: 2026-02-30}, expect: {}}\n")
    with pytest.raises(SystemExit) as exit_info:
        call_command("eligibility_scenarios", str(tmp_path))
    assert exit_info.value.code == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1] == "1 passed, 5 failed"
    text = "\n".join(lines)
    assert "wrong on purpose: residence: expected eligible, got not_eligible (not met: 在当地无合法稳定住所)" in text
    assert "unknown fact: the input was refused: colour: 未知字段。" in text
    assert "unknown scenario field(s): colour" in text
    assert "broken.yaml: (file): cannot read the file" in text
    assert "impossible.yaml: (file): cannot read the file: day is out of range for month" in text
    assert "Traceback" not in text


def test_expectations_name_only_known_verdicts():
    from eligibility.scenarios import _scenario

    scenario = _scenario("x.yaml", 1, {"name": "n", "input": {"city": "jilin"}, "expect": {"residence": "maybe"}})
    assert scenario.problems == ["residence: expected one of eligible, not_available, not_eligible, not 'maybe'"]
    assert (
        check(_scenario("x.yaml", 1, {"name": "n", "input": {}, "expect": {"error": "no_rules_in_force"}}), 422, {})
        == []
    )
