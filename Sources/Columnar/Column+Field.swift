extension Column {
    /// Field `index` of a struct column as a column of its own: NULL where the field or the struct is NULL (a
    /// struct's null slots may hold anything in its children). Nil when this is not a struct column or has no
    /// such field.
    public func structField(_ index: Int) -> Column? {
        guard case let .struct(children) = storage, children.indices.contains(index) else { return nil }
        var child = children[index]
        guard child.count == count else { return nil }
        child.validity = Bitmap.intersection(validity, child.validity, count: count)
        return child
    }
}

extension Bitmap {
    /// The bits set in both validity bitmaps (nil: every bit set), nil when every bit is set in both.
    public static func intersection(_ a: Bitmap?, _ b: Bitmap?, count: Int) -> Bitmap? {
        guard let a else { return b }
        guard let b else { return a }
        let words = zip(a.words, b.words).map { $0 & $1 }
        return Bitmap(words: words, count: count)
    }
}
