"""The local search after routing moves anchors only where the drawing gets better."""

from __future__ import annotations

from typing import Any

import pytest

import metromap.engine as engine
from benchmarks.generate import generate_network
from metromap.tests.support import check, load_sample


@pytest.mark.parametrize(
    "network",
    [load_sample("demo-sisa-suomi"), generate_network(70, 8, 5, planar=False)],
    ids=["demo", "generated"],
)
def test_local_search_never_makes_the_drawing_worse(
    monkeypatch: pytest.MonkeyPatch, network: dict[str, Any]
) -> None:
    real = engine._improve_placement
    runs: list[tuple[Any, Any, bool]] = []  # (cost before, cost after, whether anchors moved)

    def measured(drawing: Any, fixed: set[str]) -> None:
        cost_before = drawing.cost(drawing.chain_list)
        blocks_before = {a: list(nodes) for a, nodes in drawing.grid.blocks.items()}
        real(drawing, fixed)
        moved = blocks_before != drawing.grid.blocks
        runs.append((cost_before, drawing.cost(drawing.chain_list), moved))

    monkeypatch.setattr(engine, "_improve_placement", measured)
    result = check(network)

    assert result.valid, result.problems
    assert runs
    assert all(after <= before for before, after, _ in runs)
    # and it does improve drawings: some anchor moved, and the cost went down
    assert any(moved and after < before for before, after, moved in runs)


def test_sparse_components_start_more_compact_than_meshed_ones() -> None:
    tree_first, tree_inner = engine._hops(anchors=20, chain_count=19)
    mesh_first, mesh_inner = engine._hops(anchors=20, chain_count=45)
    assert tree_inner < mesh_inner
    assert tree_first <= mesh_first
