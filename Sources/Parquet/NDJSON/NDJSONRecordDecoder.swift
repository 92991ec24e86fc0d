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
/// Owns the working memory; the work itself is done by `RecordDecoderCore`.
final class NDJSONRecordDecoder {
    let plan: NDJSONPlan
    var core: RecordDecoderCore

    init(plan: NDJSONPlan) {
        self.plan = plan
        core = RecordDecoderCore(plan: plan)
    }

    deinit {
        core.deallocate()
    }
}

/// The decoder's state as plain pointers, so the per-value work runs without reference counting or
/// dynamic exclusivity checks.
struct RecordDecoderCore {
    let entries: UnsafeMutableBufferPointer<PlanEntry>
    let names: UnsafeMutableBufferPointer<UInt8>
    let nodes: [NDJSONPlanNode]
    /// Per token: converted integer, timestamp, date, float bits, binary range, or a struct's slot base.
    private(set) var scalars: UnsafeMutablePointer<Int64>
    /// Per token: unscaled decimal values.
    private(set) var decimals: UnsafeMutablePointer<Int128>
    private var tokenCapacity = 256
    /// Per struct token: one entry per schema field, the value token index or -1 when absent.
    private(set) var slots: UnsafeMutablePointer<Int32>
    private var slotCount = 0
    private var slotCapacity = 256
    /// Decoded base64 bytes.
    private(set) var arena: [UInt8] = []

    init(plan: NDJSONPlan) {
        entries = plan.entries
        names = plan.names
        nodes = plan.nodes
        scalars = .allocate(capacity: tokenCapacity)
        decimals = .allocate(capacity: tokenCapacity)
        slots = .allocate(capacity: slotCapacity)
    }

    func deallocate() {
        scalars.deallocate()
        decimals.deallocate()
        slots.deallocate()
    }

    /// Validates the record whose root is token 0.
    mutating func validate(_ view: RecordView) throws(FieldIssue) {
        slotCount = 0
        if !arena.isEmpty { arena.removeAll(keepingCapacity: true) }
        if tokenCapacity < view.tokens.count {
            scalars.deallocate()
            decimals.deallocate()
            tokenCapacity = max(view.tokens.count, tokenCapacity * 2)
            scalars = .allocate(capacity: tokenCapacity)
            decimals = .allocate(capacity: tokenCapacity)
        }
        guard view.tokens.first?.kind == .object else {
            throw FieldIssue("a record must be a JSON object, got \(view.tokens.first?.kind.label ?? "nothing")")
        }
        try validate(0, 0, view)
    }

    private func typeIssue(_ e: Int, _ token: JSONToken) -> FieldIssue {
        FieldIssue("\(nodes[e].expectation), got \(token.kind.label)")
    }

    private mutating func validate(_ e: Int, _ t: Int, _ view: RecordView) throws(FieldIssue) {
        let token = view.tokens[t]
        let entry = entries[e]
        if token.kind == .null {
            if entry.nullable { return }
            throw FieldIssue("null is not allowed here (\(nodes[e].type.name) is required)")
        }
        switch entry.kind {
        case .boolean:
            guard token.kind == .true || token.kind == .false else { throw typeIssue(e, token) }
        case .int32, .int64:
            guard token.kind == .number else { throw typeIssue(e, token) }
            guard token.flags & (JSONToken.fractionFlag | JSONToken.exponentFlag) == 0 else {
                throw FieldIssue("\(nodes[e].expectation), got a number with a fraction or exponent")
            }
            guard let value = JSONScalars.int64(view.text(of: token)) else {
                throw FieldIssue(
                    "integer \(String(decoding: view.text(of: token), as: UTF8.self)) is out of int64 range")
            }
            if case .int32 = entry.kind, Int32(exactly: value) == nil {
                throw FieldIssue("integer \(value) is out of int32 range")
            }
            scalars[t] = value
        case .float:
            guard token.kind == .number, let value = JSONScalars.double(view.text(of: token)) else {
                throw typeIssue(e, token)
            }
            scalars[t] = Int64(bitPattern: value.bitPattern)
        case .string:
            guard token.kind == .string else { throw typeIssue(e, token) }
        case .binary:
            guard token.kind == .string else { throw typeIssue(e, token) }
            let start = arena.count
            guard JSONScalars.base64(view.bytes(of: token), into: &arena) else {
                throw FieldIssue("\(nodes[e].expectation), got a string that is not base64")
            }
            scalars[t] = Int64(start) << 32 | Int64(arena.count - start)
        case .date:
            guard token.kind == .string else { throw typeIssue(e, token) }
            guard let days = JSONScalars.date(view.bytes(of: token)) else {
                throw FieldIssue("\(nodes[e].expectation), got \"\(Self.preview(view.bytes(of: token)))\"")
            }
            scalars[t] = Int64(days)
        case .timestamp:
            guard token.kind == .string else {
                if token.kind == .number { throw FieldIssue("\(nodes[e].expectation); epoch numbers are not accepted") }
                throw typeIssue(e, token)
            }
            guard let micros = JSONScalars.timestamp(view.bytes(of: token)) else {
                throw FieldIssue(
                    "\(nodes[e].expectation) (at most microsecond precision), got \"\(Self.preview(view.bytes(of: token)))\""
                )
            }
            scalars[t] = micros
        case let .decimal(precision, scale):
            let text: UnsafeBufferPointer<UInt8>
            switch token.kind {
            case .number: text = view.text(of: token)
            case .string: text = view.bytes(of: token)
            default: throw typeIssue(e, token)
            }
            switch JSONScalars.decimal(text, precision: precision, scale: scale) {
            case let .success(value): decimals[t] = value
            case .failure(.notANumber):
                throw FieldIssue("\(nodes[e].expectation), got \"\(Self.preview(text))\"")
            case .failure(.tooManyFractionDigits):
                throw FieldIssue(
                    "\(Self.preview(text)) has more than \(scale) digits after the point for decimal(\(precision),\(scale))"
                )
            case .failure(.tooManyDigits):
                throw FieldIssue("\(Self.preview(text)) has too many digits for decimal(\(precision),\(scale))")
            }
        case .struct:
            guard token.kind == .object else { throw typeIssue(e, token) }
            try validateStruct(entry, t, view)
        case .list:
            guard token.kind == .array else { throw typeIssue(e, token) }
            var c = t + 1
            for i in 0..<Int(token.count) {
                do throws(FieldIssue) { try validate(entry.childStart, c, view) } catch {
                    throw error.within(.index(i))
                }
                c = Int(view.tokens[c].next)
            }
        case .map:
            guard token.kind == .object else { throw typeIssue(e, token) }
            var c = t + 1
            for _ in 0..<Int(token.count) {
                do throws(FieldIssue) { try validate(entry.childStart + 1, c + 1, view) } catch {
                    throw error.within(.field(String(decoding: view.bytes(of: view.tokens[c]), as: UTF8.self)))
                }
                c = Int(view.tokens[c + 1].next)
            }
        }
    }

    private mutating func reserveSlots(_ count: Int) -> Int {
        if slotCount + count > slotCapacity {
            let bigger = max(slotCapacity * 2, slotCount + count)
            let grown = UnsafeMutablePointer<Int32>.allocate(capacity: bigger)
            grown.update(from: slots, count: slotCount)
            slots.deallocate()
            slots = grown
            slotCapacity = bigger
        }
        let base = slotCount
        (slots + base).initialize(repeating: -1, count: count)
        slotCount += count
        return base
    }

    private mutating func validateStruct(_ entry: PlanEntry, _ t: Int, _ view: RecordView) throws(FieldIssue) {
        let token = view.tokens[t]
        let base = reserveSlots(entry.childCount)
        scalars[t] = Int64(base)
        var c = t + 1
        for pair in 0..<Int(token.count) {
            let key = view.bytes(of: view.tokens[c])
            guard let index = fieldIndex(entry, named: key, hint: pair) else {
                throw FieldIssue("unknown field (not in the schema)").within(
                    .field(String(decoding: key, as: UTF8.self)))
            }
            let child = entry.childStart + index
            guard slots[base + index] == -1 else {
                throw FieldIssue("duplicate field").within(.field(nodes[child].name))
            }
            slots[base + index] = Int32(c + 1)
            do throws(FieldIssue) { try validate(child, c + 1, view) } catch {
                throw error.within(.field(nodes[child].name))
            }
            c = Int(view.tokens[c + 1].next)
        }
        for index in 0..<entry.childCount where slots[base + index] == -1 && !entries[entry.childStart + index].nullable
        {
            throw FieldIssue("required field is missing").within(.field(nodes[entry.childStart + index].name))
        }
    }

    /// The index of the struct field whose name is `key`, trying `hint` first (fields usually come in order).
    @inline(__always)
    private func fieldIndex(_ entry: PlanEntry, named key: UnsafeBufferPointer<UInt8>, hint: Int) -> Int? {
        if hint < entry.childCount, matches(entries[entry.childStart + hint], key) { return hint }
        for i in 0..<entry.childCount where i != hint && matches(entries[entry.childStart + i], key) { return i }
        return nil
    }

    @inline(__always)
    private func matches(_ field: PlanEntry, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard key.count == field.nameCount else { return false }
        guard let a = names.baseAddress, let b = key.baseAddress else { return key.count == 0 }
        return memcmp(a + field.nameStart, b, key.count) == 0
    }

    /// Up to 40 characters of a value, for messages.
    static func preview(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: bytes.prefix(40), as: UTF8.self)
        return bytes.count > 40 ? text + "..." : text
    }
}
