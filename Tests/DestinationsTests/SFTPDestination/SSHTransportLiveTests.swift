import Foundation
import OutflowTestSupport
import SFTP
import Testing

@testable import Destinations
@testable import SSH

/// Outflow's SSH transport against a real OpenSSH sshd with one algorithm or auth method forced from the
/// server side per test. Each test uploads a file over SFTP and checks it byte for byte on the server's disk.
@Suite(.serialized, .onDedicatedThreads, .tags(.peers), .needsPeers) struct SSHTransportLiveTests {
    private func upload(
        _ peer: OpenSSHPeer, credential: SFTPCredential? = nil, size: Int = 200_000,
        adjust: (inout SFTPConfiguration) -> Void = { _ in }
    ) async throws -> SSHHandshakeRecord.State {
        var configuration = peer.configuration(credential: credential, pin: peer.fingerprint)
        adjust(&configuration)
        let destination = try SFTPDestination(configuration: configuration, outbound: .loopbackPeers)
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ $0 >> 9) }
        let source = FileManager.default.temporaryDirectory.appendingPathComponent("ssh-src-\(UUID().uuidString)").path
        try Data(bytes).write(to: URL(fileURLWithPath: source))
        defer { try? FileManager.default.removeItem(atPath: source) }
        _ = try await destination.put(path: "t/file.bin", from: source)
        #expect(FileManager.default.contents(atPath: peer.upload + "/exports/t/file.bin") == Data(bytes))
        return try await destination.cacheConnection().record.snapshot
    }

    @Test(arguments: ["rsa", "ecdsa", "ecdsa384", "ecdsa521"])
    func userKeysOfEveryTypeAuthenticate(kind: String) async throws {
        try await OpenSSHPeer.with(.init(clientKeys: [kind])) { peer in
            let key = try SFTPCredential.privateKey(openSSH: try #require(peer.clientKeys[kind]))
            let state = try await upload(peer, credential: key)
            #expect(state.authenticated)
            let expected = [
                "rsa": "rsa-sha2-512", "ecdsa": "ecdsa-sha2-nistp256", "ecdsa384": "ecdsa-sha2-nistp384",
                "ecdsa521": "ecdsa-sha2-nistp521",
            ]
            #expect(state.userSignatureAlgorithm == expected[kind])
        }
    }

    @Test func rsaKeysFallBackToSHA256WhenTheServerAcceptsOnlyThat() async throws {
        let config = "PubkeyAcceptedAlgorithms rsa-sha2-256,ssh-ed25519"
        try await OpenSSHPeer.with(.init(clientKeys: ["rsa"], sshdConfig: config)) { peer in
            let key = try SFTPCredential.privateKey(openSSH: try #require(peer.clientKeys["rsa"]))
            let state = try await upload(peer, credential: key)
            #expect(state.userSignatureAlgorithm == "rsa-sha2-256")
        }
    }

    @Test(arguments: [
        ("aes256-gcm@openssh.com", "hmac-sha2-256"),
        ("aes128-gcm@openssh.com", "hmac-sha2-256"),
        ("aes128-ctr", "hmac-sha2-256"),
        ("aes256-ctr", "hmac-sha2-512"),
        ("aes128-ctr", "hmac-sha2-256-etm@openssh.com"),
        ("aes256-ctr", "hmac-sha2-512-etm@openssh.com"),
        ("chacha20-poly1305@openssh.com", "hmac-sha2-256"),
    ])
    func everyCipherAndMACForcedByTheServerCarriesAnUpload(cipher: String, mac: String) async throws {
        try await OpenSSHPeer.with(.init(sshdConfig: "Ciphers \(cipher)\nMACs \(mac)")) { peer in
            let state = try await upload(peer, size: 300_001)
            let algorithms = try #require(state.algorithms)
            #expect(algorithms.cipherClientToServer.rawValue == cipher)
            #expect(algorithms.cipherServerToClient.rawValue == cipher)
            if !algorithms.cipherClientToServer.isAEAD { #expect(algorithms.macClientToServer?.rawValue == mac) }
        }
    }

    @Test(arguments: SSHKexAlgorithm.allCases.map(\.rawValue))
    func everyKeyExchangeForcedByTheServerWorks(kex: String) async throws {
        try await OpenSSHPeer.with(.init(sshdConfig: "KexAlgorithms \(kex)")) { peer in
            let state = try await upload(peer)
            #expect(state.algorithms?.kex.rawValue == kex)
            #expect(state.strictKex)  // OpenSSH offers kex-strict-s-v00@openssh.com
        }
    }

    @Test(arguments: [
        ("ed25519", "ssh-ed25519"), ("ecdsa", "ecdsa-sha2-nistp256"), ("ecdsa384", "ecdsa-sha2-nistp384"),
        ("ecdsa521", "ecdsa-sha2-nistp521"), ("rsa", "rsa-sha2-512"), ("rsa", "rsa-sha2-256"),
    ])
    func everyHostKeyTypeIsVerifiedAndPinned(hostKey: String, algorithm: String) async throws {
        try await OpenSSHPeer.with(.init(hostKey: hostKey, sshdConfig: "HostKeyAlgorithms \(algorithm)")) { peer in
            let state = try await upload(peer)
            #expect(state.algorithms?.hostKey.rawValue == algorithm)
            #expect(state.fingerprint?.description == peer.fingerprint)
        }
    }

    @Test func serverInitiatedRekeysDuringAnUploadKeepTheFileByteIdentical() async throws {
        try await OpenSSHPeer.with(.init(sshdConfig: "RekeyLimit 1M")) { peer in
            let state = try await upload(peer, size: 6 * 1024 * 1024 + 7)
            #expect(state.keyExchanges > 3)
        }
    }

    @Test func clientInitiatedRekeysDuringAnUploadKeepTheFileByteIdentical() async throws {
        try await OpenSSHPeer.with { peer in
            let state = try await upload(peer, size: 5 * 1024 * 1024 + 3) { $0.sshRekeyAfterBytes = 1024 * 1024 }
            #expect(state.keyExchanges > 3)
        }
    }

    @Test func keyboardInteractiveAnswersTheSinglePasswordPrompt() async throws {
        try await OpenSSHPeer.with(.init(keyboardInteractiveOnly: true)) { peer in
            let state = try await upload(peer)
            #expect(state.authenticated)
        }
    }

    @Test func keyboardInteractiveWithAWrongPasswordFailsAuth() async throws {
        try await OpenSSHPeer.with(.init(keyboardInteractiveOnly: true)) { peer in
            let wrong = "wrong-\(UInt32.random(in: 0...UInt32.max))"
            let report = try await SFTPDestination(
                configuration: peer.configuration(credential: .password(wrong)), outbound: .loopbackPeers
            )
            .testConnection()
            #expect(report.failedStep == .auth)
            #expect(report.error?.message.contains("rejected the password") == true)
            #expect(!String(describing: report).contains(wrong))
        }
    }

    @Test func aKeyTheServerDoesNotKnowIsRejectedNamingTheUser() async throws {
        try await OpenSSHPeer.with { peer in
            let key = try SFTPCredential.privateKey(openSSH: SSHKeyFixtures.rsaPrivate)
            let report = try await SFTPDestination(
                configuration: peer.configuration(credential: key), outbound: .loopbackPeers
            ).testConnection()
            #expect(report.failedStep == .auth)
            #expect(report.error?.message.contains("rejected the SSH key for user '\(peer.user)'") == true)
        }
    }

    @Test func aServerWithNoCommonCipherFailsTheConnectStepNamingIt() async throws {
        try await OpenSSHPeer.with(.init(sshdConfig: "Ciphers aes192-ctr")) { peer in
            let report = try await SFTPDestination(configuration: peer.configuration(), outbound: .loopbackPeers)
                .testConnection()
            #expect(report.failedStep == .connect)
            #expect(report.error?.message.contains("no cipher") == true)
        }
    }
}
