import Columnar
import Testing

/// `Column.structField(_:)`: a struct's field as a column of its own is NULL where the struct is NULL, whatever
/// the struct's null slots hold in the field.
@Suite struct StructFieldTests {
    @Test func aFieldIsNullWhereItsStructIsNull() throws {
        // Row 1's struct is NULL but its child slot holds 2; row 2's field itself is NULL.
        let child = Column(
            type: .int32, count: 3, validity: Bitmap([true, true, false]), storage: .int32([1, 2, 3]))
        let type = DataType.struct([Field("a", .int32)])
        let parent = Column(type: type, count: 3, validity: Bitmap([true, false, true]), storage: .struct([child]))
        let field = try #require(parent.structField(0))
        #expect(field.type == .int32)
        #expect((0..<3).map { field.isNull($0) } == [false, true, true])
        #expect(field.value(at: 0) == .int(1))
        #expect(parent.structField(1) == nil)
        #expect(child.structField(0) == nil)
    }

    @Test func withoutNullsNoValidityIsMade() throws {
        let child = Column(type: .int32, count: 2, validity: nil, storage: .int32([1, 2]))
        let parent = Column(
            type: .struct([Field("a", .int32)]), count: 2, validity: nil, storage: .struct([child]))
        #expect(try #require(parent.structField(0)).validity == nil)
    }
}
