/// A result column as RowDescription describes it.
public struct WireColumn: Sendable, Equatable {
    public var name: String
    /// The table's OID and the column's attribute number when the column is a plain table column, else 0.
    public var tableOID: UInt32
    public var attributeNumber: Int16
    /// The type's OID (`WireType`), its size (`typlen`: -1 variable) and modifier (`atttypmod`: -1 none).
    public var typeOID: UInt32
    public var typeSize: Int16
    public var typeModifier: Int32

    public init(
        name: String, typeOID: UInt32, typeSize: Int16? = nil, typeModifier: Int32 = -1, tableOID: UInt32 = 0,
        attributeNumber: Int16 = 0
    ) {
        self.name = name
        self.typeOID = typeOID
        self.typeSize = typeSize ?? WireType.size(of: typeOID)
        self.typeModifier = typeModifier
        self.tableOID = tableOID
        self.attributeNumber = attributeNumber
    }
}
