import Lake
import LandingZone

extension LandingZoneService {
    /// The landing zone of `configuration`, or nil when its account cannot be loaded or a landing-zone setting is
    /// malformed (`OutflowServer.run` checks both first and fails start-up instead).
    static func make(_ configuration: OutflowConfiguration) -> LandingZoneService? {
        guard
            let account = try? LandingZoneAccount.load(
                name: configuration.landingZoneAccount, keyBase64: configuration.landingZoneKey,
                keyPath: configuration.layout.landingZoneKeyPath),
            let settings = try? configuration.landingZoneSettings()
        else { return nil }
        return LandingZoneService(
            account: account, root: configuration.layout.landingZoneRoot,
            maxUploadBytes: configuration.maxUploadBytes, settings: settings)
    }
}
