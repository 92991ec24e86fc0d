/// The `invalidKey` errors of SSH key parsing, worded for the person who set the `sshKey` connection parameter.
/// None of them includes key material or the passphrase.
enum SSHKeyError {
    static let passphraseRequired = SSHError(
        .invalidKey, "the SSH key is protected by a passphrase: set sshKeyPassphrase", field: "sshKeyPassphrase")
    static let wrongPassphrase = SSHError(
        .invalidKey, "the passphrase does not open the SSH key", field: "sshKeyPassphrase")

    /// The passphrase does not open the key; `cause` is the decryption or decoding failure that showed it.
    static func wrongPassphrase(cause: any Error) -> SSHError {
        var error = wrongPassphrase
        error.underlying = cause
        return error
    }

    /// A key that is damaged, truncated or not a key file at all; `reason` names the part that is wrong.
    static func malformed(_ reason: String, cause: (any Error)? = nil) -> SSHError {
        SSHError(.invalidKey, "the SSH key could not be read (\(reason))", field: "sshKey", underlying: cause)
    }

    /// A well-formed key that uses something Outflow does not implement; `message` says what to do instead.
    static func unsupported(_ message: String) -> SSHError {
        SSHError(.invalidKey, message, field: "sshKey")
    }
}
