"""Importing agencies and services from a spreadsheet: every row or none.

Rows are validated first, all of them, and each problem is reported with its line and column;
only a file without a single problem is written, in one transaction. Agencies are matched on
(name, department) and services on (agency, name): a match is updated, anything else created.
Nothing is deleted, and a column absent from the file leaves that field as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from maillage.audit.models import AuditAction
from maillage.audit.services import record_event
from maillage.core.locking import StaleVersionError, save_versioned
from maillage.directory.models import (
    Agency,
    AgencyKind,
    MovePhase,
    Service,
    department_of_postcode,
    join_list,
    split_list,
)
from maillage.directory.spreadsheet import COLUMNS, COLUMNS_BY_NAME, Row, SpreadsheetError, read_table
from maillage.policy.decisions import Action
from maillage.policy.enforcement import authorize
from maillage.policy.viewer import Viewer

TRUE_WORDS = {"yes", "oui", "true", "vrai", "1", "x"}
FALSE_WORDS = {"no", "non", "false", "faux", "0", ""}
AGENCY_KEY_COLUMNS = ("agency_name", "department")
CHOICE_COLUMNS: dict[str, type[models.TextChoices]] = {"agency_kind": AgencyKind, "move_phase": MovePhase}


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    agencies_created: int = 0
    agencies_updated: int = 0
    services_created: int = 0
    services_updated: int = 0

    @property
    def imported(self) -> bool:
        return not self.errors


@dataclass
class _Planned:
    """An agency or service as the file wants it: the instance (changed, not saved) and its line."""

    instance: Agency | Service
    line: int
    fields: list[str]
    original: dict[str, object] | None  # values before the import; None for a new row
    values: dict[str, str] = field(default_factory=dict)  # the row's cells, to compare repeated agencies


def import_directory(*, viewer: Viewer, filename: str, data: bytes) -> ImportResult:
    """Validate every row of the file, then write all of them or none. Raises SpreadsheetError for a bad file."""
    authorize(viewer, Action.IMPORT_DIRECTORY)
    assert viewer.agency is not None
    table = read_table(filename, data)
    result = ImportResult()
    agencies, services = _plan(viewer.agency.department_code, table.rows, result.errors)
    if result.errors:
        record_event(AuditAction.IMPORT, object_type="directory.agency", outcome="rejected", reason="invalid_rows")
        return result
    try:
        with transaction.atomic():
            _write(agencies, services, result)
    except (StaleVersionError, IntegrityError) as error:
        raise SpreadsheetError(
            _("The directory changed during the import. Nothing was imported: try again.")
        ) from error
    return result


# --- Validation ----------------------------------------------------------------------------------


def _plan(
    department: str, rows: list[Row], errors: list[RowError]
) -> tuple[dict[tuple[str, str], _Planned], dict[tuple[str, str, str], _Planned]]:
    existing_agencies = {agency.name: agency for agency in Agency.objects.filter(department_code=department)}
    existing_services = {
        (service.agency_id, service.name): service
        for service in Service.objects.filter(agency__department_code=department)
    }
    agencies: dict[tuple[str, str], _Planned] = {}
    services: dict[tuple[str, str, str], _Planned] = {}
    for row in rows:
        values = {name: _normalise(name, value) for name, value in row.values.items()}
        before = len(errors)
        if values.get("department", "") != department:
            errors.append(
                RowError(
                    row.line,
                    "department",
                    _("You may import only agencies of your department (%(department)s).") % {"department": department},
                )
            )
        key = (values.get("agency_name", ""), department)
        if key in agencies:
            _compare_with_first_occurrence(agencies[key], row.line, values, errors)
        else:
            planned = _plan_agency(existing_agencies.get(key[0]), department, row.line, values, errors)
            if len(errors) == before:
                agencies[key] = planned
        service_name = values.get("service_name", "")
        if service_name:
            service_key = (*key, service_name)
            if service_key in services:
                errors.append(
                    RowError(
                        row.line,
                        "service_name",
                        _("This service is already on line %(line)s.") % {"line": services[service_key].line},
                    )
                )
                continue
            existing_agency = existing_agencies.get(key[0])
            existing = existing_services.get((existing_agency.pk, service_name)) if existing_agency else None
            planned_service = _plan_service(existing, row.line, values, errors)
            if planned_service is not None:
                services[service_key] = planned_service
        elif any(values.get(column.name) for column in COLUMNS if column.target == "service"):
            errors.append(
                RowError(row.line, "service_name", _("Give the service a name, or leave the service columns empty."))
            )
    return agencies, services


def _plan_agency(
    existing: Agency | None, department: str, line: int, values: dict[str, str], errors: list[RowError]
) -> _Planned:
    agency = existing or Agency(name=values.get("agency_name", ""), department_code=department)
    columns = [column for column in COLUMNS if column.target == "agency" and column.name not in AGENCY_KEY_COLUMNS]
    present = [column for column in columns if column.name in values]
    original = {column.field: getattr(agency, column.field) for column in present} if existing else None
    failed = []  # fields already reported, left out of the model's own validation
    for column in present:
        value = values[column.name]
        if column.name == "agency_kind":
            kind = _choice(AgencyKind, value)
            if kind is None:
                errors.append(
                    RowError(line, column.name, _("Unknown kind of agency: %(value)s.") % {"value": value[:80]})
                )
                failed.append(column.field)
                continue
            if existing is not None and kind != existing.kind:
                # The kind drives what an agency may see: only the platform's administrators change it.
                errors.append(RowError(line, column.name, _("An import cannot change the kind of an existing agency.")))
                failed.append(column.field)
                continue
            value = kind
        setattr(agency, column.field, value)
    valid = _validate(agency, line, "agency", errors, exclude=failed)
    if valid and agency.postcode and department_of_postcode(agency.postcode) != department:
        errors.append(
            RowError(
                line,
                "postcode",
                _("The postcode %(postcode)s is not in department %(department)s.")
                % {"postcode": agency.postcode, "department": department},
            )
        )
    return _Planned(agency, line, [column.field for column in present], original, values)


def _plan_service(
    existing: Service | None, line: int, values: dict[str, str], errors: list[RowError]
) -> _Planned | None:
    service = existing or Service(name=values["service_name"])
    present = [column for column in COLUMNS if column.target == "service" and column.name in values]
    original = {column.field: getattr(service, column.field) for column in present} if existing else None
    failed = []  # fields already reported, left out of the model's own validation
    for column in present:
        text = values[column.name]
        value: object = text
        if column.name == "move_phase":
            value = _choice(MovePhase, text)
            if value is None:
                errors.append(RowError(line, column.name, _("Unknown MOVE phase: %(value)s.") % {"value": text[:80]}))
                failed.append(column.field)
                continue
        elif column.name == "provides_shelter":
            value = _yes_or_no(text)
            if value is None:
                errors.append(RowError(line, column.name, _("Write yes or no.")))
                failed.append(column.field)
                continue
        setattr(service, column.field, value)
    valid = _validate(service, line, "service", errors, exclude=["agency", *failed])
    if failed or not valid:
        return None
    return _Planned(service, line, [column.field for column in present], original, values)


def _validate(instance: models.Model, line: int, target: str, errors: list[RowError], exclude: list[str]) -> bool:
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for field_name, messages in error.message_dict.items():
            column = _column_of(target, field_name)
            errors.extend(RowError(line, column, str(message)) for message in messages)
        return False
    return True


def _compare_with_first_occurrence(first: _Planned, line: int, values: dict[str, str], errors: list[RowError]) -> None:
    for column in COLUMNS:
        if column.target != "agency" or column.name in AGENCY_KEY_COLUMNS or column.name not in values:
            continue
        if values[column.name] != first.values.get(column.name, values[column.name]):
            errors.append(
                RowError(
                    line,
                    column.name,
                    _("Differs from line %(line)s, which describes the same agency.") % {"line": first.line},
                )
            )


def _column_of(target: str, field_name: str) -> str:
    for column in COLUMNS:
        if column.target == target and column.field == field_name:
            return column.name
    return "" if field_name == NON_FIELD_ERRORS else field_name


def _normalise(name: str, value: str) -> str:
    column = COLUMNS_BY_NAME.get(name)
    value = value.strip()
    if name in ("department", "covered_departments"):
        value = value.upper()  # 2a → 2A
    if name in CHOICE_COLUMNS:
        value = _choice(CHOICE_COLUMNS[name], value) or value  # a name becomes its code; unknown text stays
    if column is not None and column.is_list:
        items = split_list(value)
        if name.endswith("languages"):
            items = [item.lower() for item in items]
        value = join_list(items)
    return value


def _choice(choices: type[models.TextChoices], text: str) -> str | None:
    """The value of a choice given by its code or its name in French or English (any case)."""
    wanted = text.strip().casefold()
    for value, label in choices.choices:
        names = {str(value).casefold()}
        for language in ("fr", "en"):
            with translation.override(language):
                names.add(str(label).casefold())
        if wanted in names:
            return str(value)
    return None


def _yes_or_no(text: str) -> bool | None:
    word = text.strip().casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


# --- Writing -------------------------------------------------------------------------------------


def _write(
    agencies: dict[tuple[str, str], _Planned], services: dict[tuple[str, str, str], _Planned], result: ImportResult
) -> None:
    for planned in agencies.values():
        created, changed = _save(planned)
        result.agencies_created += created
        result.agencies_updated += bool(changed) and not created
    for (name, department, _service), planned in services.items():
        service, agency = planned.instance, agencies[(name, department)].instance
        assert isinstance(service, Service) and isinstance(agency, Agency)
        if planned.original is None:
            service.agency = agency
        created, changed = _save(planned)
        result.services_created += created
        result.services_updated += bool(changed) and not created


def _save(planned: _Planned) -> tuple[bool, list[str]]:
    instance = planned.instance
    if planned.original is None:
        instance.save()
        fields = sorted(
            {"name", *planned.fields} | ({"kind", "department_code"} if isinstance(instance, Agency) else set())
        )
        record_event(AuditAction.IMPORT, obj=instance, fields=fields, reason="created")
        return True, fields
    changed = [name for name in planned.fields if getattr(instance, name) != planned.original[name]]
    if changed:
        save_versioned(instance, expected_version=instance.version, fields=changed)
        record_event(AuditAction.IMPORT, obj=instance, fields=changed, reason="updated")
    return False, changed
