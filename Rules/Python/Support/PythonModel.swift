import MemlintEngine

/// Python's part of the rule model (`runtime.python.*`).
extension PythonRuntime {
    var modelFields: [ModelField] {
        [
            ModelField("workers", .int, "Worker processes the server starts (gunicorn -w, uvicorn --workers, WEB_CONCURRENCY)."),
            ModelField("server", .string, "The server that starts them (gunicorn, uvicorn, …)."),
            ModelField("malloc", .string, "PYTHONMALLOC, when set."),
            ModelField("version", .string, "Python's version from the image tag (\"3.12\")."),
        ]
    }
}

extension PythonSettings {
    var modelEntries: [ModelEntry] {
        var entries: [ModelEntry] = []
        if let workers { entries.append(ModelEntry("workers", .int(Int64(workers.count)), at: workers.location)) }
        if let server { entries.append(ModelEntry("server", .string(server))) }
        if let malloc = pythonMalloc?.value { entries.append(ModelEntry("malloc", .string(malloc.text), at: malloc.location ?? pythonMalloc?.location)) }
        if let version { entries.append(ModelEntry("version", .string("\(version.major).\(version.minor)"))) }
        return entries
    }
}
