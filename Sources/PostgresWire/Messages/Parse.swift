/// Parse (`P`): prepare `query` as the statement `name` ("" is the unnamed statement), with the parameter types the
/// client fixed (0 leaves a parameter's type to the server).
public struct Parse: Sendable, Equatable {
    public var name: String
    public var query: String
    public var parameterTypes: [UInt32]

    public init(name: String, query: String, parameterTypes: [UInt32]) {
        self.name = name
        self.query = query
        self.parameterTypes = parameterTypes
    }
}
