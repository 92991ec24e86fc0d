import Foundation

extension ResolvedDestination {
    /// The base connection's optional `timeoutSeconds` (an integer in 1...3600), or nil when it is not set. The
    /// cloud destinations use it as the deadline of one request attempt (plus their allowance per MiB sent), SFTP
    /// as the limit of the SSH handshake and of each SFTP reply. A stalled attempt then fails after this long and
    /// is retried, instead of after the defaults (60 s S3 and GCS, 120 s Azure, 15 s + 30 s SFTP).
    static func requestTimeout(_ auth: [String: String]) throws(ExportsError) -> Duration? {
        guard let text = auth["timeoutSeconds"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            return nil
        }
        guard let seconds = Int(text), (1...3_600).contains(seconds) else {
            throw ExportsError.invalid("auth.params.timeoutSeconds", "must be an integer in 1...3600")
        }
        return .seconds(seconds)
    }
}
