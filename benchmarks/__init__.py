"""Build-speed benchmarks: `invoke bench` (see docs/maintaining.md, "Build performance")."""
