"""The sandbox's demo datasets, one module each, built by `builder.seed`.

- `es` (default; alias `spanish`): "Daniel Demo S.L.", Madrid, EUR, Spanish;
- `en` (alias `english`): "Summit Ridge Technologies, Inc.", Boston, USD, English.

`resolve(name)` turns a name or alias into the dataset's name (ValueError with the list of
names otherwise); `load(name)` imports its module and returns its `Dataset`.
"""

from __future__ import annotations

import importlib
from datetime import date

from daniel.resources.odoo.datasets.builder import Create, seed
from daniel.resources.odoo.datasets.model import Dataset

DEFAULT = "es"
NAMES = ("es", "en")
ALIASES = {"spanish": "es", "español": "es", "espanol": "es", "english": "en"}

__all__ = ["ALIASES", "DEFAULT", "NAMES", "Create", "Dataset", "load", "resolve", "seed_dataset"]


def resolve(name: str) -> str:
    """ "English" -> "en"; raises ValueError naming the choices for an unknown name."""
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    if key not in NAMES:
        choices = ", ".join([*NAMES, *ALIASES])
        raise ValueError(f"unknown sandbox dataset {name!r} (choose one of: {choices})")
    return key


def load(name: str) -> Dataset:
    module = importlib.import_module(f"daniel.resources.odoo.datasets.{resolve(name)}")
    dataset: Dataset = module.DATASET
    return dataset


def seed_dataset(name: str, create: Create, today: date) -> None:
    """Create the records of dataset `name` through `create(model, vals, xmlid=None)`."""
    seed(load(name), create, today)
