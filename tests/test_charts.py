"""The year chart's geometry (meetings/charts.py) and the wording of spans of years."""

from django.template import Context, Template

from meetings.charts import year_chart


def render(source: str, **context) -> str:
    return Template("{% load parley %}" + source).render(Context(context))


def test_years_without_meetings_get_zero_bars_between_the_others():
    chart = year_chart([{"year": 2019, "count": 2}, {"year": 2022, "count": 4}])
    assert [(bar.year, bar.count) for bar in chart.bars] == [
        (2019, 2),
        (2020, 0),
        (2021, 0),
        (2022, 4),
    ]
    assert (chart.first, chart.last, chart.total) == (2019, 2022, 6)
    tallest, empty, half = chart.bars[3], chart.bars[1], chart.bars[0]
    assert tallest.height == 100 and empty.height == 0 and half.height == 50
    # Bars stand on the baseline, side by side, and the chart is as wide as they are.
    assert all(bar.y + bar.height == chart.baseline for bar in chart.bars)
    assert [bar.x for bar in chart.bars] == [10, 48, 86, 124]
    assert chart.width == 162 and chart.height == chart.baseline + 20


def test_no_rows_draw_no_chart():
    chart = year_chart([])
    assert chart.bars == [] and chart.total == 0
    assert render("{% include 'meetings/includes/year_chart.html' %}", chart=chart).strip() == ""


def test_a_span_of_one_year_is_written_as_that_year():
    assert render("{% during_years 2022 2022 %}") == "in 2022"
    assert render("{% during_years 2019 2022 %}") == "from 2019 to 2022"
    assert render("{% year_span 2022 2022 %}") == "2022"
    assert render("{% year_span 2019 2022 %}") == "2019–2022"
