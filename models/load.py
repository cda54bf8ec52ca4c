"""Reading instances and solutions from JSON files or stdin, with clear errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Collection
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from maillage.models.errors import InputError, Issue, from_validation_error
from maillage.models.instance import Instance
from maillage.models.solution import Solution
from maillage.models.validate import cross_check

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
M = TypeVar("M", bound=BaseModel)


def read_text(source: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of a file, or of stdin for '-', refusing anything over max_bytes."""
    name = str(source)
    try:
        if name == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            path = Path(source)
            if path.stat().st_size > max_bytes:
                raise InputError(
                    [Issue("$", f"file is larger than the limit of {max_bytes} bytes")], name
                )
            data = path.read_bytes()
    except OSError as error:
        raise InputError([Issue("$", f"cannot read: {error.strerror or error}")], name) from None
    if len(data) > max_bytes:
        raise InputError([Issue("$", f"input is larger than the limit of {max_bytes} bytes")], name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            [Issue("$", f"not UTF-8 text ({error.reason} at byte {error.start})")], name
        ) from None


def parse(model: type[M], text: str, source: str = "input") -> M:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            [Issue("$", f"invalid JSON: {error.msg} at line {error.lineno} column {error.colno}")],
            source,
        ) from None
    if not isinstance(raw, dict):
        raise InputError([Issue("$", f"expected a JSON object, got {type(raw).__name__}")], source)
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        raise InputError(from_validation_error(error), source) from None


def load_instance(
    source: str | Path,
    known_rules: Collection[str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Instance:
    """Parse, schema-validate and cross-check an instance; raise InputError listing every issue."""
    instance = parse(Instance, read_text(source, max_bytes), str(source))
    issues = cross_check(instance, known_rules)
    if issues:
        raise InputError(issues, str(source))
    return instance


def load_solution(source: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Solution:
    return parse(Solution, read_text(source, max_bytes), str(source))
