import MemlintEngine

struct PythonDetector: RuntimeDetector {
    let runtime = "python"

    static let images = ["python", "*/python", "pypy", "gcr.io/distroless/python3*", "cgr.dev/chainguard/python*", "*/python-3*", "tiangolo/*"]
    static let servers: Set<String> = ["gunicorn", "uvicorn", "celery", "hypercorn", "daphne", "uwsgi", "granian", "flask", "django-admin"]
    static let variables = ["PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE", "PYTHONMALLOC", "PYTHONPATH", "WEB_CONCURRENCY", "GUNICORN_CMD_ARGS"]

    func evidence(for subject: RuntimeSubject) -> [RuntimeEvidence] {
        subject.standardEvidence(runtimeName: "Python", images: Self.images, isCommand: { $0.hasPrefix("python") || Self.servers.contains($0) }, variables: Self.variables)
    }
}
