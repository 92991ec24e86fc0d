/// A reader of TZif data (RFC 8536, versions 1 to 3): the compiled IANA zone files under /usr/share/zoneinfo.
/// Version 2+ files are read from their 64-bit block, with the footer's POSIX TZ string for instants after the
/// last transition; leap-second records are skipped (PostgreSQL ignores them as well).
enum TZif {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    struct Reader {
        let bytes: [UInt8]
        var index = 0

        mutating func take(_ count: Int) throws(Failure) -> ArraySlice<UInt8> {
            guard count >= 0, index + count <= bytes.count else { throw Failure(description: "truncated TZif data") }
            defer { index += count }
            return bytes[index..<index + count]
        }

        mutating func uint32() throws(Failure) -> UInt32 {
            try take(4).reduce(0) { $0 << 8 | UInt32($1) }
        }

        mutating func int32() throws(Failure) -> Int32 { Int32(bitPattern: try uint32()) }

        mutating func int64() throws(Failure) -> Int64 {
            Int64(bitPattern: try take(8).reduce(0) { $0 << 8 | UInt64($1) })
        }

        mutating func byte() throws(Failure) -> UInt8 { try take(1).first ?? 0 }
    }

    struct Header {
        var version: UInt8
        var isUTCCount, isStandardCount, leapCount, timeCount, typeCount, charCount: Int
    }

    static func header(_ reader: inout Reader) throws(Failure) -> Header {
        guard Array(try reader.take(4)) == Array("TZif".utf8) else { throw Failure(description: "not TZif data") }
        let version = try reader.byte()
        _ = try reader.take(15)
        var counts: [Int] = []
        for _ in 0..<6 {
            let count = Int(try reader.uint32())
            guard count < 1 << 20 else { throw Failure(description: "TZif count out of range") }
            counts.append(count)
        }
        return Header(
            version: version, isUTCCount: counts[0], isStandardCount: counts[1], leapCount: counts[2],
            timeCount: counts[3], typeCount: counts[4], charCount: counts[5])
    }

    /// The zone described by `bytes`.
    static func parse(_ bytes: [UInt8], name: String) throws(Failure) -> SQLTimeZone {
        var reader = Reader(bytes: bytes)
        var header = try header(&reader)
        var timeSize = 4
        if header.version >= UInt8(ascii: "2") {
            // Skip the version 1 block; the 64-bit block follows with its own header.
            let v1Length =
                header.timeCount * 5 + header.typeCount * 6 + header.charCount + header.leapCount * 8
                + header.isStandardCount + header.isUTCCount
            _ = try reader.take(v1Length)
            header = try self.header(&reader)
            timeSize = 8
        }
        guard header.typeCount > 0 else { throw Failure(description: "TZif data without local time types") }
        var transitions: [Int64] = []
        for _ in 0..<header.timeCount {
            transitions.append(timeSize == 8 ? try reader.int64() : Int64(try reader.int32()))
        }
        var indices: [Int] = []
        for _ in 0..<header.timeCount {
            let index = Int(try reader.byte())
            guard index < header.typeCount else { throw Failure(description: "TZif type index out of range") }
            indices.append(index)
        }
        var raw: [(Int32, Bool, Int)] = []
        for _ in 0..<header.typeCount {
            let offset = try reader.int32()
            let isDaylight = try reader.byte() != 0
            let abbreviationIndex = Int(try reader.byte())
            raw.append((offset, isDaylight, abbreviationIndex))
        }
        let characters = Array(try reader.take(header.charCount))
        let types = raw.map { offset, isDaylight, start -> ZoneType in
            var end = min(start, characters.count)
            while end < characters.count, characters[end] != 0 { end += 1 }
            let abbreviation = String(decoding: characters[min(start, characters.count)..<end], as: UTF8.self)
            return ZoneType(utcOffset: offset, isDaylight: isDaylight, abbreviation: abbreviation)
        }
        _ = try reader.take(header.leapCount * (timeSize + 4) + header.isStandardCount + header.isUTCCount)
        for pair in zip(transitions, transitions.dropFirst()) where pair.0 >= pair.1 {
            throw Failure(description: "TZif transitions out of order")
        }
        var rule: POSIXTimeZoneRule?
        if timeSize == 8, reader.index < bytes.count, bytes[reader.index] == UInt8(ascii: "\n") {
            let start = reader.index + 1
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            let footer = String(decoding: bytes[start..<end], as: UTF8.self)
            if !footer.isEmpty {
                guard let parsed = POSIXTimeZoneRule.parse(footer) else {
                    throw Failure(description: "bad TZif footer \"\(footer)\"")
                }
                rule = parsed
            }
        }
        return SQLTimeZone(name: name, transitions: transitions, transitionTypes: indices, types: types, rule: rule)
    }
}
