import Columnar
import Testing

@testable import SQL

/// Equality and hashing of arrays, rows and maps agree with their order (`NestedOrder`): text by its UTF-8 bytes,
/// where Columnar's synthesized `Value ==` would take canonically equivalent strings as one.
@Suite struct NestedEqualityTests {
    static let composed = "\u{E9}"
    static let decomposed = "e\u{301}"

    static func hash(_ datum: Datum) -> Int {
        var hasher = Hasher()
        datum.hash(into: &hasher)
        return hasher.finalize()
    }

    @Test(arguments: [
        Value.list([.string(composed)]), .struct([.string(composed), .int(1)]),
        .map([MapEntry(key: .string(composed), value: .string("v"))]), .list([.list([.string(composed)])]),
    ])
    func canonicallyEquivalentTextInsideStaysApart(_ value: Value) {
        let other = Self.replacingText(value)
        #expect(Datum.nested(value) != Datum.nested(other))
        #expect(NestedOrder.order(value, other) != 0)
        #expect(Set([Datum.nested(value), .nested(other), .nested(value)]).count == 2)
        #expect(GroupKeyHash.datum(.nested(value)) != GroupKeyHash.datum(.nested(other)))
    }

    static func replacingText(_ value: Value) -> Value {
        switch value {
        case .string: .string(decomposed)
        case let .list(items): .list(items.map(replacingText))
        case let .struct(fields): .struct(fields.map(replacingText))
        case let .map(entries): .map(entries.map { MapEntry(key: replacingText($0.key), value: $0.value) })
        default: value
        }
    }

    @Test func equalValuesUnderTheOrderAreEqualAndHashAlike() {
        let pairs: [(Value, Value)] = [
            (.list([.float(.nan)]), .list([.float(-Double.nan)])),
            (.list([.float(0)]), .list([.float(-0.0)])),
            // Unconstrained numeric: 1.0 and 1.00.
            (.list([.struct([.decimal(10), .int(1)])]), .list([.struct([.decimal(100), .int(2)])])),
            (.list([.string(Self.composed), .null]), .list([.string(Self.composed), .null])),
        ]
        for (a, b) in pairs {
            #expect(NestedOrder.order(a, b) == 0)
            #expect(Datum.nested(a) == Datum.nested(b))
            #expect(Self.hash(.nested(a)) == Self.hash(.nested(b)))
        }
        #expect(Datum.nested(.list([.int(1)])) != Datum.nested(.list([.int(1), .int(2)])))
        #expect(Datum.nested(.list([])) != Datum.nested(.map([])))
    }
}
