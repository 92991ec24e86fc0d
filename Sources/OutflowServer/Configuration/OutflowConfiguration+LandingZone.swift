import Foundation
package import LandingZone

extension OutflowConfiguration {
    /// A setting that is malformed or out of range; `outflow serve` exits 2 with it before opening anything.
    public struct SettingError: Error, Sendable, CustomStringConvertible {
        /// The environment variable (or its CLI option's variable) at fault.
        public var setting: String
        /// What is wrong, never the value of a secret.
        public var reason: String

        public init(setting: String, reason: String) {
            self.setting = setting
            self.reason = reason
        }

        public var description: String { "\(setting): \(reason)" }
    }

    /// The landing zone's settings from this configuration (SECURITY.md, "Data Landing Zone"); throws naming the
    /// first malformed or out-of-range one.
    package func landingZoneSettings() throws(SettingError) -> LandingZoneSettings {
        var settings = LandingZoneSettings()
        settings.https = tlsCertificatePath != nil && tlsKeyPath != nil
        if let text = landingZoneSASTTL {
            guard let seconds = Int(text), LandingZoneSettings.sasLifetimeRange.contains(TimeInterval(seconds)) else {
                throw SettingError(
                    setting: "OUTFLOW_DLZ_SAS_TTL",
                    reason: "must be a whole number of seconds from 300 (5 minutes) to 604800 (7 days)")
            }
            settings.sasLifetime = TimeInterval(seconds)
        }
        if let text = landingZoneMaxUncommittedBlocks {
            guard let count = Int(text), (1...LandingZoneSettings.blockCountLimit).contains(count) else {
                throw SettingError(
                    setting: "OUTFLOW_DLZ_MAX_UNCOMMITTED_BLOCKS", reason: "must be a whole number from 1 to 100000")
            }
            settings.maxUncommittedBlocks = count
        }
        if let text = landingZoneMaxUncommittedBytes {
            guard let bytes = Int64(text), bytes >= 1 else {
                throw SettingError(
                    setting: "OUTFLOW_DLZ_MAX_UNCOMMITTED_BYTES", reason: "must be a positive byte count")
            }
            settings.maxUncommittedBytes = bytes
        }
        if let text = landingZoneBearerKey {
            guard let key = LandingZoneBearerKey(base64: text) else {
                throw SettingError(setting: "OUTFLOW_DLZ_BEARER_KEY", reason: "must be base64 of at least 32 bytes")
            }
            settings.bearerKey = key
        }
        return settings
    }

    /// Reads the landing zone's and TLS's settings from `environment` (empty values count as unset).
    mutating func resolveLandingZoneAndTLS(_ environment: [String: String]) {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        tlsCertificatePath = value("OUTFLOW_TLS_CERT")
        tlsKeyPath = value("OUTFLOW_TLS_KEY")
        landingZoneSASTTL = value("OUTFLOW_DLZ_SAS_TTL")
        landingZoneMaxUncommittedBlocks = value("OUTFLOW_DLZ_MAX_UNCOMMITTED_BLOCKS")
        landingZoneMaxUncommittedBytes = value("OUTFLOW_DLZ_MAX_UNCOMMITTED_BYTES")
        landingZoneBearerKey = value("OUTFLOW_DLZ_BEARER_KEY")
    }
}
