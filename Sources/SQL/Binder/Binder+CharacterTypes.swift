extension Binder {
    /// PostgreSQL's limits on `character(n)` / `character varying(n)` lengths (`anychar_typmodin`).
    func characterLength(_ length: Int?, _ name: TypeName) throws -> Int? {
        guard let length else { return nil }
        let typeName = if case .varchar = name.base { "varchar" } else { "char" }
        guard length >= 1 else {
            throw SQLError(
                .invalidParameterValue, "length for type \(typeName) must be at least 1",
                position: name.position.reported)
        }
        guard length <= 10_485_760 else {
            throw SQLError(
                .invalidParameterValue, "length for type \(typeName) cannot exceed 10485760",
                position: name.position.reported)
        }
        return length
    }
}
