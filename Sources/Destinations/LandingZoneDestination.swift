/// Outflow's built-in Data Landing Zone: a managed folder store under `<landing zone root>/<container>/`,
/// with the same atomic-commit semantics as `LocalFolderDestination`.
public struct LandingZoneDestination: Destination {
    public let id: String
    /// The container name (AEP's `dlz-destination` by default).
    public let container: String
    private let folder: LocalFolderDestination

    /// The container exports go to unless a connection names another (AEP's).
    public static let defaultContainer = "dlz-destination"

    /// - Parameters:
    ///   - landingZoneRoot: the absolute folder of the landing zone's containers (the lake layout's
    ///     `landingZoneRoot`).
    ///   - container: lowercase letters, digits and '-', 3...63 characters (Azure container rules).
    public init(landingZoneRoot: String, container: String = defaultContainer, id: String = "dlz")
        throws(DestinationError)
    {
        let valid =
            (3...63).contains(container.utf8.count)
            && container.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
            && container.first != "-" && container.last != "-"
        guard valid else {
            throw DestinationError(.invalid, "invalid landing zone container name (3-63 of a-z, 0-9, '-')")
        }
        self.container = container
        self.id = id
        let base = landingZoneRoot.hasSuffix("/") ? String(landingZoneRoot.dropLast()) : landingZoneRoot
        folder = try LocalFolderDestination(root: base + "/" + container, id: id)
    }

    /// The absolute folder holding the container's objects.
    public var root: String { folder.root }

    public func openWriter(path: String) async throws(DestinationError) -> any DestinationWriter {
        try await folder.openWriter(path: path)
    }

    public func list(prefix: String) async throws(DestinationError) -> [DestinationObject] {
        try await folder.list(prefix: prefix)
    }

    public func delete(path: String) async throws(DestinationError) {
        try await folder.delete(path: path)
    }

    public func exists(path: String) async throws(DestinationError) -> Bool {
        try await folder.exists(path: path)
    }

    public func stagedUploads(prefix: String) async throws(DestinationError) -> [StagedUpload] {
        try await folder.stagedUploads(prefix: prefix)
    }

    public func discard(_ upload: StagedUpload) async throws(DestinationError) {
        try await folder.discard(upload)
    }
}
