"""A floor under detection on the blind generators' worlds (``benchmarks/worlds/blind.py`` and ``blind2.py``).

The blind generators were written from ``docs/typologies.md`` alone; ``python -m benchmarks.detection``
measures them over five seeds each at 20,000 parcels. Here one small world of each (5,000 parcels, seed 900,
used by no other measurement) runs the whole path as ``graphintel score`` does, so that a change which
breaks detection on data this project's own generator did not write fails ``make test``.
"""

from __future__ import annotations

import pytest

from benchmarks.detection import make_world, measure, score_world

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=["blind", "blind2"])
def figures(request, tmp_path_factory):
    root = tmp_path_factory.mktemp(f"{request.param}-900")
    make_world(request.param, 900, 5_000, root / "world")
    result = score_world(root / "world", root / "home")
    return measure(result, root / "world")


def test_consignment_auc_on_the_blind_world_stays_above_its_floor(figures):
    assert figures["auc"] >= 0.90, figures


def test_precision_at_5_percent_stays_near_its_ceiling(figures):
    assert figures["p5_of_ceiling"] >= 0.75, figures


def test_no_scheme_falls_below_its_floor(figures):
    low = {name: v["auc"] for name, v in figures["schemes"].items() if v.get("auc") is not None and v["auc"] < 0.80}
    assert not low, low


@pytest.mark.parametrize(
    ("sizes", "budget", "most"),
    [([10, 4, 6], 5, 2), ([10, 4, 6], 10, 3), ([10, 4, 6], 1, 0), ([3, 0], 100, 1), ([], 10, 0)],
)
def test_the_ring_ceiling_counts_the_rings_half_of_whose_parcels_fit_in_the_budget(sizes, budget, most):
    from benchmarks.detection import rings_ceiling

    assert rings_ceiling(sizes, budget) == most
