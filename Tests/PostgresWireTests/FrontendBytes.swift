import NIOCore

@testable import PostgresWire

/// Builds frontend messages as a client writes them (the server never encodes these).
enum FrontendBytes {
    static func startup(_ parameters: [(String, String)], version: Int32 = 196_608) -> ByteBuffer {
        var body = ByteBuffer()
        body.writeInteger(version)
        for (name, value) in parameters {
            body.writeNullTerminatedString(name)
            body.writeNullTerminatedString(value)
        }
        body.writeInteger(UInt8(0))
        var out = ByteBuffer()
        out.writeInteger(Int32(body.readableBytes + 4))
        out.writeBuffer(&body)
        return out
    }

    static func request(code: Int32, extra: [Int32] = []) -> ByteBuffer {
        var out = ByteBuffer()
        out.writeInteger(Int32(8 + 4 * extra.count))
        out.writeInteger(code)
        for value in extra { out.writeInteger(value) }
        return out
    }

    static func typed(_ type: Character, _ body: (inout ByteBuffer) -> Void = { _ in }) -> ByteBuffer {
        var content = ByteBuffer()
        body(&content)
        var out = ByteBuffer()
        out.writeInteger(UInt8(ascii: type.unicodeScalars.first ?? "?"))
        out.writeInteger(Int32(content.readableBytes + 4))
        out.writeBuffer(&content)
        return out
    }

    static func query(_ sql: String) -> ByteBuffer { typed("Q") { $0.writeNullTerminatedString(sql) } }

    static func parse(_ name: String, _ sql: String, _ types: [UInt32] = []) -> ByteBuffer {
        typed("P") { body in
            body.writeNullTerminatedString(name)
            body.writeNullTerminatedString(sql)
            body.writeInteger(Int16(types.count))
            for type in types { body.writeInteger(type) }
        }
    }

    static func bind(
        portal: String = "", statement: String = "", formats: [Int16] = [], values: [[UInt8]?] = [],
        results: [Int16] = []
    ) -> ByteBuffer {
        typed("B") { body in
            body.writeNullTerminatedString(portal)
            body.writeNullTerminatedString(statement)
            body.writeInteger(Int16(formats.count))
            for format in formats { body.writeInteger(format) }
            body.writeInteger(Int16(values.count))
            for value in values {
                if let value {
                    body.writeInteger(Int32(value.count))
                    body.writeBytes(value)
                } else {
                    body.writeInteger(Int32(-1))
                }
            }
            body.writeInteger(Int16(results.count))
            for format in results { body.writeInteger(format) }
        }
    }

    static func execute(_ portal: String = "", maxRows: Int32 = 0) -> ByteBuffer {
        typed("E") { body in
            body.writeNullTerminatedString(portal)
            body.writeInteger(maxRows)
        }
    }

    static func describe(_ kind: Character, _ name: String = "") -> ByteBuffer {
        typed("D") { body in
            body.writeInteger(UInt8(ascii: kind.unicodeScalars.first ?? "S"))
            body.writeNullTerminatedString(name)
        }
    }

    static func saslInitial(_ mechanism: String, _ data: String) -> ByteBuffer {
        typed("p") { body in
            body.writeNullTerminatedString(mechanism)
            body.writeInteger(Int32(data.utf8.count))
            body.writeString(data)
        }
    }

    static func saslResponse(_ data: String) -> ByteBuffer { typed("p") { $0.writeString(data) } }

    static func password(_ password: String) -> ByteBuffer {
        typed("p") { $0.writeNullTerminatedString(password) }
    }
}

extension FrontendMessageDecoder {
    /// Decodes every whole message in `bytes`.
    mutating func decodeAll(_ bytes: ByteBuffer) throws(WireError) -> [FrontendMessage] {
        var buffer = bytes
        var messages: [FrontendMessage] = []
        while let message = try decodeMessage(from: &buffer) { messages.append(message) }
        return messages
    }
}

extension BackendMessage {
    /// The bytes `BackendMessageEncoder` writes for this message.
    var encoded: [UInt8] {
        var out = ByteBuffer()
        BackendMessageEncoder.encode(self, into: &out)
        return out.readBytes(length: out.readableBytes) ?? []
    }
}
