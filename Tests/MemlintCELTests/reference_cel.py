"""Evaluates CEL expressions with the reference implementation (PyPI common-expression-language)
for memlint's differential test. Reads one JSON case per line, {"expr": ..., "vars": {...}} with
typed values ({"int": "5"}, {"double": 1.5}, {"string": "x"}, {"bool": true}, {"list": [...]},
{"map": [[key, value], ...]}); writes one JSON line per case: {"value": typed} or {"error": class}."""
import json
import sys

import cel

ERRORS = {
    "ZeroDivisionError": "division",
    "OverflowError": "overflow",
    "IndexError": "index",
    "KeyError": "key",
    "TypeError": "overload",
    "RuntimeError": "argument",
    "ValueError": "argument",
}


def decode(typed):
    (kind, value), = typed.items()
    if kind in ("int", "uint"):
        return int(value)
    if kind == "double":
        return float(value)  # written as text, so -0.0 stays a double
    if kind in ("string", "bool"):
        return value
    if kind == "list":
        return [decode(v) for v in value]
    if kind == "map":
        return {decode(k): decode(v) for k, v in value}
    raise ValueError(kind)


def encode(value):
    if isinstance(value, bool):
        return {"bool": value}
    if isinstance(value, int):
        return {"int": str(value)}
    if isinstance(value, float):
        return {"double": repr(value)}
    if isinstance(value, str):
        return {"string": value}
    if isinstance(value, list):
        return {"list": [encode(v) for v in value]}
    if isinstance(value, dict):
        return {"map": [[encode(k), encode(v)] for k, v in value.items()]}
    if value is None:
        return {"null": None}
    return {"other": repr(value)}


for line in sys.stdin:
    case = json.loads(line)
    try:
        result = cel.evaluate(case["expr"], {k: decode(v) for k, v in case["vars"].items()})
        out = {"value": encode(result)}
    except BaseException as error:  # the reference raises its own classes; a panic is a class too
        kind = ERRORS.get(type(error).__name__, type(error).__name__)
        # The reference reports a function called with argument types it has no overload for as
        # an undefined function: cel-spec's "no such overload".
        if kind == "argument" and "Undefined variable or function" in str(error):
            kind = "overload"
        out = {"error": kind, "message": str(error)[:200]}
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
