#!/usr/bin/env python3
"""Writes a deterministic benchmark corpus of realistic Kubernetes YAML and Dockerfiles.

Usage: corpus.py OUT_DIR [--mb 50] [--files 5000] [--seed 7]

OUT_DIR/stream-<N>mb.yaml   one multi-document stream of about N MB
OUT_DIR/tree/               about --files files, about N MB, in nested folders, with Dockerfiles
OUT_DIR/small.yaml          one small manifest (the pre-commit case)

The mix follows what real repositories hold: CustomResourceDefinitions with deep OpenAPI schemas
make up most of the bytes; workloads of every kind (Deployments with JVM, Go, Node and Python
containers, StatefulSets, DaemonSets, Jobs, CronJobs, Pods, ReplicaSets), ConfigMaps, Services,
kind: List, anchors and merge keys, Hangul comments. The same seed gives the same bytes.
"""
import argparse
import os
import random

WORDS = ("replica shard cache payment order cart ledger invoice gateway search index stream batch "
         "queue worker frontend backend session token policy quota region zone tenant metric").split()
HANGUL = ["메모리 한도", "운영팀 관리", "주의: 힙 크기", "배포 설정", "캐시 서버", "한글 주석"]
IMAGES = [
    ("eclipse-temurin:17-jre", "jvm"), ("eclipse-temurin:21-jre", "jvm"), ("amazoncorretto:17", "jvm"),
    ("golang:1.22", "go"), ("node:20-alpine", "node"), ("node:18", "node"), ("python:3.12-slim", "python"),
    ("nginx:1.27", "none"), ("redis:7", "none"),
]


def name(rng):
    return f"{rng.choice(WORDS)}-{rng.choice(WORDS)}-{rng.randint(1, 999)}"


def container(rng, indent):
    image, runtime = rng.choice(IMAGES)
    limit = rng.choice([128, 256, 384, 512, 768, 1024, 2048])
    pad = " " * indent
    lines = [f"{pad}- name: {rng.choice(WORDS)}", f"{pad}  image: registry.example.com/{rng.choice(WORDS)}/{image}"]
    if runtime == "jvm":
        lines += [f"{pad}  command: [java, -jar, /app/app.jar]",
                  f"{pad}  env:",
                  f"{pad}    - name: JAVA_TOOL_OPTIONS",
                  f"{pad}      value: \"-Xmx{rng.choice([128, 256, 384, 512])}m -XX:MaxMetaspaceSize=64m\""]
    elif runtime == "go":
        lines += [f"{pad}  env:", f"{pad}    - {{name: GOMEMLIMIT, value: \"{rng.choice(['450MiB', '450Mi', '900MiB'])}\"}}"]
    elif runtime == "node":
        lines += [f"{pad}  command: [node, --max-old-space-size={rng.choice([256, 512, 1024])}, server.js]"]
    elif runtime == "python":
        lines += [f"{pad}  command: [gunicorn, -w, \"{rng.randint(1, 8)}\", app:app]"]
    lines += [f"{pad}  ports: [{{containerPort: {rng.randint(1024, 9999)}}}]",
              f"{pad}  resources:",
              f"{pad}    requests: {{cpu: {rng.randint(50, 900)}m, memory: {limit // 2}Mi}}",
              f"{pad}    limits: {{memory: {limit}Mi}}  # {rng.choice(HANGUL)}"]
    return "\n".join(lines)


def workload(rng):
    kind = rng.choice(["Deployment", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod", "ReplicaSet"])
    n = name(rng)
    containers = "\n".join(container(rng, 8) for _ in range(rng.randint(1, 3)))
    if kind == "Pod":
        return (f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {n}\n  namespace: {rng.choice(WORDS)}\nspec:\n  containers:\n"
                + "\n".join(container(rng, 4) for _ in range(rng.randint(1, 2))))
    if kind == "CronJob":
        return (f"apiVersion: batch/v1\nkind: CronJob\nmetadata: {{name: {n}}}\nspec:\n  schedule: \"{rng.randint(0, 59)} * * * *\"\n"
                f"  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n"
                + "\n".join(container(rng, 12) for _ in range(1)))
    api = "batch/v1" if kind == "Job" else "apps/v1"
    return (f"# {rng.choice(HANGUL)}\napiVersion: {api}\nkind: {kind}\nmetadata:\n  name: {n}\n  namespace: {rng.choice(WORDS)}\n"
            f"  labels: {{app: {n}, tier: {rng.choice(WORDS)}}}\nspec:\n  replicas: {rng.randint(1, 5)}\n"
            f"  selector:\n    matchLabels: {{app: {n}}}\n  template:\n    metadata:\n      labels: {{app: {n}}}\n"
            f"    spec:\n      containers:\n{containers}")


def config_map(rng):
    data = "\n".join(f"  {rng.choice(WORDS).upper()}_{i}: \"{rng.choice(WORDS)} {rng.randint(0, 10**6)}\"" for i in range(rng.randint(3, 20)))
    return f"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: {name(rng)}}}\ndata:\n{data}"


def service(rng):
    return (f"apiVersion: v1\nkind: Service\nmetadata: {{name: {name(rng)}}}\nspec:\n  selector: {{app: {name(rng)}}}\n"
            f"  ports:\n    - {{port: 80, targetPort: {rng.randint(1024, 9999)}}}")


def anchored(rng):
    n = name(rng)
    return (f"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {n}}}\nx-resources: &res\n  limits: {{memory: 512Mi}}\n"
            f"  requests: {{memory: 256Mi}}\nx-env: &env\n  - {{name: MODE, value: prod}}\nspec:\n  template:\n    spec:\n      containers:\n"
            f"        - name: a\n          image: nginx:1.27\n          resources: *res\n          env: *env\n"
            f"        - name: b\n          image: nginx:1.27\n          resources:\n            <<: *res\n            limits: {{memory: 1Gi}}")


def listed(rng):
    items = []
    for _ in range(rng.randint(2, 4)):
        item = rng.choice([config_map, service])(rng)
        items.append("  - " + item.replace("\n", "\n    "))
    return "apiVersion: v1\nkind: List\nitems:\n" + "\n".join(items)


def schema(rng, depth, indent):
    pad = " " * indent
    out = [f"{pad}type: object", f"{pad}description: {' '.join(rng.choice(WORDS) for _ in range(rng.randint(8, 30)))}.",
           f"{pad}properties:"]
    for _ in range(rng.randint(2, 5) if depth < 6 else 0):
        prop = rng.choice(WORDS) + rng.choice(WORDS).capitalize()
        out.append(f"{pad}  {prop}:")
        if depth < 6 and rng.random() < 0.55:
            out.append(schema(rng, depth + 1, indent + 4))
        else:
            kind = rng.choice(["string", "integer", "boolean"])
            out.append(f"{pad}    type: {kind}")
            out.append(f"{pad}    description: {' '.join(rng.choice(WORDS) for _ in range(rng.randint(5, 25)))}.")
            if kind == "string" and rng.random() < 0.3:
                out.append(f"{pad}    enum: [{', '.join(rng.sample(WORDS, 4))}]")
    if len(out) == 3:
        out[-1] = f"{pad}x-kubernetes-preserve-unknown-fields: true"
    return "\n".join(out)


def crd(rng):
    group = f"{rng.choice(WORDS)}.example.com"
    plural = rng.choice(WORDS) + "s"
    versions = []
    for version in ["v1alpha1", "v1beta1", "v1"][: rng.randint(1, 3)]:
        versions.append(f"    - name: {version}\n      served: true\n      storage: {str(version == 'v1').lower()}\n"
                        f"      schema:\n        openAPIV3Schema:\n" + schema(rng, 0, 10))
    return (f"apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: {plural}.{group}\n"
            f"spec:\n  group: {group}\n  names: {{kind: {plural.capitalize()}, plural: {plural}}}\n  scope: Namespaced\n"
            f"  versions:\n" + "\n".join(versions))


def document(rng):
    r = rng.random()
    if r < 0.02:
        return crd(rng)
    if r < 0.75:
        return workload(rng)
    if r < 0.85:
        return config_map(rng)
    if r < 0.92:
        return service(rng)
    if r < 0.96:
        return anchored(rng)
    return listed(rng)


def dockerfile(rng):
    image, runtime = rng.choice(IMAGES)
    lines = [f"# syntax=docker/dockerfile:1.7", f"FROM {image} AS base", "WORKDIR /app", "COPY . ."]
    if runtime == "jvm":
        lines += ["ENV JAVA_TOOL_OPTIONS=\"-XX:+ExitOnOutOfMemoryError \\", f"    -Xmx{rng.choice([256, 384, 512])}m\"",
                  "ENTRYPOINT [\"java\", \"-jar\", \"/app/app.jar\"]"]
    elif runtime == "node":
        lines += ["RUN npm ci --omit=dev", "CMD [\"node\", \"server.js\"]"]
    elif runtime == "python":
        lines += ["RUN pip install -r requirements.txt", "CMD gunicorn -w 4 app:app"]
    else:
        lines += ["RUN make build", "CMD [\"/app/server\"]"]
    return "\n".join(lines) + "\n"


def write_stream(path, target, rng):
    size = 0
    with open(path, "w", encoding="utf-8") as out:
        while size < target:
            text = "---\n" + document(rng) + "\n"
            out.write(text)
            size += len(text.encode())


def write_tree(root, target, files, rng):
    """Packs the same kind of documents as the stream, up to `target` bytes, into about `files`
    files (whole documents each; a big CRD fills a file alone), one Dockerfile per 25 files."""
    documents, size = [], 0
    while size < target:
        text = "---\n" + document(rng) + "\n"
        documents.append(text)
        size += len(text.encode())
    yaml_files = files - files // 25
    big = [d for d in documents if "kind: CustomResourceDefinition" in d]
    small_bytes = sum(len(d.encode()) for d in documents) - sum(len(d.encode()) for d in big)
    # Files overshoot their share by part of a document: aim a fifth lower to land near `files`.
    per_file = max(1, small_bytes // max(1, int((yaml_files - len(big)) * 1.2)))
    made, buffer, buffered = 0, [], 0
    for index, text in enumerate(documents):
        buffer.append(text)
        buffered += len(text.encode())
        alone = "kind: CustomResourceDefinition" in text
        if alone or buffered >= per_file or index == len(documents) - 1:
            folder = os.path.join(root, f"team-{made % 23}", f"service-{made % 211}", "k8s" if made % 3 else "base")
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, f"m{made}.yaml"), "w", encoding="utf-8") as out:
                out.write("".join(buffer))
            if made % 24 == 0:
                with open(os.path.join(os.path.dirname(folder), "Dockerfile"), "w", encoding="utf-8") as out:
                    out.write(dockerfile(rng))
            made += 1
            buffer, buffered = [], 0
    return made


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out")
    parser.add_argument("--mb", type=int, default=50)
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--stream-only", action="store_true")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    write_stream(os.path.join(args.out, f"stream-{args.mb}mb.yaml"), args.mb * 1_000_000, random.Random(args.seed))
    if not args.stream_only:
        write_tree(os.path.join(args.out, "tree"), args.mb * 1_000_000, args.files, random.Random(args.seed + 1))
        with open(os.path.join(args.out, "small.yaml"), "w", encoding="utf-8") as out:
            out.write(workload(random.Random(args.seed + 2)) + "\n")


if __name__ == "__main__":
    main()
