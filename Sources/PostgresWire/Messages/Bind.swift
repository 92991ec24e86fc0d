public import NIOCore

/// Bind (`B`): make the portal `portal` from the statement `statement` with parameter values and the result formats.
public struct Bind: Sendable, Equatable {
    public var portal: String
    public var statement: String
    /// Zero (all text), one (for all) or one per parameter.
    public var parameterFormats: [WireFormat]
    /// A value per parameter; nil is SQL NULL.
    public var parameters: [ByteBuffer?]
    /// Zero (all text), one (for all) or one per result column.
    public var resultFormats: [WireFormat]

    public init(
        portal: String, statement: String, parameterFormats: [WireFormat], parameters: [ByteBuffer?],
        resultFormats: [WireFormat]
    ) {
        self.portal = portal
        self.statement = statement
        self.parameterFormats = parameterFormats
        self.parameters = parameters
        self.resultFormats = resultFormats
    }
}
