/// Decides who may log in: the SCRAM verifier per user, and a hook for failed logins.
public protocol WireAuthenticator: Sendable {
    /// The verifier for `user` connecting to `database`; nil for an unknown user (the exchange then runs against a
    /// mock verifier and fails like a wrong password, so user names cannot be probed).
    func verifier(user: String, database: String) async -> SCRAMVerifier?

    /// A login failed (wrong password, unknown user, malformed exchange). Logging and rate limiting hook in here:
    /// the server closes the connection only after this returns, so a delay here slows password guessing.
    func loginFailed(user: String, database: String, remoteAddress: String?, error: WireError) async
}

extension WireAuthenticator {
    public func loginFailed(user: String, database: String, remoteAddress: String?, error: WireError) async {}
}

/// One password for every user name: until users exist, the API key is the password (issue 14). The verifier is
/// derived once, with a random salt, when the authenticator is made.
public struct SharedPasswordAuthenticator: WireAuthenticator {
    private let sharedVerifier: SCRAMVerifier
    private let onFailure: @Sendable (String, String, String?, WireError) async -> Void

    /// `onFailure` is called with user, database, remote address and the error of each failed login.
    public init(
        password: String, iterations: Int = 4096,
        onFailure: @escaping @Sendable (String, String, String?, WireError) async -> Void = { _, _, _, _ in }
    ) {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        self.sharedVerifier = SCRAMVerifier(password: password, salt: salt, iterations: iterations)
        self.onFailure = onFailure
    }

    public func verifier(user: String, database: String) async -> SCRAMVerifier? { sharedVerifier }

    public func loginFailed(user: String, database: String, remoteAddress: String?, error: WireError) async {
        await onFailure(user, database, remoteAddress, error)
    }
}
