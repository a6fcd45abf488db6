"""Network analysis of the graph: projections, metrics, pictures (filled in below)."""
