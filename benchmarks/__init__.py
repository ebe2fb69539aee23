"""Build-speed benchmarks: `invoke bench` (see README, "Build performance")."""
