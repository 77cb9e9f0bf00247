"""Test support for interpreters: a situation with a child, and interpreters of the register."""

from datetime import date

from maillage.cases.services import PersonDetails
from maillage.directory.models import AgencyKind
from maillage.factories import AgencyFactory, open_case
from maillage.interpreters.models import Interpreter, InterpreterKind


def situation(viewer, *, victim_languages="tr, fr"):  # type: ignore[no-untyped-def]
    """Sofia Martin (speaks Turkish and French), Karim Benali, and their daughter Lina Benali."""
    return open_case(
        viewer,
        victim=PersonDetails("Sofia", "Martin", birth_date=date(1997, 3, 14), languages=victim_languages),
        children=(PersonDetails("Lina", "Benali", birth_date=date(2014, 5, 2)),),
    )


def interpreter(**values):  # type: ignore[no-untyped-def]
    values.setdefault("full_name", "Aylin Demir")
    values.setdefault("kind", InterpreterKind.INTERPRETER)
    values.setdefault("languages", "tr,fr")
    if "agency" not in values:
        values["agency"] = AgencyFactory(kind=AgencyKind.INTERPRETER_SERVICE)
    return Interpreter.objects.create(**values)
