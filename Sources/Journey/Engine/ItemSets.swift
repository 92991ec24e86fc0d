/// Several dimension items per event in compressed-row form (allocation `all`): the items of event `i` are
/// `items[offsets[i]..<offsets[i + 1]]`, each at most once.
struct ItemSets: Sendable, Equatable {
    var offsets: [Int] = [0]
    var items: [Int32] = []

    func range(_ index: Int) -> Range<Int> { offsets[index]..<offsets[index + 1] }

    /// The items of event `index`.
    func of(_ index: Int) -> ArraySlice<Int32> { items[range(index)] }

    /// Appends the next event's items.
    mutating func append<S: Sequence<Int32>>(_ eventItems: S) {
        items.append(contentsOf: eventItems)
        offsets.append(items.count)
    }
}
