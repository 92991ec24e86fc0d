import Foundation
import SQL

/// The system's compiled IANA zones (/usr/share/zoneinfo), names matched case-insensitively.
struct ZoneInfoSource: TimeZoneSource {
    static let root = "/usr/share/zoneinfo"
    static let database = TimeZoneDatabase(source: ZoneInfoSource())

    /// Lower-cased relative path -> actual relative path.
    static let names: [String: String] = {
        var map: [String: String] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return map }
        while let path = enumerator.nextObject() as? String {
            map[path.lowercased()] = path
        }
        return map
    }()

    func tzifData(named name: String) -> [UInt8]? {
        guard let actual = ZoneInfoSource.names[name.lowercased()],
            let data = FileManager.default.contents(atPath: ZoneInfoSource.root + "/" + actual)
        else { return nil }
        return [UInt8](data)
    }
}
