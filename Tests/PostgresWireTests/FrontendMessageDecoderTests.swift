import NIOCore
import Testing

@testable import PostgresWire

@Suite struct FrontendMessageDecoderTests {
    @Test func startupPacketsAreRecognizedByTheirCode() throws {
        var decoder = FrontendMessageDecoder()
        #expect(try decoder.decodeAll(FrontendBytes.request(code: 80_877_103)) == [.sslRequest])
        #expect(try decoder.decodeAll(FrontendBytes.request(code: 80_877_104)) == [.gssEncryptionRequest])
        let startup = try decoder.decodeAll(FrontendBytes.startup([("user", "u"), ("database", "prod")]))
        #expect(startup == [.startup(StartupMessage(parameters: [("user", "u"), ("database", "prod")]))])
        // After the StartupMessage, messages are typed.
        #expect(try decoder.decodeAll(FrontendBytes.query("select 1")) == [.query("select 1")])
    }

    @Test func cancelRequestCarriesTheBackendKey() throws {
        var decoder = FrontendMessageDecoder()
        let messages = try decoder.decodeAll(FrontendBytes.request(code: 80_877_102, extra: [42, -7]))
        #expect(messages == [.cancelRequest(CancelRequest(processID: 42, secretKey: -7))])
    }

    @Test func extendedProtocolMessagesDecode() throws {
        var decoder = FrontendMessageDecoder(startupPhase: false)
        var bytes = FrontendBytes.parse("s1", "select $1", [23])
        var bind = FrontendBytes.bind(
            portal: "p", statement: "s1", formats: [1], values: [[0, 0, 0, 5], nil], results: [1])
        var execute = FrontendBytes.execute("p", maxRows: 10)
        var describe = FrontendBytes.describe("S", "s1")
        var sync = FrontendBytes.typed("S")
        bytes.writeBuffer(&bind)
        bytes.writeBuffer(&execute)
        bytes.writeBuffer(&describe)
        bytes.writeBuffer(&sync)
        let messages = try decoder.decodeAll(bytes)
        #expect(
            messages == [
                .parse(Parse(name: "s1", query: "select $1", parameterTypes: [23])),
                .bind(
                    Bind(
                        portal: "p", statement: "s1", parameterFormats: [.binary],
                        parameters: [ByteBuffer(bytes: [0, 0, 0, 5]), nil], resultFormats: [.binary])),
                .execute(Execute(portal: "p", maxRows: 10)),
                .describe(Describe(kind: .statement, name: "s1")),
                .sync,
            ])
    }

    @Test func anIncompleteMessageWaitsForMoreBytes() throws {
        var decoder = FrontendMessageDecoder(startupPhase: false)
        let whole = FrontendBytes.query("select 1")
        var partial = whole.getSlice(at: 0, length: whole.readableBytes - 1) ?? ByteBuffer()
        #expect(try decoder.decodeMessage(from: &partial) == nil)
        #expect(partial.readableBytes == whole.readableBytes - 1)
    }

    @Test func aMessageLongerThanTheLimitIsAProtocolViolation() {
        var decoder = FrontendMessageDecoder(maxMessageSize: 1024, startupPhase: false)
        var header = ByteBuffer()
        header.writeInteger(UInt8(ascii: "Q"))
        header.writeInteger(Int32(1 << 20))
        #expect(throws: WireError.protocolViolation("invalid message length")) {
            try decoder.decodeMessage(from: &header)
        }
    }

    @Test func anUnknownMessageTypeIsAProtocolViolation() {
        var decoder = FrontendMessageDecoder(startupPhase: false)
        #expect(throws: WireError.protocolViolation("invalid frontend message type 122")) {
            try decoder.decodeAll(FrontendBytes.typed("z"))
        }
    }

    @Test func bytesAfterAnSSLRequestAreRefused() {
        var decoder = FrontendMessageDecoder()
        var bytes = FrontendBytes.request(code: 80_877_103)
        var injected = FrontendBytes.startup([("user", "u")])
        bytes.writeBuffer(&injected)
        #expect(throws: WireError.protocolViolation("received unencrypted data after SSL request")) {
            try decoder.decodeAll(bytes)
        }
    }

    @Test(arguments: [Int32(4), 7, 20_000])
    func startupPacketLengthsOutsideTheLimitsAreRefused(length: Int32) {
        var decoder = FrontendMessageDecoder()
        var bytes = ByteBuffer()
        bytes.writeInteger(length)
        bytes.writeInteger(Int32(196_608))
        #expect(throws: WireError.protocolViolation("invalid length of startup packet")) {
            try decoder.decodeAll(bytes)
        }
    }

    @Test func aMalformedBodyIsAProtocolViolationNotACrash() {
        var decoder = FrontendMessageDecoder(startupPhase: false)
        // Bind claiming one parameter of 100 bytes in a 20-byte body.
        let bytes = FrontendBytes.typed("B") { body in
            body.writeNullTerminatedString("")
            body.writeNullTerminatedString("")
            body.writeInteger(Int16(0))
            body.writeInteger(Int16(1))
            body.writeInteger(Int32(100))
        }
        #expect(throws: WireError.self) { try decoder.decodeAll(bytes) }
    }
}
