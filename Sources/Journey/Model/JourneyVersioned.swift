/// A stored journey definition (connection, data view, segment): an id, a version and the times the service stamps
/// on create and update.
protocol JourneyVersioned {
    var id: String { get set }
    var version: Int { get set }
    var createdAt: Int64 { get set }
    var modifiedAt: Int64 { get set }
}

extension JourneyVersioned {
    /// `self` as a new definition: a fresh id starting with `prefix`, version 1, created and modified `now`.
    func created(prefix: String, at now: Int64) -> Self {
        var new = self
        new.id = JourneyService.makeId(prefix)
        new.version = 1
        new.createdAt = now
        new.modifiedAt = now
        return new
    }

    /// `self` as the next state of `current`: its id, version and creation time, modified `now`.
    func replacing(_ current: Self, at now: Int64) -> Self {
        var next = self
        next.id = current.id
        next.version = current.version
        next.createdAt = current.createdAt
        next.modifiedAt = now
        return next
    }
}

extension JourneyConnection: JourneyVersioned {}
extension DataView: JourneyVersioned {}
extension Segment: JourneyVersioned {}
