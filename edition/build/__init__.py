"""The build: one document at a time in workers, the render cache, the staging folder and its swap."""
