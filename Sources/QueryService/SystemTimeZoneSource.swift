import Foundation
public import SQL

/// The system's compiled IANA zones (`/usr/share/zoneinfo`) for the engine's `TimeZoneDatabase`. Names match
/// case-insensitively through one listing of the folder, so only files inside it are ever read.
public struct SystemTimeZoneSource: TimeZoneSource {
    public static let root = "/usr/share/zoneinfo"
    /// One database per process: zones parse once and stay cached.
    public static let database = TimeZoneDatabase(source: SystemTimeZoneSource())

    /// Lower-cased relative path -> the path as stored.
    static let names: [String: String] = {
        var map: [String: String] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return map }
        while let path = enumerator.nextObject() as? String { map[path.lowercased()] = path }
        return map
    }()

    public init() {}

    public func tzifData(named name: String) -> [UInt8]? {
        guard let actual = SystemTimeZoneSource.names[name.lowercased()],
            let data = FileManager.default.contents(atPath: SystemTimeZoneSource.root + "/" + actual)
        else { return nil }
        return [UInt8](data)
    }
}
