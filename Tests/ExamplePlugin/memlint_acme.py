#!/usr/bin/env python3
"""An example memlint rule plugin: two house rules of a team called ACME.

memlint starts it once per run (plugins: in .lint.yml), writes one JSON request on stdin and reads
one JSON answer from stdout (docs/custom-rules.md, "Rule plugins"). Standard library only.
"""
import json
import sys

MI = 1024 * 1024

RULES = [
    {
        "code": "ACME010",
        "name": "python-worker-memory",
        "severity": "warning",
        "summary": "A Python server's limit is below 150Mi per worker, what our stack measures per worker.",
        "rationale": "Each gunicorn or uvicorn worker of our Django stack settles at about 150Mi RSS.",
        "fix": "Raise the limit to workers × 150Mi, or run fewer workers.",
    },
    {
        "code": "ACME011",
        "name": "namespace-memory-budget",
        "severity": "error",
        "summary": "The memory limits of one namespace's containers add up to more than its budget.",
        "rationale": "Each team's namespace has a memory budget (--namespace-budget, in Mi); a rule over "
                     "several containers is what a CEL rule, which sees one container, cannot express.",
        "fix": "Lower some limits, or ask for a larger budget.",
    },
]


def findings(container):
    """The house rules on one container of the model (docs/model.schema.json)."""
    cid = container["id"]
    limit = container["container"]["memory"].get("limit")
    runtime = container["runtime"]
    if limit is None:
        return
    python = runtime.get("python")
    if python and "workers" in python:
        workers = python["workers"]
        needed = workers * 150 * MI
        if limit < needed:
            yield {
                "code": "ACME010",
                "at": cid + "#container.memory.limit",
                "message": f"{workers} workers need {needed // MI}Mi at 150Mi each; the limit is {limit // MI}Mi",
                "related": [{"at": cid + "#runtime.python.workers", "message": "workers set here"}],
            }


def over_budget(containers, budget):
    """One finding per namespace whose limits add up to more than `budget` bytes, at the container
    that crosses it, with the others as related places."""
    by_namespace = {}
    for c in containers:
        if "limit" in c["container"]["memory"]:
            by_namespace.setdefault(c["workload"]["namespace"] or "default", []).append(c)
    for namespace, members in sorted(by_namespace.items()):
        total = 0
        for index, c in enumerate(members):
            total += c["container"]["memory"]["limit"]
            if total > budget:
                all_limits = sum(m["container"]["memory"]["limit"] for m in members)
                yield {
                    "code": "ACME011",
                    "at": c["id"] + "#container.memory.limit",
                    "message": f"namespace {namespace}: limits add up to {all_limits // MI}Mi, over its budget of {budget // MI}Mi",
                    "related": [{"at": m["id"] + "#container.memory.limit", "message": "also counted"} for m in members[:index]],
                }
                break


def main():
    request = json.load(sys.stdin)
    if request.get("schemaVersion") != 1:
        sys.exit(f"memlint_acme: unsupported schemaVersion {request.get('schemaVersion')}")
    budget = 4096 * MI
    if "--namespace-budget" in sys.argv:
        budget = int(sys.argv[sys.argv.index("--namespace-budget") + 1]) * MI
    answer = {"rules": RULES}
    if request["request"] == "check":
        containers = request["containers"]
        answer["diagnostics"] = [f for c in containers for f in findings(c)] + list(over_budget(containers, budget))
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
