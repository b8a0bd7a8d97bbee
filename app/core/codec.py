"""Dataclasses to JSON and back, by their type hints: how requests and results travel.

A forwarded command must print exactly what it prints when run in-process, so results
cross the socket as the same objects (a ``list[Hit]``, an ``Answer``) rather than as
text or as a lossy public JSON view. Only plain data is supported: dataclasses, lists,
tuples, dicts with string keys, optionals and JSON scalars.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from pathlib import PurePath
from typing import Any, Union


def to_data(value: Any) -> Any:
    """``value`` as JSON-ready data (dataclasses become objects of their fields)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [to_data(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_data(item) for key, item in value.items()}
    if isinstance(value, PurePath):
        return str(value)
    return value


def from_data(kind: Any, data: Any) -> Any:
    """Rebuild a value of type ``kind`` from ``to_data``'s output."""
    if data is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (Union, types.UnionType):
        options = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return from_data(options[0], data) if len(options) == 1 else data
    if origin is list:
        (item,) = typing.get_args(kind) or (Any,)
        return [from_data(item, x) for x in data]
    if origin is tuple:
        item = (typing.get_args(kind) or (Any,))[0]
        return tuple(from_data(item, x) for x in data)
    if origin is dict:
        value = (typing.get_args(kind) or (str, Any))[1]
        return {key: from_data(value, item) for key, item in data.items()}
    if kind in (Any, dict):
        return data
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        return kind(**{f.name: from_data(hints[f.name], data[f.name])
                       for f in dataclasses.fields(kind) if f.init and f.name in data})
    if kind is float and isinstance(data, int):
        return float(data)
    return data


@functools.cache
def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind)
