"""See the package docstring of daniel."""
