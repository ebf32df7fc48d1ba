"""The period selector every analysts' page shares: preset links, then a menu of years
(a plain GET form, so it works without JavaScript), keeping the page's other filters."""

from urllib.parse import urlencode

from django.http import HttpRequest

from tracker import dashboard, periods


def selector(request: HttpRequest, span: periods.Period, keep=()) -> dict:
    """What templates/_period_selector.html draws: `keep` names the query fields
    (districts, sort …) that a change of period carries along."""
    kept = {key: request.GET[key] for key in keep if request.GET.get(key)}
    choices = dashboard.period_choices()
    return {
        "current": span,
        "presets": [
            {
                "key": key,
                "label": label,
                "url": "?" + urlencode({**kept, "period": key}),
                "is_current": key == span.key,
            }
            for key, label in choices
            if key in periods.PERIODS
        ],
        "years": [(key, label) for key, label in choices if key not in periods.PERIODS],
        "kept": kept,
    }
