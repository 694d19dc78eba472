"""Public pages of the rule engine: the applicant's self-check, the five-city comparison and the
办事指南 (service guide) of each city's pathways."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from registers.constants import City

from .comparison import cell, missing_facts
from .constants import Pathway
from .engine import PATHWAY_ORDER
from .facts import FactsError, flatten_errors, parse_facts
from .forms import ChooseForm, CompareForm, FactsForm, RelativeFormSet, extra_given, prefill
from .guide import guide_index, rule_set_in_force, service_guide
from .pathways import PATHWAYS
from .services import NoRulesInForce, eligibility_evaluate


def self_check(request):
    """Choose a city, then one of its pathways; answer the facts that pathway reads; the verdict
    comes first, above the answers, with each condition and its clause."""
    choose = ChooseForm(request.GET or None)
    if not choose.is_valid() or not choose.cleaned_data["pathway"]:
        return render(request, "eligibility/self_check.html", {"choose": choose})
    city, pathway = choose.cleaned_data["city"], choose.cleaned_data["pathway"]
    form = FactsForm(request.POST or None, pathway=pathway, initial=prefill(request.GET, pathway))
    takes_relatives = PATHWAYS[pathway].takes_relatives
    relatives = RelativeFormSet(request.POST or None, prefix="relatives") if takes_relatives else None
    context = {
        "choose": choose,
        "form": form,
        "relatives": relatives,
        "city": city,
        "pathway": pathway,
        "pathway_label": Pathway(pathway).label,
        "city_label": City(city).label,
    }
    if request.method == "POST" and form.is_valid() and (relatives is None or relatives.is_valid()):
        facts = form.facts(city=city, pathway=pathway)
        if relatives is not None:
            facts["relatives"] = [r for r in (f.relative() for f in relatives.forms) if r]
        context.update(_evaluate(facts))
        if "result" in context:
            # Remembered so that "apply with these answers" can prefill the application.
            request.session["self_check"] = {"city": city, "pathway": pathway, "applicant": facts.get("applicant", {})}
    return render(request, "eligibility/self_check.html", context)


def _evaluate(data: dict) -> dict:
    try:
        evaluation = eligibility_evaluate(facts=parse_facts(data))
    except FactsError as error:
        return {"errors": flatten_errors(error.errors)}
    except NoRulesInForce:
        return {"no_rules": True}
    result = evaluation.results[0]
    return {"evaluation": evaluation, "result": result}


def compare(request):
    """Which pathways are open to me in each of the five cities, on the same few facts; each cell
    says why in one line, and the facts that still decide some cell are asked under the table."""
    form = CompareForm(request.GET or None, extra=extra_given(request.GET))
    table, ask = None, form
    if request.GET and form.is_valid():
        facts = {city.value: form.facts(city.value) for city in City}
        answers = {city: eligibility_evaluate(facts=parse_facts(f)) for city, f in facts.items()}
        table = [
            (Pathway(p).label, [cell(city, facts[city], answers[city].result(p)) for city in facts])
            for p in PATHWAY_ORDER
        ]
        missing = missing_facts(r for a in answers.values() for r in a.results)
        ask = CompareForm(request.GET, extra=[*form.extra, *missing], ask=missing, auto_id="ask_%s")
    context = {"form": form, "ask": ask, "table": table, "cities": City.choices}
    return render(request, "eligibility/compare.html", context)


def guide_list(request):
    """办事指南: every city with every pathway its rules in force have (and why not the others)."""
    rows = guide_index(as_of=timezone.localdate())
    return render(request, "eligibility/guide_index.html", {"rows": rows})


def guide(request, city: str, pathway: str):
    """One city's 办事指南 for one pathway, read from the rule set in force today."""
    if city not in City.values or pathway not in Pathway.values:
        raise Http404
    try:
        rule_set = rule_set_in_force(city=city, as_of=timezone.localdate())
    except NoRulesInForce:
        raise Http404 from None
    return render(request, "eligibility/guide.html", {"guide": service_guide(rule_set=rule_set, pathway=pathway)})
