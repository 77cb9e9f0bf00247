"""French by default, English on request, and a French catalogue with nothing left untranslated."""

import ast
import hashlib
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

from maillage.accounts.models import Role
from maillage.factories import TEST_PASSWORD

FRENCH_CATALOGUE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"


# --- A small .po reader (no extra dependency) --------------------------------------------


@dataclass
class PoEntry:
    line: int
    context: str = ""
    msgid: str = ""
    msgid_plural: str | None = None
    msgstrs: dict[str, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def label(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


def read_po(path: Path) -> list[PoEntry]:
    """Entries of a .po file, header included (msgid ""); obsolete (#~) entries are skipped."""
    entries: list[PoEntry] = []
    pending_flags: set[str] = set()
    pending_context = ""
    keyword: str | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#,"):
            pending_flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if not line or line.startswith("#"):
            keyword = None if line.startswith("#~") else keyword
            continue
        if line.startswith('"'):
            assert entries and keyword, f"{path}:{number}: string outside an entry"
        else:
            keyword, _, line = line.partition(" ")
            if keyword == "msgctxt":  # one-line context of the next entry
                pending_context, keyword = ast.literal_eval(line.strip()), None
                continue
            if keyword == "msgid":
                entries.append(PoEntry(line=number, context=pending_context, flags=pending_flags))
                pending_flags, pending_context = set(), ""
            assert entries, f"{path}:{number}: {keyword} before any msgid"
            entry = entries[-1]
            if keyword == "msgid_plural":
                entry.msgid_plural = ""
            elif keyword.startswith("msgstr"):
                entry.msgstrs[keyword] = ""
            elif keyword != "msgid":
                raise AssertionError(f"{path}:{number}: unknown keyword {keyword}")
        value = ast.literal_eval(line.strip())
        entry = entries[-1]
        if keyword == "msgid":
            entry.msgid += value
        elif keyword == "msgid_plural":
            entry.msgid_plural = (entry.msgid_plural or "") + value
        else:
            entry.msgstrs[keyword] += value
    return entries


def untranslated(entries: list[PoEntry]) -> list[str]:
    """Entries a French user would see in English (empty translation) or possibly wrong (fuzzy)."""
    problems = []
    for entry in entries:
        if "fuzzy" in entry.flags:
            problems.append(f"{entry.label} is marked fuzzy")
        expected = {"msgstr[0]", "msgstr[1]"} if entry.msgid_plural is not None else {"msgstr"}
        if set(entry.msgstrs) != expected:
            problems.append(f"{entry.label} has {sorted(entry.msgstrs)} instead of {sorted(expected)}")
        problems.extend(f"{entry.label} has an empty {key}" for key, text in entry.msgstrs.items() if not text.strip())
    return problems


def switch_language(client, code: str, next_url: str) -> None:
    response = client.post("/i18n/setlang/", {"language": code, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url


# --- What users see -----------------------------------------------------------------------


@pytest.mark.django_db
def test_login_page_is_french_by_default_and_english_after_switching(client):
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="fr">' in page
    assert "Mot de passe oublié" in page
    assert "Langue" in page
    assert "Changer de langue" in page
    assert "Forgot your password" not in page

    switch_language(client, "en", "/accounts/login/")

    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in page
    assert "Forgot your password" in page
    assert "Change language" in page
    assert "Mot de passe oublié" not in page


def test_dashboard_is_french_by_default_and_english_after_switching(client, make_member, login):
    user = make_member(Role.PRACTITIONER)
    agency = user.memberships.get().agency
    login(user)

    page = client.get("/").content.decode()
    assert '<html lang="fr">' in page
    assert "Tableau de bord" in page
    assert f"vous agissez pour {agency.name}" in page
    assert "Intervenant·e" in page  # the role label
    assert "Se déconnecter" in page
    assert "Dashboard" not in page

    switch_language(client, "en", "/")

    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert "Dashboard" in page
    assert f"you are acting for {agency.name}" in page
    assert "Practitioner" in page
    assert "Log out" in page
    assert "Tableau de bord" not in page


def test_switching_back_to_french_works(client, make_member, login):
    user = make_member(Role.PRACTITIONER)
    login(user)
    switch_language(client, "en", "/")
    switch_language(client, "fr", "/")

    page = client.get("/").content.decode()
    assert '<html lang="fr">' in page
    assert "Tableau de bord" in page


def test_wrong_password_error_is_in_french(client, make_member):
    user = make_member(Role.PRACTITIONER)

    response = client.post("/accounts/login/", {"login": user.email, "password": TEST_PASSWORD + " wrong"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "L\N{RIGHT SINGLE QUOTATION MARK}adresse e-mail ou le mot de passe sont incorrects" in page
    assert "The email address and/or password you specified are not correct" not in page

    switch_language(client, "en", "/accounts/login/")
    response = client.post("/accounts/login/", {"login": user.email, "password": TEST_PASSWORD + " wrong"})
    assert "The email address and/or password you specified are not correct" in response.content.decode()


# --- The French catalogue ------------------------------------------------------------------


def test_reader_sees_empty_fuzzy_and_plural_entries(tmp_path):
    sample = tmp_path / "sample.po"
    sample.write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n'
        'msgid "Done"\nmsgstr "Fait"\n\n'
        "#, fuzzy, python-format\n"
        'msgid "Hello %(name)s"\nmsgstr "Bonjour %(name)s"\n\n'
        'msgid ""\n"Long "\n"text"\nmsgstr ""\n\n'
        'msgid "%(n)s file"\nmsgid_plural "%(n)s files"\nmsgstr[0] "%(n)s fichier"\nmsgstr[1] ""\n\n'
        '#~ msgid "Old"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    entries = read_po(sample)

    assert [entry.msgid for entry in entries] == ["", "Done", "Hello %(name)s", "Long text", "%(n)s file"]
    assert entries[2].flags == {"fuzzy", "python-format"}
    problems = untranslated(entries)
    assert len(problems) == 3
    assert "fuzzy" in problems[0]
    assert "'Long text' has an empty msgstr" in problems[1]
    assert "empty msgstr[1]" in problems[2]


def test_every_french_message_is_translated():
    entries = read_po(FRENCH_CATALOGUE)
    assert len(entries) > 100
    assert untranslated(entries) == []
    header = entries[0]
    assert header.msgid == ""
    assert "Language: fr\n" in header.msgstrs["msgstr"]
    assert "Plural-Forms: nplurals=2; plural=(n > 1);" in header.msgstrs["msgstr"]


def test_translations_keep_every_placeholder():
    for entry in read_po(FRENCH_CATALOGUE):
        if "python-format" not in entry.flags:
            continue
        for source in filter(None, [entry.msgid, entry.msgid_plural]):
            wanted = sorted(set(_placeholders(source)))
            for key, text in entry.msgstrs.items():
                assert sorted(set(_placeholders(text))) == wanted, f"{entry.label} {key}"


def _placeholders(text: str) -> list[str]:
    return re.findall(r"%\(\w+\)[sdif]", text)


def _digest(directory: Path) -> dict[str, str]:
    return {
        str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*"))
        if path.is_file() and path.suffix == ".po"
    }


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext")
def test_no_translatable_string_is_left_without_a_french_translation(tmp_path):
    """Regenerate the catalogue from the current code, in a copy, and require a translation for each entry.

    Fails when someone marks a new string for translation (or changes one) and does not
    run makemessages and translate it in locale/fr/LC_MESSAGES/django.po.
    """
    base = Path(settings.BASE_DIR)
    real_locale = base / "locale"
    before = _digest(real_locale)

    copy = tmp_path / "project"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo")
    shutil.copytree(base / "maillage", copy / "maillage", ignore=ignore)
    shutil.copytree(real_locale, copy / "locale", ignore=ignore)
    shutil.copy2(base / "manage.py", copy / "manage.py")

    env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_SETTINGS_MODULE", "PYTHONPATH"}}
    env.update(MAILLAGE_DEBUG="1", MAILLAGE_VAR_DIR=str(tmp_path / "var"), DJANGO_SETTINGS_MODULE="maillage.settings")
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--ignore=.venv", "--ignore=var", "--no-obsolete"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr

    regenerated = read_po(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po")
    problems = untranslated(regenerated)
    assert problems == [], (
        "Strings without a French translation. Run `MAILLAGE_DEBUG=1 .venv/bin/python manage.py makemessages "
        "-l fr --ignore=.venv --ignore=var --no-obsolete`, translate them in locale/fr/LC_MESSAGES/django.po, "
        "then run compilemessages:\n" + "\n".join(problems)
    )
    # Every string in the code is in the committed catalogue too (not only in the regenerated copy).
    committed = {(entry.context, entry.msgid, entry.msgid_plural) for entry in read_po(FRENCH_CATALOGUE)}
    assert {(entry.context, entry.msgid, entry.msgid_plural) for entry in regenerated} <= committed
    assert _digest(real_locale) == before
