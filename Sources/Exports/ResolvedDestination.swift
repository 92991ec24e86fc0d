public import Destinations

/// The destination a target connection delivers to, and the folder inside it that exports go under.
public struct ResolvedDestination: Sendable {
    public var destination: any Destination
    public var pathPrefix: String

    /// Builds the destination for a base connection's spec: the local folder roots at the target's absolute
    /// `path`, which `localFolders` must admit (under an export root, outside the data directory: `.invalidField`
    /// on `params.path` otherwise; links below the root are refused at write time); the Data Landing Zone is `<landingZoneRoot>/<container>/` with the target's `path` inside;
    /// Google Cloud Storage delivers into `bucketName` under `path` (`ResolvedDestination+GCS.swift`);
    /// SFTP delivers under the target's `remotePath` (`ResolvedDestination+SFTP.swift`).
    /// Other specs are not deliverable yet (`.invalidField` on `connectionSpec.id`). `hostKeys` is the SFTP
    /// connection's host key memory (`FlowStore.hostKeyMemory(for:)`): without a `hostKeyFingerprint` pin, the
    /// first host key met is remembered there and later ones must match it; nil accepts any key (probes only).
    /// Every networked destination (S3 with its STS endpoint, GCS with its token URI, Azure Blob, ADLS Gen2 with
    /// its authority host, SFTP) connects only to addresses `outbound` admits: callers pass the configured policy.
    public static func resolve(
        base: BaseConnection, target: TargetConnection, landingZoneRoot: String, hostKeys: HostKeyMemory?,
        outbound: OutboundPolicy, localFolders: LocalFolderPolicy
    ) throws(ExportsError) -> ResolvedDestination {
        try ExportValidator.validate(target, connectionSpecId: base.connectionSpecId)
        switch base.connectionSpecId.lowercased() {  // builders that report ExportsError fields themselves
        case ConnectionSpecCatalog.azureBlob: return try azureBlob(base: base, target: target, outbound: outbound)
        case ConnectionSpecCatalog.adlsGen2: return try adlsGen2(base: base, target: target, outbound: outbound)
        case ConnectionSpecCatalog.googleCloudStorage:
            return try googleCloudStorage(base: base, target: target, outbound: outbound)
        case ConnectionSpecCatalog.amazonS3: return try amazonS3(base: base, target: target, outbound: outbound)
        case ConnectionSpecCatalog.sftp:
            return try sftp(base: base, target: target, hostKeys: hostKeys, outbound: outbound)
        case ConnectionSpecCatalog.localFolder:
            try ExportValidator.validate(localFolderPath: target.path, policy: localFolders)
        default: break
        }
        do throws(DestinationError) {
            switch base.connectionSpecId.lowercased() {
            case ConnectionSpecCatalog.localFolder:
                return ResolvedDestination(
                    destination: try LocalFolderDestination(path: target.path, policy: localFolders, id: base.id),
                    pathPrefix: "")
            case ConnectionSpecCatalog.dataLandingZone:
                return ResolvedDestination(
                    destination: try LandingZoneDestination(landingZoneRoot: landingZoneRoot, id: base.id),
                    pathPrefix: target.path)
            default:
                break
            }
        } catch {
            throw ExportsError(
                .destination, error.message, field: "params.path", retryable: error.isRetryable, underlying: error)
        }
        let name = ConnectionSpecCatalog.spec(id: base.connectionSpecId)?.name ?? base.connectionSpecId
        throw ExportsError.invalid("connectionSpec.id", "\(name) delivery is not available yet")
    }
}
