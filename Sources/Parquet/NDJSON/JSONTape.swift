/// The kind of one parsed JSON value.
enum JSONKind: UInt8 {
    case null, `true`, `false`, number, string, object, array
}

/// One value on a `JSONTape`. Objects are followed by their key (a string token) and value subtree
/// pairs, arrays by their element subtrees; `next` is the index just past the subtree.
struct JSONToken {
    var kind: JSONKind
    /// number: `fractionFlag`, `exponentFlag`, `negativeFlag`; string: `scratchFlag`.
    var flags: UInt8
    /// Byte range in the line (or in the tape's scratch buffer for strings with escapes).
    var start: Int32
    var end: Int32
    /// Members (object pairs or array elements).
    var count: Int32
    var next: Int32

    static let fractionFlag: UInt8 = 1
    static let exponentFlag: UInt8 = 2
    static let negativeFlag: UInt8 = 4
    static let scratchFlag: UInt8 = 8
}

/// A JSON syntax or encoding error at a 1-based byte column.
struct JSONSyntaxError: Error {
    var column: Int
    var message: String
}

/// A reusable, allocation-free-after-warm-up JSON parser producing a flat token tape for one line.
///
/// Strings are checked to be valid UTF-8; escapes (including surrogate pairs) are decoded into
/// `scratch`. Numbers are only delimited here (kept as exact digit text); conversion is the caller's.
/// Tokens live in a manually grown buffer so appending costs no reference counting.
final class JSONTape {
    private var storage: UnsafeMutablePointer<JSONToken>
    private var capacity = 1024
    private(set) var count = 0
    /// Decoded bytes of strings that contained escapes.
    private var scratchStorage: UnsafeMutablePointer<UInt8>
    private var scratchCapacity = 1024
    private var scratchCount = 0
    static let maxDepth = 256

    init() {
        storage = .allocate(capacity: capacity)
        scratchStorage = .allocate(capacity: scratchCapacity)
    }

    deinit {
        storage.deallocate()
        scratchStorage.deallocate()
    }

    /// Decoded bytes of strings that contained escapes (token ranges with `scratchFlag` point here).
    var scratch: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: scratchStorage, count: scratchCount)
    }

    /// The tokens of the last successful `parse`.
    var tokens: UnsafeBufferPointer<JSONToken> {
        UnsafeBufferPointer(start: storage, count: count)
    }

    /// Parses one complete JSON value (surrounded by optional whitespace).
    func parse(_ line: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) {
        var parser = JSONLineParser(
            input: line, storage: storage, capacity: capacity, scratch: scratchStorage, scratchCapacity: scratchCapacity
        )
        defer {
            storage = parser.storage
            capacity = parser.capacity
            count = parser.count
            scratchStorage = parser.scratch
            scratchCapacity = parser.scratchCapacity
            scratchCount = parser.scratchCount
        }
        var pos = parser.skipSpace(0)
        pos = try parser.value(at: pos, depth: 0)
        pos = parser.skipSpace(pos)
        if pos < line.count {
            throw JSONSyntaxError(
                column: pos + 1, message: "unexpected \(JSONLineParser.describe(line[pos])) after the JSON value")
        }
    }
}

/// The parsing state for one line; `JSONTape` owns its buffers between lines.
struct JSONLineParser {
    let input: UnsafeBufferPointer<UInt8>
    var storage: UnsafeMutablePointer<JSONToken>
    var capacity: Int
    var count = 0
    var scratch: UnsafeMutablePointer<UInt8>
    var scratchCapacity: Int
    var scratchCount = 0

    init(
        input: UnsafeBufferPointer<UInt8>, storage: UnsafeMutablePointer<JSONToken>, capacity: Int,
        scratch: UnsafeMutablePointer<UInt8>, scratchCapacity: Int
    ) {
        self.input = input
        self.storage = storage
        self.capacity = capacity
        self.scratch = scratch
        self.scratchCapacity = scratchCapacity
    }

    /// Appends decoded string bytes to the scratch buffer, growing it when full.
    mutating func appendScratch(_ bytes: UnsafeBufferPointer<UInt8>) {
        if scratchCount + bytes.count > scratchCapacity {
            let bigger = max(scratchCapacity * 2, scratchCount + bytes.count)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: bigger)
            grown.update(from: scratch, count: scratchCount)
            scratch.deallocate()
            scratch = grown
            scratchCapacity = bigger
        }
        if let base = bytes.baseAddress { (scratch + scratchCount).update(from: base, count: bytes.count) }
        scratchCount += bytes.count
    }

    mutating func appendScratch(_ byte: UInt8) {
        withUnsafePointer(to: byte) { appendScratch(UnsafeBufferPointer(start: $0, count: 1)) }
    }

    /// Appends a token, growing the buffer when full; returns its index.
    @inline(__always)
    @discardableResult
    mutating func push(_ kind: JSONKind, flags: UInt8 = 0, start: Int, end: Int) -> Int {
        if count == capacity {
            let bigger = capacity * 2
            let grown = UnsafeMutablePointer<JSONToken>.allocate(capacity: bigger)
            grown.moveInitialize(from: storage, count: count)
            storage.deallocate()
            storage = grown
            capacity = bigger
        }
        let index = count
        (storage + index).initialize(
            to: JSONToken(
                kind: kind, flags: flags, start: Int32(truncatingIfNeeded: start), end: Int32(truncatingIfNeeded: end),
                count: 0, next: Int32(truncatingIfNeeded: index + 1)))
        count += 1
        return index
    }

    static func describe(_ byte: UInt8) -> String {
        if byte >= 0x20, byte < 0x7f { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16)
    }

    @inline(__always)
    func skipSpace(_ start: Int) -> Int {
        var pos = start
        while pos < input.count {
            let byte = input[pos]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0d || byte == 0x0a else { break }
            pos += 1
        }
        return pos
    }

    func fail(_ pos: Int, _ expected: String) -> JSONSyntaxError {
        if pos >= input.count {
            return JSONSyntaxError(column: pos + 1, message: "unexpected end of line, expected \(expected)")
        }
        return JSONSyntaxError(
            column: pos + 1, message: "unexpected \(Self.describe(input[pos])), expected \(expected)")
    }

    mutating func value(at pos: Int, depth: Int) throws(JSONSyntaxError) -> Int {
        guard pos < input.count else { throw fail(pos, "a value") }
        switch input[pos] {
        case UInt8(ascii: "{"): return try object(at: pos, depth: depth + 1)
        case UInt8(ascii: "["): return try array(at: pos, depth: depth + 1)
        case UInt8(ascii: "\""): return try string(at: pos)
        case UInt8(ascii: "t"): return try literal(at: pos, "true", .true)
        case UInt8(ascii: "f"): return try literal(at: pos, "false", .false)
        case UInt8(ascii: "n"): return try literal(at: pos, "null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number(at: pos)
        default: throw fail(pos, "a value")
        }
    }

    mutating func literal(at pos: Int, _ word: StaticString, _ kind: JSONKind) throws(JSONSyntaxError) -> Int {
        let count = word.utf8CodeUnitCount
        guard pos + count <= input.count else { throw fail(pos, "\(word)") }
        let bytes = word.utf8Start
        for i in 0..<count where input[pos + i] != bytes[i] { throw fail(pos + i, "\(word)") }
        push(kind, start: pos, end: pos + count)
        return pos + count
    }

    mutating func number(at start: Int) throws(JSONSyntaxError) -> Int {
        var pos = start
        var flags: UInt8 = 0
        if input[pos] == UInt8(ascii: "-") {
            flags |= JSONToken.negativeFlag
            pos += 1
        }
        guard pos < input.count, isDigit(input[pos]) else { throw fail(pos, "a digit") }
        if input[pos] == UInt8(ascii: "0") {
            pos += 1
            if pos < input.count, isDigit(input[pos]) { throw fail(pos, "no leading zeros") }
        } else {
            while pos < input.count, isDigit(input[pos]) { pos += 1 }
        }
        if pos < input.count, input[pos] == UInt8(ascii: ".") {
            flags |= JSONToken.fractionFlag
            pos += 1
            guard pos < input.count, isDigit(input[pos]) else { throw fail(pos, "a digit after '.'") }
            while pos < input.count, isDigit(input[pos]) { pos += 1 }
        }
        if pos < input.count, input[pos] | 0x20 == UInt8(ascii: "e") {
            flags |= JSONToken.exponentFlag
            pos += 1
            if pos < input.count, input[pos] == UInt8(ascii: "+") || input[pos] == UInt8(ascii: "-") { pos += 1 }
            guard pos < input.count, isDigit(input[pos]) else { throw fail(pos, "a digit in the exponent") }
            while pos < input.count, isDigit(input[pos]) { pos += 1 }
        }
        push(.number, flags: flags, start: start, end: pos)
        return pos
    }

    @inline(__always)
    func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    mutating func object(at open: Int, depth: Int) throws(JSONSyntaxError) -> Int {
        guard depth <= JSONTape.maxDepth else {
            throw JSONSyntaxError(column: open + 1, message: "nesting deeper than \(JSONTape.maxDepth)")
        }
        let index = push(.object, start: open, end: 0)
        var pos = skipSpace(open + 1)
        var members: Int32 = 0
        if pos < input.count, input[pos] == UInt8(ascii: "}") {
            pos += 1
        } else {
            while true {
                guard pos < input.count, input[pos] == UInt8(ascii: "\"") else {
                    throw fail(pos, "a field name in double quotes")
                }
                pos = skipSpace(try string(at: pos))
                guard pos < input.count, input[pos] == UInt8(ascii: ":") else { throw fail(pos, "':'") }
                pos = try value(at: skipSpace(pos + 1), depth: depth)
                members += 1
                pos = skipSpace(pos)
                guard pos < input.count else { throw fail(pos, "',' or '}'") }
                if input[pos] == UInt8(ascii: ",") {
                    pos = skipSpace(pos + 1)
                } else if input[pos] == UInt8(ascii: "}") {
                    pos += 1
                    break
                } else {
                    throw fail(pos, "',' or '}'")
                }
            }
        }
        storage[index].end = Int32(truncatingIfNeeded: pos)
        storage[index].count = members
        storage[index].next = Int32(truncatingIfNeeded: self.count)
        return pos
    }

    mutating func array(at open: Int, depth: Int) throws(JSONSyntaxError) -> Int {
        guard depth <= JSONTape.maxDepth else {
            throw JSONSyntaxError(column: open + 1, message: "nesting deeper than \(JSONTape.maxDepth)")
        }
        let index = push(.array, start: open, end: 0)
        var pos = skipSpace(open + 1)
        var members: Int32 = 0
        if pos < input.count, input[pos] == UInt8(ascii: "]") {
            pos += 1
        } else {
            while true {
                pos = skipSpace(try value(at: pos, depth: depth))
                members += 1
                guard pos < input.count else { throw fail(pos, "',' or ']'") }
                if input[pos] == UInt8(ascii: ",") {
                    pos = skipSpace(pos + 1)
                } else if input[pos] == UInt8(ascii: "]") {
                    pos += 1
                    break
                } else {
                    throw fail(pos, "',' or ']'")
                }
            }
        }
        storage[index].end = Int32(truncatingIfNeeded: pos)
        storage[index].count = members
        storage[index].next = Int32(truncatingIfNeeded: self.count)
        return pos
    }
}
