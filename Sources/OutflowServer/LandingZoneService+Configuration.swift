import LandingZone

extension LandingZoneService {
    /// The landing zone of `configuration`, or nil when its account cannot be loaded (`OutflowServer.run`
    /// checks that first and fails start-up instead).
    static func make(_ configuration: OutflowConfiguration) -> LandingZoneService? {
        guard
            let account = try? LandingZoneAccount.load(
                name: configuration.landingZoneAccount, keyBase64: configuration.landingZoneKey,
                dataDirectory: configuration.dataDirectory)
        else { return nil }
        return LandingZoneService(
            account: account, dataDirectory: configuration.dataDirectory,
            maxUploadBytes: configuration.maxUploadBytes)
    }
}
