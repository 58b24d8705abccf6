"""The screens of the walk, one per module."""
