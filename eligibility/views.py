"""Public pages of the rule engine: the applicant's self-check and the five-city comparison."""

from django.shortcuts import render

from registers.constants import City

from .constants import Pathway
from .engine import PATHWAY_ORDER
from .facts import FactsError, flatten_errors, parse_facts
from .forms import ChooseForm, CompareForm, FactsForm, RelativeFormSet
from .pathways import PATHWAYS
from .services import NoRulesInForce, eligibility_evaluate


def self_check(request):
    """Choose a city and a pathway, answer the facts that pathway reads, see each condition."""
    choose = ChooseForm(request.GET or None)
    if not choose.is_valid():
        return render(request, "eligibility/self_check.html", {"choose": choose})
    city, pathway = choose.cleaned_data["city"], choose.cleaned_data["pathway"]
    form = FactsForm(request.POST or None, pathway=pathway)
    relatives = RelativeFormSet(request.POST or None, prefix="relatives") if PATHWAYS[pathway].takes_relatives else None
    context = {
        "choose": choose,
        "form": form,
        "relatives": relatives,
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
    """Which pathways are open to me in each of the five cities, on the same few facts."""
    form = CompareForm(request.GET or None)
    table = None
    if request.GET and form.is_valid():
        answers = {city.value: eligibility_evaluate(facts=parse_facts(form.facts(city.value))) for city in City}
        table = [(Pathway(p).label, [answers[city.value].result(p) for city in City]) for p in PATHWAY_ORDER]
    return render(request, "eligibility/compare.html", {"form": form, "table": table, "cities": City.choices})
