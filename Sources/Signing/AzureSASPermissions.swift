/// The `sp` field of an Azure service SAS: which operations the token allows.
public struct AzureSASPermissions: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `r`: read content, properties, metadata.
    public static let read = AzureSASPermissions(rawValue: 1 << 0)
    /// `a`: add a block to an append blob.
    public static let add = AzureSASPermissions(rawValue: 1 << 1)
    /// `c`: create a new blob.
    public static let create = AzureSASPermissions(rawValue: 1 << 2)
    /// `w`: write content, blocks, metadata.
    public static let write = AzureSASPermissions(rawValue: 1 << 3)
    /// `d`: delete.
    public static let delete = AzureSASPermissions(rawValue: 1 << 4)
    /// `x`: delete a version.
    public static let deleteVersion = AzureSASPermissions(rawValue: 1 << 5)
    /// `y`: permanently delete.
    public static let permanentDelete = AzureSASPermissions(rawValue: 1 << 6)
    /// `l`: list.
    public static let list = AzureSASPermissions(rawValue: 1 << 7)
    /// `t`: tags.
    public static let tags = AzureSASPermissions(rawValue: 1 << 8)
    /// `m`: move (DFS rename).
    public static let move = AzureSASPermissions(rawValue: 1 << 9)
    /// `e`: execute (DFS).
    public static let execute = AzureSASPermissions(rawValue: 1 << 10)
    /// `o`: ownership (DFS).
    public static let ownership = AzureSASPermissions(rawValue: 1 << 11)
    /// `p`: permissions (DFS).
    public static let permissions = AzureSASPermissions(rawValue: 1 << 12)
    /// `i`: set immutability policy.
    public static let immutability = AzureSASPermissions(rawValue: 1 << 13)

    /// The order Azure requires letters in.
    static let letters: [(Character, AzureSASPermissions)] = [
        ("r", .read), ("a", .add), ("c", .create), ("w", .write), ("d", .delete), ("x", .deleteVersion),
        ("y", .permanentDelete), ("l", .list), ("t", .tags), ("m", .move), ("e", .execute), ("o", .ownership),
        ("p", .permissions), ("i", .immutability),
    ]

    /// Parses an `sp` value; nil when it holds an unknown letter or is empty.
    public init?(sp: String) {
        var parsed: AzureSASPermissions = []
        for character in sp {
            guard let match = Self.letters.first(where: { $0.0 == character }) else { return nil }
            parsed.insert(match.1)
        }
        guard !parsed.isEmpty else { return nil }
        self = parsed
    }

    /// The `sp` value in Azure's canonical order (`racwdl`).
    public var sp: String { String(Self.letters.filter { contains($0.1) }.map(\.0)) }

    public var description: String { sp }
}
