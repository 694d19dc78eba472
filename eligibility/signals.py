"""What the rule engine tells the layers above it, without knowing them.

`rule_set_published` is sent by `services.rule_set_publish` — the one way a version is published —
inside its transaction; receivers that queue work do it on commit. The applications app listens to
judge again the open cases the new version governs (applications/apps.py).
"""

from django.dispatch import Signal

rule_set_published = Signal()  # sender=RuleSet, rule_set=…, actor=the user who published
