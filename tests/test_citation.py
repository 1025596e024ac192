"""CITATION.cff is complete and agrees with the rest of the repository.

A structural check of the Citation File Format 1.2.0 fields the course uses. The schema itself
ships in `cffconvert`, which requires jsonschema<4 and so cannot join the course's environment
(jsonschema==4.23.0 is pinned; pyproject.toml says why); validate by hand with
`cffconvert --validate -i CITATION.cff` in a separate environment.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from typing import Any

import pytest
import yaml

from tests.support.lessons import ROOT

# The CFF 1.2.0 schema's top-level keys (https://citation-file-format.github.io, schema.json).
CFF_KEYS = {"abstract", "authors", "cff-version", "commit", "contact", "date-released", "doi",
            "identifiers", "keywords", "license", "license-url", "message", "preferred-citation",
            "references", "repository", "repository-artifact", "repository-code", "title", "type",
            "url", "version"}
REQUIRED = {"cff-version", "message", "title", "authors"}
PERSON_KEYS = {"family-names", "given-names", "name-particle", "name-suffix", "affiliation", "address",
               "city", "country", "email", "fax", "orcid", "post-code", "region", "tel", "website", "alias"}
ENTITY_KEYS = {"name", "address", "city", "country", "email", "fax", "orcid", "post-code", "region",
               "tel", "website", "alias", "date-end", "date-start", "location"}
# SPDX identifiers of the two licences the repository uses (LICENSE, LICENSE-CONTENT.md)
LICENCES = {"MIT", "CC-BY-4.0"}


def problems(cff: dict[str, Any]) -> list[str]:
    """What makes `cff` not a valid CFF 1.2.0 file of the kinds of fields used here."""
    out = [f"unknown key {k!r}" for k in sorted(set(cff) - CFF_KEYS)]
    out += [f"missing required key {k!r}" for k in sorted(REQUIRED - set(cff))]
    if cff.get("cff-version") != "1.2.0":
        out.append("cff-version should be '1.2.0'")
    for key in ("message", "title", "version", "abstract"):
        if key in cff and not (isinstance(cff[key], str) and cff[key].strip()):
            out.append(f"{key} should be a non-empty string")
    if cff.get("type", "software") not in ("software", "dataset"):
        out.append("type should be software or dataset")
    authors = cff.get("authors")
    if not isinstance(authors, list) or not authors:
        out.append("authors should be a non-empty list")
    else:
        for a in authors:
            if not isinstance(a, dict) or not (set(a) <= PERSON_KEYS or set(a) <= ENTITY_KEYS):
                out.append(f"author {a!r} is neither a person nor an entity")
            elif "name" not in a and "family-names" not in a and "given-names" not in a:
                out.append(f"author {a!r} has no name")
    if "date-released" in cff and not isinstance(cff["date-released"], datetime.date):
        out.append("date-released should be a YYYY-MM-DD date")
    licences = cff.get("license", [])
    for lic in [licences] if isinstance(licences, str) else licences:
        if lic not in LICENCES:
            out.append(f"license {lic!r} is not one of the repository's SPDX identifiers {sorted(LICENCES)}")
    for key in ("repository-code", "url"):
        if key in cff and not re.match(r"^https?://\S+$", str(cff[key])):
            out.append(f"{key} should be a URL")
    if "keywords" in cff and not all(isinstance(k, str) and k for k in cff["keywords"]):
        out.append("keywords should be non-empty strings")
    return out


@pytest.fixture(scope="module")
def cff() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text())


def test_citation_is_valid_cff(cff: dict[str, Any]) -> None:
    assert problems(cff) == []


def test_citation_names_the_authors_as_the_licence_does(cff: dict[str, Any]) -> None:
    holder = re.search(r"^Copyright \(c\) \d{4} (.+)$", (ROOT / "LICENSE").read_text(), re.M).group(1)
    assert [a.get("name") for a in cff["authors"]] == [holder]


def test_citation_version_and_date_are_the_releases(cff: dict[str, Any]) -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert cff["version"] == version, "CITATION.cff's version should be pyproject.toml's"
    released = re.search(rf"^## \[{re.escape(version)}\] - (\d{{4}}-\d\d-\d\d)$",
                         (ROOT / "CHANGELOG.md").read_text(), re.M)
    assert released, f"CHANGELOG.md has no '## [{version}] - YYYY-MM-DD' heading"
    assert cff["date-released"].isoformat() == released.group(1)


def test_citation_licences_are_the_repositorys(cff: dict[str, Any]) -> None:
    assert set(cff["license"]) == LICENCES
    assert "MIT License" in (ROOT / "LICENSE").read_text()
    assert "CC BY 4.0" in (ROOT / "LICENSE-CONTENT.md").read_text()


def test_bad_citations_are_found() -> None:
    good = {"cff-version": "1.2.0", "message": "m", "title": "t", "authors": [{"name": "A"}],
            "date-released": datetime.date(2026, 1, 2), "license": "MIT"}
    assert problems(good) == []
    assert problems({**good, "authors": []}) == ["authors should be a non-empty list"]
    assert problems({**good, "date-released": "2026-13-45"}) == ["date-released should be a YYYY-MM-DD date"]
    assert problems({**good, "licence": "MIT"}) == ["unknown key 'licence'"]
    assert problems({**good, "authors": [{"nme": "A"}]}) == [
        "author {'nme': 'A'} is neither a person nor an entity"]
