import MemlintEngine

struct PythonRuntime: RuntimeDescriptor {
    static let id = RuntimeID("python")
    var id: RuntimeID { Self.id }
    let displayName = "Python"

    static let perWorker = Parameter.size("perWorker", default: "100Mi",
                                          "Memory of one worker process (a small Django or Flask app), for PY003 and the budget.")
    var parameters: [ParameterDescription] { [Self.perWorker.description] }

    func settings(for container: ResolvedContainer, parameters: ParameterValues) -> any RuntimeSettings {
        PythonSettings(container, parameters: parameters)
    }

    static let servers: Set<String> = ["gunicorn", "uvicorn", "celery", "hypercorn", "daphne", "uwsgi", "granian", "flask", "django-admin"]
    static let variables = ["PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE", "PYTHONMALLOC", "PYTHONPATH", "WEB_CONCURRENCY", "GUNICORN_CMD_ARGS"]

    func evidence(for subject: RuntimeSubject) -> [RuntimeEvidence] {
        // Python is often installed for tooling beside another runtime: a strong hint, not proof.
        subject.installEvidence("Python", weight: 2) { $0 == "python3" || $0.hasPrefix("python3.") || $0 == "python3-minimal" || $0 == "python" }
            + subject.standardEvidence(runtimeName: "Python", isCommand: { $0.hasPrefix("python") || Self.servers.contains($0) }, variables: Self.variables)
    }
}
