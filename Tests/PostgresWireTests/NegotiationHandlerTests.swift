import NIOCore
import NIOEmbedded
import Testing

@testable import PostgresWire

/// The start of the pipeline in an `EmbeddedChannel`: framing, the encryption answer, then typed messages.
@Suite struct NegotiationHandlerTests {
    static func channel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrontendMessageDecoder()))
        try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(BackendMessageEncoder()))
        try channel.pipeline.syncOperations.addHandler(EncryptionNegotiationHandler(tls: nil))
        return channel
    }

    @Test func withoutACertificateSSLAndGSSRequestsAreAnsweredN() throws {
        let channel = try Self.channel()
        try channel.writeInbound(FrontendBytes.request(code: 80_877_104))
        #expect(try channel.readOutbound(as: ByteBuffer.self) == ByteBuffer(bytes: [UInt8(ascii: "N")]))
        #expect(try channel.readInbound(as: FrontendMessage.self) == .gssEncryptionRequest)
        try channel.writeInbound(FrontendBytes.request(code: 80_877_103))
        #expect(try channel.readOutbound(as: ByteBuffer.self) == ByteBuffer(bytes: [UInt8(ascii: "N")]))
        #expect(try channel.readInbound(as: FrontendMessage.self) == .sslRequest)
        try channel.writeInbound(FrontendBytes.startup([("user", "u")]))
        #expect(
            try channel.readInbound(as: FrontendMessage.self) == .startup(StartupMessage(parameters: [("user", "u")])))
        try channel.writeInbound(FrontendBytes.query("select 1"))
        #expect(try channel.readInbound(as: FrontendMessage.self) == .query("select 1"))
        _ = try channel.finish()
    }

    @Test func aMessageSplitAcrossReadsIsReassembled() throws {
        let channel = try Self.channel()
        let startup = FrontendBytes.startup([("user", "u"), ("database", "prod")])
        for index in 0..<startup.readableBytes {
            try channel.writeInbound(startup.getSlice(at: index, length: 1) ?? ByteBuffer())
        }
        #expect(
            try channel.readInbound(as: FrontendMessage.self)
                == .startup(StartupMessage(parameters: [("user", "u"), ("database", "prod")])))
        _ = try channel.finish()
    }

    @Test func garbageIsAnErrorInThePipeline() throws {
        let channel = try Self.channel()
        var garbage = ByteBuffer()
        garbage.writeInteger(Int32(8))
        garbage.writeInteger(Int32(0x1234_5678))
        #expect(throws: WireError.self) { try channel.writeInbound(garbage) }
        _ = try? channel.finish()
    }
}
