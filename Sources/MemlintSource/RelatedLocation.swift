/// A secondary place that explains a finding ("limit set here").
public struct RelatedLocation: Sendable {
    public var location: SourceLocation
    public var message: String
    public init(_ location: SourceLocation, _ message: String) {
        self.location = location
        self.message = message
    }
}
