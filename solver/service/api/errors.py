"""Errors as the CLI gives them: bad input is a 422 listing JSON paths and the CLI's
messages (`maillage.models.errors`), an oversized body a 413 before it is read in full."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from maillage.models.errors import InputError, Issue, json_path
from maillage.solver.service.api.schemas import InputProblem, IssueOut, Problem
from maillage.solver.service.storage.store import Conflict

CODES = {401: "unauthorized", 403: "forbidden", 404: "not_found", 409: "conflict", 413: "too_large"}


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def not_found(what: str) -> ApiError:
    return ApiError(404, f"{what} not found")


def issues_of(errors: Sequence[Any]) -> list[Issue]:
    """FastAPI's validation errors as the CLI words pydantic's (`from_validation_error`):
    the same paths, with the body's root as `$`, and the same messages."""
    out = []
    for e in errors:
        loc = list(e.get("loc", ()))
        where = loc.pop(0) if loc else "body"
        loc = [p for p in loc if not (isinstance(p, str) and p.startswith("function-"))]
        message = str(e.get("msg", "")).removeprefix("Value error, ")
        kind = e.get("type")
        if kind == "extra_forbidden":
            message = "unknown field"
        elif kind == "missing":
            message = "required field is missing"
        elif kind == "json_invalid":
            error = (e.get("ctx") or {}).get("error", "")
            message, loc = f"invalid JSON: {error}".rstrip(": "), []
        if where == "body":
            out.append(Issue(json_path(loc), message))
        else:  # a query or path parameter: named as such
            out.append(Issue(f"{where}:{'.'.join(str(p) for p in loc)}", message))
    return out


def _input(issues: Sequence[Issue], source: str) -> JSONResponse:
    body = InputProblem(
        source=source, issues=[IssueOut(path=i.path, message=i.message) for i in issues]
    )
    return JSONResponse(body.model_dump(), status_code=422)


def _problem(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    body = Problem(error=CODES.get(status, "error"), message=message)
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    async def validation(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        return _input(issues_of(error.errors()), "request body")

    async def input_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, InputError)
        return _input(error.issues, error.source)

    async def api_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, ApiError)
        headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else None
        return _problem(error.status, error.message, headers)

    async def conflict(request: Request, error: Exception) -> JSONResponse:
        return _problem(409, str(error))

    async def http_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, StarletteHTTPException)
        return _problem(error.status_code, str(error.detail))

    app.add_exception_handler(RequestValidationError, validation)
    app.add_exception_handler(InputError, input_error)
    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(Conflict, conflict)
    app.add_exception_handler(StarletteHTTPException, http_error)


class BodyLimit:
    """Refuses a body over `limit` bytes with a 413: at once when Content-Length says so,
    else as soon as the bytes received pass it (a chunked upload). The body is read here,
    at most `limit` bytes of it, and handed on whole: the app would read it whole anyway."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "DELETE"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await self._refuse(scope, receive, send)
            return
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > self.limit:
                await self._refuse(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = f"the request body is larger than the limit of {self.limit} bytes"
        await _problem(413, message)(scope, receive, send)
