/// `$n`: a parameter of a statement prepared through the extended query protocol (`StatementParameters`).
extension Binder {
    func bindParameter(_ number: Int, at position: SourcePosition) throws -> BoundExpression {
        guard let parameters, number >= 1, number <= parameters.types.count else {
            throw SQLError(.undefinedParameter, "there is no parameter $\(number)", position: position.reported)
        }
        let type = parameters.types[number - 1]
        guard let values = parameters.values else {
            if let type { return BoundExpression(.literal(.null), type, at: position) }
            ParameterInference.current?.placeholder(number, at: position.offset)
            return BoundExpression(.literal(.null), .unknown, at: position)
        }
        guard number <= values.count, let text = values[number - 1] else {
            return BoundExpression(.literal(.null), type ?? .unknown, at: position)
        }
        let literal = BoundExpression(.literal(.text(text)), .unknown, at: position)
        guard let type else { return literal }
        return try Operators.coerce(literal, to: type)
    }
}
