import Lake
import LandingZone

extension LandingZoneService {
    /// The landing zone of `configuration`, or nil when its account cannot be loaded (`OutflowServer.run`
    /// checks that first and fails start-up instead).
    static func make(_ configuration: OutflowConfiguration) -> LandingZoneService? {
        guard
            let account = try? LandingZoneAccount.load(
                name: configuration.landingZoneAccount, keyBase64: configuration.landingZoneKey,
                keyPath: configuration.layout.landingZoneKeyPath)
        else { return nil }
        return LandingZoneService(
            account: account, root: configuration.layout.landingZoneRoot,
            maxUploadBytes: configuration.maxUploadBytes)
    }
}
