/// The `.invalid` errors of SSH key parsing, worded for the person who set the `sshKey` connection parameter.
/// None of them includes key material or the passphrase.
enum SSHKeyError {
    static let passphraseRequired = DestinationError(
        .invalid, "the SSH key is protected by a passphrase: set sshKeyPassphrase", field: "sshKeyPassphrase")
    static let wrongPassphrase = DestinationError(
        .invalid, "the passphrase does not open the SSH key", field: "sshKeyPassphrase")

    /// A key that is damaged, truncated or not a key file at all; `reason` names the part that is wrong.
    static func malformed(_ reason: String) -> DestinationError {
        DestinationError(.invalid, "the SSH key could not be read (\(reason))", field: "sshKey")
    }

    /// A well-formed key that uses something Outflow does not implement; `message` says what to do instead.
    static func unsupported(_ message: String) -> DestinationError {
        DestinationError(.invalid, message, field: "sshKey")
    }
}
