"""Shapes shared by every API endpoint: the documented error answers."""

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    detail: str


class ErrorItem(Schema):
    lokasi: str
    alasan: str


class ValidationErrorOut(Schema):
    detail: str
    errors: list[ErrorItem]


# Spread into every operation's `response=` so the OpenAPI schema documents what can come back.
ERRORS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ValidationErrorOut,
}
PUBLIC_ERRORS: dict[int, Any] = {400: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
