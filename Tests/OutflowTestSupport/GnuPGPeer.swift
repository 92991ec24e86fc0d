import Foundation

/// GnuPG as the independent peer: a private GNUPGHOME with one fixture secret key imported, used to decrypt
/// what Outflow encrypted. The agent it starts is stopped and the folder removed when the value is released.
public final class GnuPGPeer {
    public struct Decrypted {
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

    public init(secretKey: String) throws {
        home = "/tmp/outflow-gpg-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(
            atPath: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let output = try PythonPeer.runProcess(
            "/usr/bin/gpg", ["--batch", "--homedir", home, "--import"], input: Array(secretKey.utf8))
        guard output.status == 0 else { throw PythonPeer.Failure(description: "gpg --import: \(output.stderr)") }
    }

    deinit {
        _ = try? PythonPeer.runProcess("/usr/bin/gpgconf", ["--homedir", home, "--kill", "gpg-agent"], input: [])
        try? FileManager.default.removeItem(atPath: home)
    }

    /// Decrypts the message in the file at `path`; throws with gpg's stderr when gpg refuses it.
    public func decrypt(file path: String) throws -> Decrypted {
        let output = try PythonPeer.runProcess(
            "/usr/bin/gpg",
            [
                "--batch", "--homedir", home, "--pinentry-mode", "loopback", "--passphrase", "", "--status-fd", "2",
                "--decrypt", path,
            ], input: [])
        guard output.status == 0 else { throw PythonPeer.Failure(description: "gpg --decrypt: \(output.stderr)") }
        return Decrypted(plaintext: output.stdout, status: output.stderr)
    }

    /// Decrypts `message` (written to a temporary file first).
    public func decrypt(_ message: [UInt8]) throws -> Decrypted {
        let path = home + "/message-\(UUID().uuidString).gpg"
        try Data(message).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try decrypt(file: path)
    }
}
