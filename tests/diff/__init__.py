"""Tests of the diff: a package, so that module names here cannot clash with those of tests/."""
