"""Request-body validation against Discord's OpenAPI 3.1 description (``discord_openapi/openapi.json``).

The document ships inside this package (``discord_openapi/``, with Discord's MIT notice) so that a clone or an
installed wheel validates with nothing beside it; ``DISCORD_OPENAPI_PATH`` points at another copy instead.
It is 1.2 MB, so it is loaded on first use, and each operation's validator is compiled once and cached.
One deliberate widening: the spec types snowflakes as strings, but Discord accepts them as JSON integers too,
and interactions.py sends some (``parent_id``, overwrite ids) as integers above 2^53; the loaded copy of
``SnowflakeType`` therefore also admits non-negative integers. Likewise a command's
``default_member_permissions`` admits the decimal string Discord documents and interactions.py sends.
"""

from __future__ import annotations

import json
import os
import threading
from functools import cached_property
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Final

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

_DOC_URI: Final = "urn:discord:openapi"
_VERDICT_CACHE_SIZE: Final = 4096


def default_spec() -> Traversable:
    """Where the OpenAPI document lives: ``DISCORD_OPENAPI_PATH`` when set, else the copy shipped in this package."""
    env = os.environ.get("DISCORD_OPENAPI_PATH")
    if env:
        return Path(env)
    return files("gateway.emulator") / "discord_openapi" / "openapi.json"


class SchemaBook:
    """Compiled request-body validators keyed by (method, OpenAPI path template); thread-safe lazy load."""

    def __init__(self, spec: Traversable | None = None) -> None:
        self._spec = spec or default_spec()
        self._lock = threading.Lock()
        self._validators: dict[tuple[str, str], Draft202012Validator | None] = {}
        # Validation is deterministic, so identical bodies (a bot repeats the same replies) reuse the verdict.
        self._verdicts: dict[tuple[str, str, str], tuple[str, ...]] = {}

    @cached_property
    def _doc(self) -> dict[str, Any]:
        with self._spec.open("rb") as fh:
            doc: dict[str, Any] = json.load(fh)
        schemas = doc["components"]["schemas"]
        schemas["SnowflakeType"] = {
            "anyOf": [
                {"type": "string", "pattern": "^(0|[1-9][0-9]*)$"},
                {"type": "integer", "minimum": 0},
            ]
        }
        # Discord documents a command's ``default_member_permissions`` as a bitset string and interactions.py
        # sends one; the spec types it as an integer only.
        for schema in schemas.values():
            field = schema.get("properties", {}).get("default_member_permissions")
            if field is not None and "integer" in field.get("type", ()):
                schema["properties"]["default_member_permissions"] = {
                    "anyOf": [field, {"type": "string", "pattern": "^(0|[1-9][0-9]*)$"}]
                }
        return doc

    @cached_property
    def _registry(self) -> Registry[Any]:
        resource = Resource.from_contents(self._doc, default_specification=DRAFT202012)
        registry: Registry[Any] = Registry().with_resource(_DOC_URI, resource)
        return registry

    def has_path(self, template: str) -> bool:
        """Whether the spec describes ``template`` at all."""
        return template in self._doc["paths"]

    def validator(self, method: str, template: str) -> Draft202012Validator | None:
        """The compiled validator for a JSON request body, or ``None`` when the operation takes no body."""
        key = (method.lower(), template)
        with self._lock:
            if key in self._validators:
                return self._validators[key]
            op = self._doc["paths"].get(template, {}).get(key[0])
            schema = None
            if op is not None:
                content = (op.get("requestBody") or {}).get("content") or {}
                schema = (content.get("application/json") or {}).get("schema")
            validator = None
            if schema is not None:
                rooted = {
                    "$ref": f"{_DOC_URI}#/paths/{_escape(template)}/{key[0]}"
                    "/requestBody/content/application~1json/schema"
                }
                validator = Draft202012Validator(rooted, registry=self._registry)
            self._validators[key] = validator
            return validator

    def problems(self, method: str, template: str, body: Any) -> list[str]:
        """Every schema violation of ``body`` for the operation, as ``path: message`` strings."""
        validator = self.validator(method, template)
        if validator is None:
            return []
        key = (method.lower(), template, json.dumps(body, sort_keys=True, separators=(",", ":")))
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = tuple(
                f"{'/'.join(str(p) for p in err.absolute_path) or '<body>'}: {err.message[:300]}"
                for err in validator.iter_errors(body)
            )
            if len(self._verdicts) >= _VERDICT_CACHE_SIZE:
                self._verdicts.clear()
            self._verdicts[key] = verdict
        return list(verdict)


def _escape(template: str) -> str:
    # JSON Pointer escaping: "~" → "~0", "/" → "~1"; braces are fine inside a URI fragment once quoted.
    pointer = template.replace("~", "~0").replace("/", "~1")
    return pointer.replace("{", "%7B").replace("}", "%7D")
