"""Benchmarks: rerunnable, each printing absolute figures and ratios against a baseline measured in
the same run (see bench/README.md). Never timed assertions in tests."""
