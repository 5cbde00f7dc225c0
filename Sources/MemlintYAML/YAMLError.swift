/// Why a stream (or part of it) could not be loaded. Becomes an `E001 yaml-syntax-error`.
public struct YAMLError: Error, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// libyaml rejected the text.
        case syntax
        /// The bytes are not UTF-8 (or UTF-16 with a byte order mark).
        case encoding
        /// An alias names an anchor that was not defined before it in the document.
        case undefinedAlias
        /// Nesting deeper than the loader's limit.
        case tooDeep
        /// Reading the file took longer than the per-file time budget.
        case tooComplex
    }

    public var kind: Kind
    /// One sentence: libyaml's problem, with its context when it gives one.
    public var message: String
    /// Where the problem is.
    public var mark: Mark
    /// Where the construct that failed began (libyaml's context mark), when known.
    public var contextMark: Mark?
    public var contextMessage: String?
    /// The index of the document in which the error occurred.
    public var documentIndex: Int

    public init(kind: Kind, message: String, mark: Mark, contextMark: Mark? = nil, contextMessage: String? = nil, documentIndex: Int) {
        self.kind = kind
        self.message = message
        self.mark = mark
        self.contextMark = contextMark
        self.contextMessage = contextMessage
        self.documentIndex = documentIndex
    }
}
