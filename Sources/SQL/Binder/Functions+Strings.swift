import Columnar

/// The string functions beyond the basic ones in `Functions.scalar`, as PostgreSQL 15 types them.
public enum StringFunction: Hashable, Sendable {
    case lpad, rpad, repeatText, translate, concatWS, reverse, initcap, overlay, chr, ascii
    case md5Text, md5Bytes, encode, decode, format, quoteIdent, quoteLiteral, quoteNullable
    case octetLength, bitLength, octetLengthBytes, bitLengthBytes
    /// `to_hex` of an integer of `bits` bits (two's complement).
    case toHex(bits: Int)

    /// The functions that see NULL arguments (the others return NULL for any NULL argument).
    var isStrict: Bool {
        switch self {
        case .concatWS, .format, .quoteNullable: false
        default: true
        }
    }
}

extension Functions {
    static func strings(_ name: String, _ arguments: [BoundExpression], at position: SourcePosition) throws
        -> BoundExpression?
    {
        func make(_ function: StringFunction, _ types: [SQLType], _ result: SQLType) throws -> BoundExpression? {
            guard let fitted = try fit(arguments, types) else { return nil }
            return BoundExpression(.function(.string(function), fitted), result, at: position)
        }
        let first = arguments.first?.type ?? .unknown
        let result: BoundExpression?
        switch name {
        case "lpad", "rpad":
            let function: StringFunction = name == "lpad" ? .lpad : .rpad
            result = try make(function, [.text, .integer], .text) ?? make(function, [.text, .integer, .text], .text)
        case "repeat": result = try make(.repeatText, [.text, .integer], .text)
        case "translate": result = try make(.translate, [.text, .text, .text], .text)
        case "reverse": result = try make(.reverse, [.text], .text)
        case "initcap": result = try make(.initcap, [.text], .text)
        case "overlay":
            result =
                try make(.overlay, [.text, .text, .integer], .text)
                ?? make(.overlay, [.text, .text, .integer, .integer], .text)
        case "chr": result = try make(.chr, [.integer], .text)
        case "ascii": result = try make(.ascii, [.text], .integer)
        case "md5":
            result = first == .bytea ? try make(.md5Bytes, [.bytea], .text) : try make(.md5Text, [.text], .text)
        case "encode": result = try make(.encode, [.bytea, .text], .text)
        case "decode": result = try make(.decode, [.text, .text], .bytea)
        case "quote_ident": result = try make(.quoteIdent, [.text], .text)
        case "quote_literal", "quote_nullable":
            guard arguments.count == 1 else { return nil }
            let function: StringFunction = name == "quote_literal" ? .quoteLiteral : .quoteNullable
            let argument = try castText(arguments[0])
            result = BoundExpression(.function(.string(function), [argument]), .text, at: position)
        case "octet_length", "bit_length":
            let bytes = first == .bytea
            let function: StringFunction =
                name == "octet_length"
                ? (bytes ? .octetLengthBytes : .octetLength) : (bytes ? .bitLengthBytes : .bitLength)
            result = try make(function, [bytes ? .bytea : .text], .integer)
        case "to_hex":
            result =
                first == .bigint
                ? try make(.toHex(bits: 64), [.bigint], .text) : try make(.toHex(bits: 32), [.integer], .text)
        case "concat_ws", "format":
            guard !arguments.isEmpty else { return nil }
            let head = try castText(arguments[0])
            guard head.type == .text else { return nil }
            let rest = try arguments.dropFirst().map { argument -> BoundExpression in
                argument.type == .unknown ? try Operators.coerce(argument, to: .text) : Operators.outputText(argument)
            }
            let function: StringFunction = name == "format" ? .format : .concatWS
            result = BoundExpression(.function(.string(function), [head] + rest), .text, at: position)
        case "pg_typeof":
            guard arguments.count == 1 else { return nil }
            result = BoundExpression(.literal(.text(arguments[0].type.regtypeName)), .text, at: position)
        default:
            return nil
        }
        guard let result else { throw noFunction(name, arguments, position) }
        return result
    }

    /// `argument` as text: a cast for any other type (PostgreSQL's `::text`), unknown literals as text.
    static func castText(_ argument: BoundExpression) throws -> BoundExpression {
        if argument.type == .text { return argument }
        if argument.type == .unknown { return try Operators.coerce(argument, to: .text) }
        return BoundExpression(.cast(argument), .text, at: argument.position)
    }
}

extension SQLType {
    /// The type's name as `pg_typeof` (a `regtype`) prints it: without type modifiers.
    public var regtypeName: String {
        switch self {
        case .numeric: return "numeric"
        case .varchar: return "character varying"
        case .bpchar: return "character"
        case let .array(element): return SQLType(element.type).regtypeName + "[]"
        default: return description
        }
    }
}
