"""Every catalog key the configuration surfaces build (literally or from an enum) exists in both locales."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from features.admin._doctor import FindingLevel
from features.kernel._features import Feature
from features.kernel._guild_permissions import CheckProblem
from features.kernel._schedules import SCHEDULE_OWNERS
from features.setup._rules import DraftProblem
from gateway.i18n import LOCALES, Locale, default_translator

ROOT = Path(__file__).resolve().parents[3]
SOURCES = sorted((ROOT / "features").rglob("*.py"))
_LITERAL = re.compile(r'"((?:admin|setup|error|schedule|feature|setting|locale|common)\.[a-z_.]+)"')
_FINDING = re.compile(r'code="([a-z_]+)"')
_HINT = re.compile(r'hint="([a-z_]+)"')
_ACTION = re.compile(r"interaction_handler\(|\baction\s*=")


def _expected_keys() -> set[str]:
    keys: set[str] = set()
    for path in SOURCES:
        source = path.read_text(encoding="utf-8")
        # Log action names (interaction_handler(feature=..., action="feature.set")) are not catalog keys.
        texts = [line for line in source.splitlines() if not _ACTION.search(line)]
        keys.update(_LITERAL.findall("\n".join(texts)))
        keys.update(f"admin.doctor.finding.{code}" for code in _FINDING.findall(source))
        keys.update(f"admin.doctor.hint.{hint}" for hint in _HINT.findall(source))
    keys.update(f"admin.doctor.finding.{code}" for code in ("schedule_on", "schedule_paused"))
    keys.update(
        f"admin.doctor.finding.channel_{p.value}" for p in CheckProblem if p is not CheckProblem.MISSING_PERMISSIONS
    )
    keys.update(f"admin.doctor.{level.value}" for level in FindingLevel)
    keys.update(f"setup.error.issue.{problem.value}" for problem in DraftProblem)
    keys.update(f"schedule.{name}" for name in SCHEDULE_OWNERS)
    keys.update(f"feature.{feature.value}" for feature in Feature)
    keys.update(f"locale.{locale}" for locale in LOCALES)
    # Command paths (``admin.feature.set.option.name``) are looked up as command.<path>.name/.description.
    paths = {key for key in keys if ".option." in key}
    keys -= paths
    keys.update(f"command.{path}.{part}" for path in paths for part in ("name", "description"))
    return keys


@pytest.mark.parametrize("locale", LOCALES)
def test_configuration_keys_exist(locale: Locale) -> None:
    keys = _expected_keys()
    assert len(keys) > 80
    available = default_translator().keys(locale)
    assert sorted(key for key in keys if key not in available) == []
