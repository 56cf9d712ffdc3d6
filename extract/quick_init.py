"""A cheaper ``__init__`` for the frozen slotted dataclasses built by the ten thousand per MB of text.

A frozen dataclass's generated ``__init__`` stores each field through ``object.__setattr__`` (looked up
and dispatched per field, to get round its own ``__setattr__`` that refuses). Storing through each slot's
own descriptor does the same in about half the time. Nothing else changes: the same signature and
defaults, the same fields, equality, hashing, ``repr``, ``replace`` and pickling (the class is the
dataclass it was); the instances stay frozen.
"""

from __future__ import annotations

import dataclasses
from typing import TypeVar

_T = TypeVar("_T")


def quick_init(cls: type[_T]) -> type[_T]:
    """Give a ``@dataclass(frozen=True, slots=True)`` class an ``__init__`` that sets its slots directly.

    >>> @quick_init
    ... @dataclasses.dataclass(frozen=True, slots=True)
    ... class Point:
    ...     x: int
    ...     y: int = 0
    >>> Point(1), Point(1, y=2) == Point(1, 2), hash(Point(3)) == hash(Point(3))
    (Point(x=1, y=0), True, True)
    """
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__}: quick_init is for frozen slotted dataclasses")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: a __post_init__ would not be called")
    scope: dict[str, object] = {}
    args: list[str] = []
    body: list[str] = []
    for n, f in enumerate(dataclasses.fields(cls)):  # type: ignore[arg-type]  # (checked just above)
        if f.default_factory is not dataclasses.MISSING or f.kw_only:
            raise TypeError(f"{cls.__name__}.{f.name}: a default factory or keyword-only field is not made")
        scope[f"_set{n}"] = getattr(cls, f.name).__set__  # the slot's member descriptor
        if f.default is not dataclasses.MISSING:
            scope[f"_default{n}"] = f.default
        if not f.init:
            body.append(f"    _set{n}(self, _default{n})")
            continue
        args.append(f.name if f.default is dataclasses.MISSING else f"{f.name}=_default{n}")
        body.append(f"    _set{n}(self, {f.name})")
    # Generated as the dataclasses module generates the one it replaces: one line per field, no loop.
    exec(f"def __init__(self, {', '.join(args)}):\n" + "\n".join(body or ["    pass"]), scope)
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"  # type: ignore[attr-defined]
    cls.__init__ = init  # type: ignore[assignment,method-assign]
    return cls
