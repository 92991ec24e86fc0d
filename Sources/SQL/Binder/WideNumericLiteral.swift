/// Numeric constants of more than 38 significant digits (`1e308`, `123456789012345678901234567890123456789`).
///
/// PostgreSQL types them `numeric`; this engine's numeric holds 38 digits. Such a constant is bound as a cast of
/// its text to numeric, so it keeps PostgreSQL's type (`pg_typeof` says `numeric`) and fails with `0A000` if it is
/// ever evaluated as a numeric. Converted to `real` or `double precision` (explicitly, or implicitly as in
/// `1.5e300 * 10::float8`), it is read from its text directly, as PostgreSQL's `numeric_float8` gives the
/// correctly rounded double of the exact value.
extension Binder {
    static func wideNumericLiteral(_ text: String, _ position: SourcePosition) -> BoundExpression {
        let source = BoundExpression(.literal(.text(text)), .unknown, at: position)
        return BoundExpression(.cast(source), .anyNumeric, at: position)
    }
}

extension Operators {
    /// The text of a wide numeric constant (see `Binder.wideNumericLiteral`), nil for any other expression.
    static func wideNumericText(_ expression: BoundExpression) -> String? {
        guard expression.type == .anyNumeric, case let .cast(source) = expression.kind, source.type == .unknown,
            case let .literal(.text(text)) = source.kind
        else { return nil }
        return text
    }
}
