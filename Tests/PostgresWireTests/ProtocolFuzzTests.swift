import NIOCore
import OutflowTestSupport
import Testing

@testable import PostgresWire

/// 100,000 mutated message streams through the decoder and the state machine: every one ends in messages, a
/// protocol error or a wait for more bytes, never a crash or a trap.
@Suite(.onDedicatedThreads) struct ProtocolFuzzTests {
    /// SplitMix64: a seeded generator, so a failing case can be replayed.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Valid streams: a start-up packet, then typed messages of every kind.
    static let seeds: [[UInt8]] = {
        var typed = ByteBuffer()
        for var message in [
            FrontendBytes.query("select 1; select 2"), FrontendBytes.parse("s", "select $1", [23]),
            FrontendBytes.bind(portal: "p", statement: "s", formats: [1], values: [[0, 0, 0, 1], nil], results: [0]),
            FrontendBytes.describe("P", "p"), FrontendBytes.execute("p", maxRows: 1), FrontendBytes.typed("S"),
            FrontendBytes.typed("H"), FrontendBytes.typed("C") { $0.writeBytes([UInt8(ascii: "S"), 0]) },
            FrontendBytes.saslInitial("SCRAM-SHA-256", "n,,n=,r=abc"), FrontendBytes.saslResponse("c=biws,r=abc,p=x"),
            FrontendBytes.password("pw"), FrontendBytes.typed("X"),
        ] {
            typed.writeBuffer(&message)
        }
        var startup = FrontendBytes.startup([("user", "u"), ("database", "prod")])
        var ssl = FrontendBytes.request(code: 80_877_103)
        var cancel = FrontendBytes.request(code: 80_877_102, extra: [1, 2])
        var withStartup = startup
        var copy = typed
        withStartup.writeBuffer(&copy)
        return [withStartup, ssl, cancel, typed].map { buffer in
            var buffer = buffer
            return buffer.readBytes(length: buffer.readableBytes) ?? []
        } + [startup.readBytes(length: startup.readableBytes) ?? [], ssl.readBytes(length: ssl.readableBytes) ?? []]
            + [cancel.readBytes(length: cancel.readableBytes) ?? []]
    }()

    static func mutate(_ bytes: [UInt8], using generator: inout SeededGenerator) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            guard !bytes.isEmpty else {
                bytes = [UInt8.random(in: 0...255, using: &generator)]
                continue
            }
            let index = Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<6, using: &generator) {
            case 0: bytes[index] = UInt8.random(in: 0...255, using: &generator)
            case 1: bytes[index] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
            case 2: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: index)
            case 3: bytes.removeSubrange(index..<min(bytes.count, index + Int.random(in: 1...8, using: &generator)))
            case 4: bytes = Array(bytes[..<index])
            default:
                // A length word set to an extreme.
                let extreme: [UInt8] = [
                    [0xFF, 0xFF, 0xFF, 0xFF], [0x7F, 0xFF, 0xFF, 0xFF], [0, 0, 0, 0], [0, 0, 0, 3],
                ][
                    Int.random(in: 0..<4, using: &generator)]
                for offset in 0..<4 where index + offset < bytes.count { bytes[index + offset] = extreme[offset] }
            }
        }
        return bytes
    }

    static let readyMachine = ConnectionStateMachineTests.ready()

    /// Feeds decoded messages to a state machine, answering its requests as the driver would.
    static func drive(_ messages: [FrontendMessage], ready: Bool) {
        // The machine is a value: a logged-in one is copied, not logged in again.
        var machine = ready ? Self.readyMachine : ConnectionStateMachine(configuration: .init(), serverNonce: "nonce")
        let verifier = SCRAMVerifier(salt: [1], iterations: 1, storedKey: [1], serverKey: [2])
        for message in messages {
            var action = machine.messageReceived(message)
            for _ in 0..<4 {
                switch action {
                case .lookUpVerifier: action = machine.verifierReceived(verifier)
                case .openSession:
                    action = machine.sessionOpened(key: CancelRequest(processID: 1, secretKey: 1), parameters: [])
                case .simpleQuery, .execute:
                    _ = machine.statementStarting(nil)
                    action = machine.errorOccurred(WireError(sqlState: "XX000", message: "x"), extendedProtocol: true)
                default: action = .none
                }
            }
            if machine.isClosed { return }
        }
    }

    @Test func mutatedStreamsNeverCrashTheDecoderOrTheStateMachine() {
        var generator = SeededGenerator(state: 14)
        var outcomes = (messages: 0, errors: 0)
        for round in 0..<100_000 {
            let seed = Self.seeds[round % Self.seeds.count]
            let bytes = Self.mutate(seed, using: &generator)
            var decoder = FrontendMessageDecoder(maxMessageSize: 1 << 16, startupPhase: round % Self.seeds.count != 3)
            var buffer = ByteBuffer(bytes: bytes)
            var messages: [FrontendMessage] = []
            do {
                while let message = try decoder.decodeMessage(from: &buffer) { messages.append(message) }
            } catch {
                outcomes.errors += 1
                #expect(error.severity == .fatal && error.sqlState == "08P01")
            }
            outcomes.messages += messages.count
            Self.drive(messages, ready: round % Self.seeds.count == 3)
        }
        // Both paths ran many times.
        #expect(outcomes.messages > 10_000)
        #expect(outcomes.errors > 10_000)
    }
}
