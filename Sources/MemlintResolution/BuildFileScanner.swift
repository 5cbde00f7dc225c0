import MemlintSource
import MemlintKubernetes

/// Reads the build files that are not YAML — Tiltfiles, Bake files, Maven and Gradle builds, shell
/// scripts and Makefiles — for the images they build. It reads what these files write literally;
/// computed names (a Starlark variable, a Gradle property) are not evaluated.
public enum BuildFileScanner {
    /// Build files by name: the engine discovers and reads them with the manifests.
    public static func isBuildFileName(_ name: String) -> Bool {
        name == "Tiltfile" || name == "docker-bake.hcl" || name == "pom.xml" || name == "build.gradle" || name == "build.gradle.kts"
            || name == "Makefile" || name.hasSuffix(".sh") || name.hasSuffix(".mk")
    }

    public static func recipes(in text: String, path: String) -> [BuildRecipe] {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        switch name {
        case "Tiltfile": return tiltfile(text)
        case "docker-bake.hcl": return bake(text)
        case "pom.xml": return maven(text, path: path)
        case "build.gradle", "build.gradle.kts": return gradle(text, path: path)
        default: return DockerBuildLines.recipes(in: text, path: path, tool: .script, base: .file, firstLine: 1)
        }
    }

    // MARK: Tiltfile

    /// `docker_build('ref', 'context', dockerfile='…', target='…')`.
    static func tiltfile(_ text: String) -> [BuildRecipe] {
        var recipes: [BuildRecipe] = []
        for (line, call) in calls(named: "docker_build", in: text) {
            let (positional, named) = arguments(call)
            guard let image = positional.first ?? named["ref"] else { continue }
            let context = positional.count > 1 ? positional[1] : (named["context"] ?? ".")
            recipes.append(BuildRecipe(tool: .tiltfile, image: image, context: context, dockerfile: named["dockerfile"] ?? "Dockerfile",
                                       dockerfileFromBase: named["dockerfile"] != nil, target: named["target"], line: line))
        }
        return recipes
    }

    /// The text between the parentheses of each `name(` call, with the line it starts on.
    static func calls(named name: String, in text: String) -> [(Int, String)] {
        var found: [(Int, String)] = []
        let characters = Array(text)
        let target = Array(name + "(")
        var line = 1
        var i = 0
        while i < characters.count {
            if characters[i] == "\n" { line += 1 }
            if characters[i] == "#" { while i < characters.count, characters[i] != "\n" { i += 1 }; continue }
            if i + target.count <= characters.count, Array(characters[i..<i + target.count]) == target,
               i == 0 || !(characters[i - 1].isLetter || characters[i - 1].isNumber || characters[i - 1] == "_" || characters[i - 1] == ".") {
                var depth = 1
                var j = i + target.count
                var quote: Character?
                while j < characters.count, depth > 0 {
                    let c = characters[j]
                    if let q = quote { if c == q { quote = nil } } else if c == "'" || c == "\"" { quote = c } else if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
                    j += 1
                }
                found.append((line, String(characters[(i + target.count)..<max(i + target.count, j - 1)])))
                line += characters[i..<j].filter { $0 == "\n" }.count
                i = j
                continue
            }
            i += 1
        }
        return found
    }

    /// String literal arguments: positional ones, and `name='value'` ones.
    static func arguments(_ call: String) -> ([String], [String: String]) {
        var positional: [String] = []
        var named: [String: String] = [:]
        for part in splitTopLevel(call) {
            let trimmed = part.trimmingWhitespace()
            if let equals = trimmed.firstIndex(of: "="), let value = literal(String(trimmed[trimmed.index(after: equals)...])) {
                named[String(trimmed[..<equals]).trimmingWhitespace()] = value
            } else if let value = literal(trimmed) {
                positional.append(value)
            } else if !trimmed.contains("=") {
                positional.append("")  // a variable: keeps the positions of later arguments
            }
        }
        return (positional, named)
    }

    static func splitTopLevel(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var quote: Character?
        for c in text {
            if let q = quote { current.append(c); if c == q { quote = nil }; continue }
            if c == "'" || c == "\"" { quote = c } else if c == "(" || c == "[" || c == "{" { depth += 1 } else if c == ")" || c == "]" || c == "}" { depth -= 1 }
            if c == ",", depth == 0 { parts.append(current); current = ""; continue }
            current.append(c)
        }
        if !current.trimmingWhitespace().isEmpty { parts.append(current) }
        return parts
    }

    /// `'text'` or `"text"` → text; anything else (a variable, a call) → nil.
    static func literal(_ text: String) -> String? {
        let t = text.trimmingWhitespace()
        guard t.count >= 2, let first = t.first, first == "'" || first == "\"", t.last == first else { return nil }
        let inner = t.dropFirst().dropLast()
        return inner.contains(first) ? nil : String(inner)
    }

    // MARK: Bake

    /// `target "name" { context = "…"  dockerfile = "…"  tags = ["…"]  target = "…" }`.
    static func bake(_ text: String) -> [BuildRecipe] {
        var recipes: [BuildRecipe] = []
        var inTarget = false
        var depth = 0
        var context = ".", dockerfile = "Dockerfile", tags: [String] = [], stage: String?, start = 0
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw).trimmingWhitespace()
            if !inTarget, line.hasPrefix("target ") || line.hasPrefix("target\t") {
                inTarget = true
                depth = 0
                context = "."; dockerfile = "Dockerfile"; tags = []; stage = nil; start = index + 1
            }
            guard inTarget else { continue }
            depth += line.filter { $0 == "{" }.count - line.filter { $0 == "}" }.count
            if let value = assignment("context", line) { context = value }
            if let value = assignment("dockerfile", line) { dockerfile = value }
            if let value = assignment("target", line) { stage = value }
            if line.hasPrefix("tags") { tags += quoted(line) }
            if depth <= 0, line.contains("}") {
                for tag in tags { recipes.append(BuildRecipe(tool: .bake, image: tag, context: context, dockerfile: dockerfile, target: stage, line: start)) }
                inTarget = false
            }
        }
        return recipes
    }

    static func assignment(_ key: String, _ line: String) -> String? {
        guard line.hasPrefix(key) else { return nil }
        let rest = String(line.dropFirst(key.count)).trimmingWhitespace()
        guard rest.hasPrefix("=") else { return nil }
        return quoted(String(rest.dropFirst())).first
    }

    static func quoted(_ line: String) -> [String] {
        var found: [String] = []
        var current: String?
        for c in line {
            if c == "\"" {
                if let value = current { found.append(value); current = nil } else { current = "" }
            } else if current != nil {
                current!.append(c)
            }
        }
        return found
    }

    // MARK: Maven and Gradle

    /// `jib-maven-plugin`: `<to><image>`, `<from><image>`, `<jvmFlags><jvmFlag>`; `spring-boot-maven-plugin`
    /// with `<image><name>` builds with Cloud Native Buildpacks.
    static func maven(_ text: String, path: String) -> [BuildRecipe] {
        var recipes: [BuildRecipe] = []
        if let plugin = section(of: text, after: "<artifactId>jib-maven-plugin</artifactId>", closing: "</plugin>") {
            let to = section(of: plugin.text, after: "<to>", closing: "</to>").flatMap { element("image", in: $0.text) }
            let from = section(of: plugin.text, after: "<from>", closing: "</from>").flatMap { element("image", in: $0.text) }
            var flags: [TracedText] = []
            var search = plugin.text[...]
            while let open = search.firstRange(of: "<jvmFlag>"), let close = search[open.upperBound...].firstRange(of: "</jvmFlag>") {
                let value = String(search[open.upperBound..<close.lowerBound]).trimmingWhitespace()
                let offset = text.distance(from: text.startIndex, to: plugin.start) + plugin.text.distance(from: plugin.text.startIndex, to: open.upperBound)
                flags.append(traced(value, in: text, at: offset, path: path))
                search = search[close.upperBound...]
            }
            if let to {
                recipes.append(BuildRecipe(tool: .jib, image: to, context: ".", dockerfile: nil, line: line(of: plugin.start, in: text),
                                           baseImage: from, jvmFlags: flags))
            }
        }
        if let plugin = section(of: text, after: "<artifactId>spring-boot-maven-plugin</artifactId>", closing: "</plugin>"),
           let image = section(of: plugin.text, after: "<image>", closing: "</image>").flatMap({ element("name", in: $0.text) }) {
            var recipe = BuildRecipe(tool: .buildpacks, image: image, context: ".", dockerfile: nil, line: line(of: plugin.start, in: text))
            recipe.language = "java"
            recipes.append(recipe)
        }
        return recipes
    }

    /// `jib { from { image = '…' }  to { image = '…' }  container { jvmFlags = ['…'] } }`, also the
    /// `from.image = …` spellings.
    static func gradle(_ text: String, path: String) -> [BuildRecipe] {
        guard let block = section(of: text, after: "jib {", closing: nil) ?? section(of: text, after: "jib{", closing: nil) else { return [] }
        func image(_ name: String) -> String? {
            if let inner = section(of: block.text, after: "\(name) {", closing: "}"), let value = gradleValue("image", in: inner.text) { return value }
            return gradleValue("\(name).image", in: block.text)
        }
        guard let to = image("to") else { return [] }
        var flags: [TracedText] = []
        if let range = block.text.firstRange(of: "jvmFlags") {
            let rest = block.text[range.upperBound...]
            if let close = rest.firstIndex(where: { $0 == "]" || $0 == ")" }) {
                var cursor = rest.startIndex
                while cursor < close {
                    guard let q = rest[cursor..<close].firstIndex(where: { $0 == "'" || $0 == "\"" }) else { break }
                    let afterQuote = rest.index(after: q)
                    guard let end = rest[afterQuote..<close].firstIndex(of: rest[q]) else { break }
                    let offset = text.distance(from: text.startIndex, to: block.start) + block.text.distance(from: block.text.startIndex, to: afterQuote)
                    flags.append(traced(String(rest[afterQuote..<end]), in: text, at: offset, path: path))
                    cursor = rest.index(after: end)
                }
            }
        }
        return [BuildRecipe(tool: .jib, image: to, context: ".", dockerfile: nil, line: line(of: block.start, in: text), baseImage: image("from"), jvmFlags: flags)]
    }

    static func gradleValue(_ key: String, in text: String) -> String? {
        guard let range = text.firstRange(of: key) else { return nil }
        let rest = text[range.upperBound...].trimmingPrefix(while: { $0 == " " || $0 == "\t" })
        guard rest.first == "=" else { return nil }
        let value = rest.dropFirst().trimmingPrefix(while: { $0 == " " || $0 == "\t" })
        guard let quote = value.first, quote == "'" || quote == "\"", let end = value.dropFirst().firstIndex(of: quote) else { return nil }
        return String(value[value.index(after: value.startIndex)..<end])
    }

    /// The text after `marker` up to `closing` (or to the brace that closes the block, when nil).
    static func section(of text: String, after marker: String, closing: String?) -> (text: String, start: String.Index)? {
        guard let range = text.firstRange(of: marker) else { return nil }
        let rest = text[range.upperBound...]
        if let closing {
            guard let end = rest.firstRange(of: closing) else { return nil }
            return (String(rest[..<end.lowerBound]), range.upperBound)
        }
        var depth = 1
        var index = rest.startIndex
        while index < rest.endIndex, depth > 0 {
            if rest[index] == "{" { depth += 1 } else if rest[index] == "}" { depth -= 1 }
            index = rest.index(after: index)
        }
        return (String(rest[..<index]), range.upperBound)
    }

    static func element(_ name: String, in text: String) -> String? {
        guard let open = text.firstRange(of: "<\(name)>"), let close = text[open.upperBound...].firstRange(of: "</\(name)>") else { return nil }
        let value = String(text[open.upperBound..<close.lowerBound]).trimmingWhitespace()
        return value.isEmpty ? nil : value
    }

    static func line(of index: String.Index, in text: String) -> Int {
        text[..<index].filter { $0 == "\n" }.count + 1
    }

    /// A value at a character offset of the file, traced to its line and column.
    static func traced(_ value: String, in text: String, at offset: Int, path: String) -> TracedText {
        let prefix = text.prefix(offset)
        let line = prefix.filter { $0 == "\n" }.count + 1
        let column = prefix.count - (prefix.lastIndex(of: "\n").map { prefix.distance(from: prefix.startIndex, to: $0) + 1 } ?? 0) + 1
        // Skip blanks between the tag and the value.
        let lead = text.dropFirst(offset).prefix { $0 == " " || $0 == "\t" || $0 == "\n" }.count
        return TracedText(value, path: path, start: Mark(line: line, column: column + lead, offset: prefix.utf8.count + lead))
    }
}
