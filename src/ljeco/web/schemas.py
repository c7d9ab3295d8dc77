"""Shared API schemas: list envelopes and errors."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class ListOf(BaseModel, Generic[T]):
    """Every list response: the page of rows and the total count matching the query."""

    data: list[T]
    count: int = Field(description="Rows matching the query (not just this page).")


class ErrorBody(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. auth.forbidden.")
    message: str = Field(description="What went wrong, for a person.")
    details: dict[str, object] | None = None


__all__ = ["ErrorBody", "ListOf"]
