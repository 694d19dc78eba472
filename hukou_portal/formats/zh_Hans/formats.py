"""Simplified Chinese: Django's formats (dates as 2026年11月22日), but figures grouped by
thousands with a comma (12,345), as official statistics print them; Django's zh_Hans default
groups nothing."""

DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
