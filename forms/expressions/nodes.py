"""The expression syntax tree: small frozen nodes the evaluator walks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Literal:
    """A number or string written in the expression."""

    value: float | str


@dataclass(frozen=True, slots=True)
class Reference:
    """`${name}`: another field's (or a parameter's) value."""

    name: str


@dataclass(frozen=True, slots=True)
class Current:
    """`.`: the value of the field the expression belongs to."""


@dataclass(frozen=True, slots=True)
class Negate:
    """Unary minus."""

    operand: Node


@dataclass(frozen=True, slots=True)
class Binary:
    """An infix operation such as `+`, `div` or `and`."""

    operator: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Call:
    """A function call; the name and arity were checked when parsing."""

    name: str
    arguments: tuple[Node, ...]


Node = Literal | Reference | Current | Negate | Binary | Call


def children(node: Node) -> tuple[Node, ...]:
    """Return the direct sub-expressions of `node`."""
    if isinstance(node, Negate):
        return (node.operand,)
    if isinstance(node, Binary):
        return (node.left, node.right)
    if isinstance(node, Call):
        return node.arguments
    return ()


def walk(root: Node):
    """Yield every node of the tree under `root` without recursion."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(children(node))
