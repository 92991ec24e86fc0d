import Foundation

/// GnuPG as the independent peer: a private GNUPGHOME with one fixture secret key imported, used to decrypt
/// what Outflow encrypted. The agent it starts is stopped and the folder removed when the value is released.
public final class GnuPGPeer: Sendable {
    public struct Decrypted: Sendable {
        public var plaintext: [UInt8]
        /// gpg's `--status-fd` lines (`DECRYPTION_OKAY`, `GOODMDC`, `PLAINTEXT 62 <time> <name>` ...).
        public var status: String
    }

    public let home: String

    /// The armored secret key of a fixture in `IntegrationTests/fixtures/pgp` (`rsa`, `cv25519`, `p256`).
    public static func fixtureSecretKey(_ name: String) throws -> String {
        try String(
            contentsOf: PythonPeer.packageRoot.appendingPathComponent("IntegrationTests/fixtures/pgp/\(name).sec.asc"),
            encoding: .utf8)
    }

    /// The armored public key of a fixture in `IntegrationTests/fixtures/pgp`.
    public static func fixturePublicKey(_ name: String) throws -> String {
        try String(
            contentsOf: PythonPeer.packageRoot.appendingPathComponent("IntegrationTests/fixtures/pgp/\(name).pub.asc"),
            encoding: .utf8)
    }

    private init(home: String) {
        self.home = home
    }

    /// A fresh GNUPGHOME with `secretKey` imported.
    public static func make(secretKey: String) async throws -> GnuPGPeer {
        let home = "/tmp/outflow-gpg-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(
            atPath: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let peer = GnuPGPeer(home: home)
        let output = try await ChildProcess.run(
            "/usr/bin/gpg", ["--batch", "--homedir", home, "--import"], input: Array(secretKey.utf8))
        guard output.status == 0 else { throw PythonPeer.Failure(description: "gpg --import: \(output.stderr)") }
        return peer
    }

    /// Stops the agent gpg started and then removes the folder, without waiting for either.
    deinit {
        let home = self.home
        let kill = Process()
        kill.executableURL = URL(fileURLWithPath: "/usr/bin/gpgconf")
        kill.arguments = ["--homedir", home, "--kill", "gpg-agent"]
        kill.terminationHandler = { _ in try? FileManager.default.removeItem(atPath: home) }
        if (try? kill.run()) == nil { try? FileManager.default.removeItem(atPath: home) }
    }

    /// Decrypts the message in the file at `path`; throws with gpg's stderr when gpg refuses it.
    public func decrypt(file path: String) async throws -> Decrypted {
        let output = try await ChildProcess.run(
            "/usr/bin/gpg",
            [
                "--batch", "--homedir", home, "--pinentry-mode", "loopback", "--passphrase", "", "--status-fd", "2",
                "--decrypt", path,
            ], input: [])
        guard output.status == 0 else { throw PythonPeer.Failure(description: "gpg --decrypt: \(output.stderr)") }
        return Decrypted(plaintext: output.stdout, status: output.stderr)
    }

    /// Decrypts `message` (written to a temporary file first).
    public func decrypt(_ message: [UInt8]) async throws -> Decrypted {
        let path = home + "/message-\(UUID().uuidString).gpg"
        try Data(message).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await decrypt(file: path)
    }
}
