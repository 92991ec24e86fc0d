/// Bounds on what folder listings take from a server, against a hostile or broken one: a server can answer
/// READDIR with NAME replies forever, or show folders nested without end (a symlink loop, a generated tree).
public struct SFTPListingLimits: Sendable, Hashable {
    /// Most entries one folder's listing may have (all its READDIR replies together).
    public var maximumEntries: Int
    /// Deepest folder a recursive listing descends into (the listed folder is depth 0).
    public var maximumDepth: Int

    public init(maximumEntries: Int = 100_000, maximumDepth: Int = 64) {
        self.maximumEntries = maximumEntries
        self.maximumDepth = maximumDepth
    }

    /// Throws `limitExceeded` when a recursive listing would descend to `depth`.
    package func check(depth: Int, reportAs path: String?) throws(SFTPError) {
        guard depth <= maximumDepth else {
            throw SFTPError(
                .limitExceeded,
                "SFTP listing stopped: folders nest deeper than \(maximumDepth) levels (a symlink loop or a hostile "
                    + "server?)",
                path: path)
        }
    }
}

/// One folder's entries as its READDIR replies arrive (no I/O): `.` and `..` dropped, bounded by
/// `SFTPListingLimits.maximumEntries`.
struct SFTPListing: Sendable {
    private(set) var entries: [SFTPNameEntry] = []
    private let maximumEntries: Int
    private let path: String?

    init(maximumEntries: Int, reportAs path: String?) {
        self.maximumEntries = maximumEntries
        self.path = path
    }

    /// Takes one READDIR reply; true once the listing is complete (`STATUS EOF`). A NAME reply past the limit
    /// throws `limitExceeded`; any other reply throws what the server answered.
    mutating func take(_ response: SFTPResponse) throws(SFTPError) -> Bool {
        switch response {
        case .name(_, let names):
            entries += names.filter { $0.filename != "." && $0.filename != ".." }
            guard entries.count <= maximumEntries else {
                throw SFTPError(
                    .limitExceeded,
                    "SFTP listing stopped: the folder has more than \(maximumEntries) entries (the server keeps "
                        + "sending names)",
                    path: path)
            }
            return false
        case .status(_, .eof, _):
            return true
        default:
            throw SFTPConnection.unexpected(response, operation: "readdir", reportAs: path)
        }
    }
}
