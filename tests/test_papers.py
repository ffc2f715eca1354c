"""Paper names and sizes are declared once (generator/papers.py) and every stage uses that one list."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.papers import CARD_PAPERS, PAPERS, PRODUCT_PAPERS, SHEET_PAPERS, label
from generator.publish.site import _paper


@pytest.mark.parametrize(
    ("points", "name"),
    # Page sizes as WeasyPrint writes them into the MediaBox of a card, a guide and the sheets.
    [((297.64, 419.53), "A6"), ((419.53, 595.28), "A5"), ((595.28, 841.89), "A4"), ((612, 792), "Letter")],
)
def test_the_index_page_names_each_paper(points, name):
    assert _paper(*points) == name
    assert _paper(*reversed(points)) == f"{name} landscape"
    assert _paper(points[0] + 10, points[1]) is None


def test_every_paper_is_offered_where_it_is_chosen():
    assert set(SHEET_PAPERS) <= set(PAPERS) and set(PRODUCT_PAPERS) < set(CARD_PAPERS)
    help_text = CliRunner().invoke(main, ["card", "--help"]).output
    assert "[a6|a4|letter|a5|press]" in help_text  # the choices of `guide card --paper`
    assert [label(paper) for paper in PAPERS] == ["A6", "A5", "A4", "Letter"]
