import Columnar

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A rejected value inside one record: the reason and the path from the failing value up to the root
/// (innermost first, filled in as the error travels up).
struct FieldIssue: Error {
    enum Part {
        case field(String)
        case index(Int)
    }

    var reversedPath: [Part] = []
    var reason: String

    init(_ reason: String) { self.reason = reason }

    /// `web.page.name`, `products[2].price`.
    var fieldPath: String {
        var out = ""
        for part in reversedPath.reversed() {
            switch part {
            case let .field(name): out += out.isEmpty ? name : "." + name
            case let .index(i): out += "[\(i)]"
            }
        }
        return out
    }

    func within(_ part: Part) -> FieldIssue {
        var copy = self
        copy.reversedPath.append(part)
        return copy
    }
}

/// Read-only views of one parsed line.
struct RecordView {
    let line: UnsafeBufferPointer<UInt8>
    let tokens: UnsafeBufferPointer<JSONToken>
    let scratch: UnsafeBufferPointer<UInt8>

    /// The decoded bytes of a string token.
    @inline(__always)
    func bytes(of token: JSONToken) -> UnsafeBufferPointer<UInt8> {
        let source = token.flags & JSONToken.scratchFlag != 0 ? scratch : line
        return UnsafeBufferPointer(rebasing: source[Int(token.start)..<Int(token.end)])
    }

    /// The raw text of a number token.
    @inline(__always)
    func text(of token: JSONToken) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: line[Int(token.start)..<Int(token.end)])
    }
}

/// Checks one parsed record against the schema and converts its scalars, keeping the results beside
/// the tape (`scalars`, `decimals`, `slots`, `arena`) so that appending cannot fail halfway.
final class NDJSONRecordDecoder {
    let root: NDJSONPlanNode
    /// Per token: converted integer, timestamp, date, float bits, binary range, or a struct's slot base.
    var scalars: [Int64] = []
    /// Per token: unscaled decimal values.
    var decimals: [Int128] = []
    /// Per struct token: one entry per schema field, the value token index or -1 when absent.
    var slots: [Int32] = []
    /// Decoded base64 bytes.
    var arena: [UInt8] = []

    init(root: NDJSONPlanNode) {
        self.root = root
    }

    /// Validates the record whose root is token 0.
    func validate(_ view: RecordView) throws(FieldIssue) {
        slots.removeAll(keepingCapacity: true)
        arena.removeAll(keepingCapacity: true)
        if scalars.count < view.tokens.count {
            scalars.append(contentsOf: repeatElement(0, count: view.tokens.count - scalars.count))
            decimals.append(contentsOf: repeatElement(0, count: view.tokens.count - decimals.count))
        }
        guard view.tokens.first?.kind == .object else {
            throw FieldIssue("a record must be a JSON object, got \(view.tokens.first?.kind.label ?? "nothing")")
        }
        try validate(root, 0, view)
    }

    private func typeIssue(_ node: NDJSONPlanNode, _ token: JSONToken) -> FieldIssue {
        FieldIssue("\(node.expectation), got \(token.kind.label)")
    }

    private func validate(_ node: NDJSONPlanNode, _ t: Int, _ view: RecordView) throws(FieldIssue) {
        let token = view.tokens[t]
        if token.kind == .null {
            if node.nullable { return }
            throw FieldIssue("null is not allowed here (\(node.type.name) is required)")
        }
        switch node.kind {
        case .boolean:
            guard token.kind == .true || token.kind == .false else { throw typeIssue(node, token) }
        case .int32, .int64:
            guard token.kind == .number else { throw typeIssue(node, token) }
            guard token.flags & (JSONToken.fractionFlag | JSONToken.exponentFlag) == 0 else {
                throw FieldIssue("\(node.expectation), got a number with a fraction or exponent")
            }
            guard let value = JSONScalars.int64(view.text(of: token)) else {
                throw FieldIssue("integer \(String(decoding: view.text(of: token), as: UTF8.self)) is out of int64 range")
            }
            if case .int32 = node.kind, Int32(exactly: value) == nil {
                throw FieldIssue("integer \(value) is out of int32 range")
            }
            scalars[t] = value
        case .float:
            guard token.kind == .number, let value = JSONScalars.double(view.text(of: token)) else { throw typeIssue(node, token) }
            scalars[t] = Int64(bitPattern: value.bitPattern)
        case .string:
            guard token.kind == .string else { throw typeIssue(node, token) }
        case .binary:
            guard token.kind == .string else { throw typeIssue(node, token) }
            let start = arena.count
            guard JSONScalars.base64(view.bytes(of: token), into: &arena) else {
                throw FieldIssue("\(node.expectation), got a string that is not base64")
            }
            scalars[t] = Int64(start) << 32 | Int64(arena.count - start)
        case .date:
            guard token.kind == .string else { throw typeIssue(node, token) }
            guard let days = JSONScalars.date(view.bytes(of: token)) else {
                throw FieldIssue("\(node.expectation), got \"\(Self.preview(view.bytes(of: token)))\"")
            }
            scalars[t] = Int64(days)
        case .timestamp:
            guard token.kind == .string else {
                if token.kind == .number { throw FieldIssue("\(node.expectation); epoch numbers are not accepted") }
                throw typeIssue(node, token)
            }
            guard let micros = JSONScalars.timestamp(view.bytes(of: token)) else {
                throw FieldIssue("\(node.expectation) (at most microsecond precision), got \"\(Self.preview(view.bytes(of: token)))\"")
            }
            scalars[t] = micros
        case let .decimal(precision, scale):
            let text: UnsafeBufferPointer<UInt8>
            switch token.kind {
            case .number: text = view.text(of: token)
            case .string: text = view.bytes(of: token)
            default: throw typeIssue(node, token)
            }
            switch JSONScalars.decimal(text, precision: precision, scale: scale) {
            case let .success(value): decimals[t] = value
            case .failure(.notANumber):
                throw FieldIssue("\(node.expectation), got \"\(Self.preview(text))\"")
            case .failure(.tooManyFractionDigits):
                throw FieldIssue("\(Self.preview(text)) has more than \(scale) digits after the point for decimal(\(precision),\(scale))")
            case .failure(.tooManyDigits):
                throw FieldIssue("\(Self.preview(text)) has too many digits for decimal(\(precision),\(scale))")
            }
        case .struct:
            guard token.kind == .object else { throw typeIssue(node, token) }
            try validateStruct(node, t, view)
        case .list:
            guard token.kind == .array else { throw typeIssue(node, token) }
            let element = node.children[0]
            var c = t + 1
            for i in 0..<Int(token.count) {
                do throws(FieldIssue) { try validate(element, c, view) } catch { throw error.within(.index(i)) }
                c = Int(view.tokens[c].next)
            }
        case .map:
            guard token.kind == .object else { throw typeIssue(node, token) }
            let value = node.children[1]
            var c = t + 1
            for _ in 0..<Int(token.count) {
                do throws(FieldIssue) { try validate(value, c + 1, view) } catch {
                    throw error.within(.field(String(decoding: view.bytes(of: view.tokens[c]), as: UTF8.self)))
                }
                c = Int(view.tokens[c + 1].next)
            }
        }
    }

    private func validateStruct(_ node: NDJSONPlanNode, _ t: Int, _ view: RecordView) throws(FieldIssue) {
        let token = view.tokens[t]
        let fields = node.children
        let base = slots.count
        slots.append(contentsOf: repeatElement(-1, count: fields.count))
        scalars[t] = Int64(base)
        var c = t + 1
        for pair in 0..<Int(token.count) {
            let key = view.bytes(of: view.tokens[c])
            guard let index = node.fieldIndex(named: key, hint: pair) else {
                throw FieldIssue("unknown field (not in the schema)").within(.field(String(decoding: key, as: UTF8.self)))
            }
            guard slots[base + index] == -1 else {
                throw FieldIssue("duplicate field").within(.field(fields[index].name))
            }
            slots[base + index] = Int32(c + 1)
            do throws(FieldIssue) { try validate(fields[index], c + 1, view) } catch {
                throw error.within(.field(fields[index].name))
            }
            c = Int(view.tokens[c + 1].next)
        }
        for (index, field) in fields.enumerated() where !field.nullable && slots[base + index] == -1 {
            throw FieldIssue("required field is missing").within(.field(field.name))
        }
    }

    /// Up to 40 characters of a value, for messages.
    static func preview(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: bytes.prefix(40), as: UTF8.self)
        return bytes.count > 40 ? text + "..." : text
    }
}

extension NDJSONPlanNode {
    /// The index of the struct field whose name is `key`, trying `hint` first (fields usually come in order).
    @inline(__always)
    func fieldIndex(named key: UnsafeBufferPointer<UInt8>, hint: Int) -> Int? {
        if hint < children.count, children[hint].matches(key) { return hint }
        for (i, child) in children.enumerated() where i != hint && child.matches(key) { return i }
        return nil
    }

    @inline(__always)
    func matches(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard key.count == nameBytes.count else { return false }
        return nameBytes.withUnsafeBufferPointer { name in
            guard let a = name.baseAddress, let b = key.baseAddress else { return key.count == 0 }
            return memcmp(a, b, key.count) == 0
        }
    }
}
