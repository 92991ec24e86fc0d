import Foundation
import OutflowTestSupport
import SFTP
import Synchronization
import Testing

@testable import Destinations

/// Trust on first use (OpenSSH's `accept-new`) against a real OpenSSH server on 127.0.0.1: without a pin the
/// first host key is remembered through `SFTPHostKeyMemory`, a different remembered key refuses the connection
/// naming both fingerprints before anything is written, and a pin wins over a remembered key.
@Suite(.serialized, .onDedicatedThreads, .tags(.peers), .needsPeers) struct SFTPHostKeyMemoryLiveTests {
    /// A fingerprint that is not the peer's (a fixture key's).
    static let otherKey = SSHKeyFixtures.ed25519Fingerprint

    /// A memory whose `remember` records what it was asked and answers `answer` (default: what it was given).
    final class Recorder: Sendable {
        let asked = Mutex<[String]>([])
        let answer: String?
        init(answer: String? = nil) { self.answer = answer }

        func memory(remembered: String?) -> SFTPHostKeyMemory {
            SFTPHostKeyMemory(remembered: remembered) { fingerprint in
                self.asked.withLock { $0.append(fingerprint) }
                return self.answer ?? fingerprint
            }
        }
    }

    private func source() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tofu-\(UUID().uuidString)").path
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func theFirstContactRemembersThePresentedKeyOnceAndReconnectsMustShowIt() async throws {
        try await OpenSSHPeer.with { peer in
            let recorder = Recorder()
            var configuration = peer.configuration()
            configuration.hostKeyMemory = recorder.memory(remembered: nil)
            let destination = try SFTPDestination(configuration: configuration, outbound: .loopbackPeers)
            let file = try source()
            defer { try? FileManager.default.removeItem(atPath: file) }
            _ = try await destination.put(path: "a.bin", from: file)
            try await destination.cacheConnection().close()  // the next call reconnects, checked against the memory
            _ = try await destination.put(path: "b.bin", from: file)
            #expect(recorder.asked.withLock { $0 } == [peer.fingerprint])

            // A later destination built from the remembered key connects without asking again.
            let later = Recorder()
            configuration.hostKeyMemory = later.memory(remembered: peer.fingerprint)
            let report = await (try SFTPDestination(configuration: configuration, outbound: .loopbackPeers))
                .testConnection()
            #expect(report.succeeded)
            #expect(later.asked.withLock { $0 }.isEmpty)
        }
    }

    @Test func aChangedKeyIsRefusedNamingBothFingerprintsAndNothingIsWritten() async throws {
        try await OpenSSHPeer.with { peer in
            let recorder = Recorder()
            var configuration = peer.configuration()
            configuration.hostKeyMemory = recorder.memory(remembered: Self.otherKey)
            let destination = try SFTPDestination(configuration: configuration, outbound: .loopbackPeers)
            let file = try source()
            defer { try? FileManager.default.removeItem(atPath: file) }
            do throws(DestinationError) {
                _ = try await destination.put(path: "a.bin", from: file)
                Issue.record("a changed host key must be refused")
            } catch {
                #expect(error.code == .auth)
                #expect(error.message.contains(peer.fingerprint) && error.message.contains(Self.otherKey))
                #expect(error.message.contains("remembered"))
            }
            let report = await destination.testConnection()
            #expect(report.failedStep == .hostKey && report.passed == [.connect])
            #expect(peer.files(under: peer.upload).isEmpty)
            #expect(recorder.asked.withLock { $0 }.isEmpty)
        }
    }

    @Test func aFirstContactThatLosesTheRaceToAnotherKeyIsRefusedBeforeWriting() async throws {
        try await OpenSSHPeer.with { peer in
            let recorder = Recorder(answer: Self.otherKey)  // another first contact remembered another key first
            var configuration = peer.configuration()
            configuration.hostKeyMemory = recorder.memory(remembered: nil)
            let destination = try SFTPDestination(configuration: configuration, outbound: .loopbackPeers)
            let file = try source()
            defer { try? FileManager.default.removeItem(atPath: file) }
            do throws(DestinationError) {
                _ = try await destination.put(path: "a.bin", from: file)
                Issue.record("the key remembered first must win")
            } catch {
                #expect(error.code == .auth)
                #expect(error.message.contains(peer.fingerprint) && error.message.contains(Self.otherKey))
            }
            #expect(peer.files(under: peer.upload).isEmpty)
        }
    }

    @Test func anExplicitPinWinsOverARememberedKey() async throws {
        try await OpenSSHPeer.with { peer in
            let recorder = Recorder()
            var configuration = peer.configuration(pin: peer.fingerprint)
            configuration.hostKeyMemory = recorder.memory(remembered: Self.otherKey)
            let report = await (try SFTPDestination(configuration: configuration, outbound: .loopbackPeers))
                .testConnection()
            #expect(report.succeeded)
            var wrongPin = peer.configuration(pin: Self.otherKey)
            wrongPin.hostKeyMemory = recorder.memory(remembered: peer.fingerprint)
            let refused = await (try SFTPDestination(configuration: wrongPin, outbound: .loopbackPeers))
                .testConnection()
            #expect(refused.failedStep == .hostKey)
            #expect(refused.error?.message.contains("pins") == true)
            #expect(recorder.asked.withLock { $0 }.isEmpty)
        }
    }
}
