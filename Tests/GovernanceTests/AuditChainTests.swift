import Governance
import Testing

struct AuditChainTests {
    static func trail(_ count: Int) -> [AuditRecord] {
        var records: [AuditRecord] = []
        for index in 0..<count {
            let record = AuditRecord(
                sequence: 0, time: 1_000 + Int64(index), actor: "ana", sandbox: "prod", action: "flow.create",
                resource: "flow/f\(index)", details: ["rows": "\(index * 10)", "destination": "d1"])
            records.append(AuditChain.seal(record, after: records.last))
        }
        return records
    }

    @Test func aSealedTrailVerifies() {
        let records = Self.trail(50)
        #expect(records.map(\.sequence) == Array(1...50))
        #expect(records[0].previousHash == AuditChain.genesis && records[1].previousHash == records[0].hash)
        #expect(AuditChain.verify(records) == .intact(count: 50))
        #expect(AuditChain.verify([]) == .intact(count: 0))
    }

    @Test func editingAFieldOrADetailIsDetectedAtThatRecord() {
        var records = Self.trail(10)
        records[6].details["rows"] = "999"
        #expect(
            AuditChain.verify(records) == .broken(sequence: 7, reason: "its contents do not match its hash (edited)"))
        records = Self.trail(10)
        records[3].actor = "mallory"
        guard case .broken(sequence: 4, _) = AuditChain.verify(records) else {
            Issue.record("an edited actor was not found")
            return
        }
    }

    @Test func removingOrReplacingARecordBreaksTheChain() {
        var records = Self.trail(10)
        records.remove(at: 4)
        #expect(AuditChain.verify(records) == .broken(sequence: 5, reason: "record 5 is missing (found 6)"))
        records = Self.trail(10)
        // A record re-sealed after an edit has a valid hash but its successor's link no longer matches.
        var edited = records[4]
        edited.outcome = .failure
        records[4] = AuditChain.seal(edited, after: records[3])
        #expect(AuditChain.verify(records) == .broken(sequence: 6, reason: "its link to record 5 does not match"))
    }

    @Test func fieldBoundariesCannotBeShiftedToForgeAHash() {
        let a = AuditRecord(
            sequence: 1, time: 1, actor: "ab", sandbox: "c", action: "x", previousHash: AuditChain.genesis)
        let b = AuditRecord(
            sequence: 1, time: 1, actor: "a", sandbox: "bc", action: "x", previousHash: AuditChain.genesis)
        #expect(AuditChain.hash(of: a) != AuditChain.hash(of: b))
    }
}
