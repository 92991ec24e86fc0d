import Foundation
public import Testing

extension Tag {
    /// The test starts an external peer: a Python process (pyarrow, DuckDB, boto3, the Azure and Google SDKs as
    /// oracles), OpenSSH's sshd, SeaweedFS, gpg, or a child copy of the test binary. `scripts/test --fast` skips
    /// these; CI runs everything.
    @Tag public static var peers: Self
}

extension Trait where Self == ConditionTrait {
    /// Skips the suite when `scripts/test --fast` runs (it sets `OUTFLOW_FAST_TESTS=1`); never in CI (`CI=true`),
    /// where a missing peer must fail, not skip.
    public static var needsPeers: Self {
        .enabled("starts external peers; scripts/test --fast skips it") {
            let environment = ProcessInfo.processInfo.environment
            return environment["OUTFLOW_FAST_TESTS"] == nil || environment["CI"] == "true"
        }
    }
}
