"""The rule engine: each city's rule sets with dated versions and admin-edited parameters,
one function per pathway, evaluation with an explanation citing clauses, the public check API
and the scenario runner (shared/contracts/eligibility.md)."""
