extension RowOrdering {
    /// Whether row `row` of the key vectors sorts strictly before `worst` (key values in front), making each key's
    /// datum only while the keys before it tie (the top-N's test for a row to enter the heap).
    func admits(_ keyColumns: [Vector], _ row: Int, over worst: [Datum]) -> Bool {
        for (index, key) in keys.enumerated() {
            let (x, y) = (keyColumns[index][row], worst[index])
            if x.isNull || y.isNull {
                if x.isNull && y.isNull { continue }
                return x.isNull == key.nullsFirst
            }
            let order = Compare.order(x, y)
            if order != 0 { return (order < 0) != key.descending }
        }
        return false
    }
}
