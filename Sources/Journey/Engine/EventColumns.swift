/// The events of a report as compact typed arrays, one entry per event (no per-event rows or dictionaries):
/// the person as a dense code, the time in microseconds, the dimension's value as a code into `items`, whether the
/// event starts a session by rule, and one `Double` per loaded numeric field (NaN where null).
struct EventColumns: Sendable {
    /// Person codes (into `people`, or for stitched connections see `StitchingKernel`); -1: no person.
    var person: [Int32] = []
    /// Stitching's persistent id (device) codes into `devices`; -1: null. Empty without stitching.
    var device: [Int32] = []
    /// Stitching's transient id (login) codes into `transients`; -1: null. Empty without stitching.
    var transient: [Int32] = []
    /// Microseconds since the epoch.
    var time: [Int64] = []
    /// The report dimension's raw value on the event, a code into `items`; -1: no value.
    var item: [Int32] = []
    /// True where the event matches one of the data view's `newSessionOn` rules.
    var startsSession: [Bool] = []
    /// Numeric fields by `EventFields.numeric` index; NaN where the field is null.
    var numbers: [[Double]] = []
    /// The persistence binding dimension's raw value, a code into `bindings`; -1: none. Empty without binding.
    var binding: [Int32] = []
    /// Segment leaf comparisons by `EventFields.filterFlags` index.
    var flags: [[Bool]] = []
    /// Breakdown dimensions by `EventFields.filterDimensions` index: codes into `filterDictionaries` (-1: none).
    var filterItems: [[Int32]] = []
    var filterDictionaries: [ValueDictionary] = []

    var people = ValueDictionary()
    var devices = ValueDictionary()
    var transients = ValueDictionary()
    var items = ValueDictionary()
    var bindings = ValueDictionary()

    var count: Int { time.count }

    init(numericFields: Int) {
        numbers = Array(repeating: [], count: numericFields)
    }
}
