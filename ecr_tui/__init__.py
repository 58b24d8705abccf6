"""ecr-tui: the permissions of Amazon ECR repositories, in the terminal."""

__version__ = "0.1.0"
