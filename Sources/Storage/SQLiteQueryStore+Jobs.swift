import Foundation
import GRDB
public import QueryService

/// QueryService's `QueryJobStore` in the catalog database (tables `query_jobs`, `query_schedules`, migration
/// `query-v2-jobs`): each query and schedule is one JSON document with the columns the store filters on.
extension SQLiteQueryStore: QueryJobStore {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    static func insertJob(_ job: QueryJob, _ db: Database) throws {
        let document = try encode(job)
        try db.execute(
            sql: """
                INSERT INTO query_jobs (id, sandbox, state, scheduleId, slot, created, document)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET state = excluded.state, document = excluded.document
                """,
            arguments: [
                job.id, job.sandbox, job.state.rawValue, job.scheduleId, job.slot, job.created, document,
            ])
    }

    static func fetchJob(_ id: String, _ db: Database) throws -> QueryJob? {
        guard let text = try String.fetchOne(db, sql: "SELECT document FROM query_jobs WHERE id = ?", arguments: [id])
        else { return nil }
        return try decode(QueryJob.self, text)
    }

    public func saveJob(_ job: QueryJob) async throws {
        try await write { db in try Self.insertJob(job, db) }
    }

    public func job(id: String) async throws -> QueryJob? {
        try await read { db in try Self.fetchJob(id, db) }
    }

    public func updateJob(id: String, _ body: @escaping @Sendable (inout QueryJob) -> Void) async throws -> QueryJob? {
        try await write { db in
            guard var job = try Self.fetchJob(id, db) else { return nil }
            body(&job)
            try Self.insertJob(job, db)
            return job
        }
    }

    public func jobs(sandbox: String) async throws -> [QueryJob] {
        try await read { db in
            try String.fetchAll(
                db, sql: "SELECT document FROM query_jobs WHERE sandbox = ? ORDER BY created, id", arguments: [sandbox]
            ).map { try Self.decode(QueryJob.self, $0) }
        }
    }

    public func jobs(scheduleId: String) async throws -> [QueryJob] {
        try await read { db in
            try String.fetchAll(
                db, sql: "SELECT document FROM query_jobs WHERE scheduleId = ? ORDER BY created, id",
                arguments: [scheduleId]
            ).map { try Self.decode(QueryJob.self, $0) }
        }
    }

    public func failUnfinishedJobs(error: QueryJobError, now: Int64) async throws -> [QueryJob] {
        try await write { db in
            let texts = try String.fetchAll(
                db, sql: "SELECT document FROM query_jobs WHERE state IN ('SUBMITTED', 'IN_PROGRESS')")
            var failed: [QueryJob] = []
            for text in texts {
                var job = try Self.decode(QueryJob.self, text)
                guard job.move(to: .failed, at: now) else { continue }
                job.errors = [error]
                try Self.insertJob(job, db)
                failed.append(job)
            }
            return failed
        }
    }

    public func saveSchedule(_ schedule: QuerySchedule) async throws {
        try await write { db in try Self.insertSchedule(schedule, db) }
    }

    static func insertSchedule(_ schedule: QuerySchedule, _ db: Database) throws {
        let document = try encode(schedule)
        try db.execute(
            sql: """
                INSERT INTO query_schedules (id, sandbox, created, document) VALUES (?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET document = excluded.document
                """,
            arguments: [schedule.id, schedule.sandbox, schedule.created, document])
    }

    public func schedule(id: String) async throws -> QuerySchedule? {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT document FROM query_schedules WHERE id = ?", arguments: [id])
                .map { try Self.decode(QuerySchedule.self, $0) }
        }
    }

    public func schedules(sandbox: String?) async throws -> [QuerySchedule] {
        try await read { db in
            let texts: [String]
            if let sandbox {
                texts = try String.fetchAll(
                    db, sql: "SELECT document FROM query_schedules WHERE sandbox = ? ORDER BY created, id",
                    arguments: [sandbox])
            } else {
                texts = try String.fetchAll(db, sql: "SELECT document FROM query_schedules ORDER BY created, id")
            }
            return try texts.map { try Self.decode(QuerySchedule.self, $0) }
        }
    }

    public func deleteSchedule(id: String) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM query_schedules WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    public func claimSlot(_ job: QueryJob) async throws -> Bool {
        guard let scheduleId = job.scheduleId, let slot = job.slot else { return false }
        return try await write { db in
            let taken =
                try Int.fetchOne(
                    db, sql: "SELECT 1 FROM query_jobs WHERE scheduleId = ? AND slot = ?",
                    arguments: [scheduleId, slot])
                != nil
            guard !taken,
                let text = try String.fetchOne(
                    db, sql: "SELECT document FROM query_schedules WHERE id = ?", arguments: [scheduleId])
            else { return false }
            var schedule = try Self.decode(QuerySchedule.self, text)
            guard schedule.lastSlot.map({ $0 < slot }) ?? true else { return false }
            schedule.lastSlot = slot
            try Self.insertSchedule(schedule, db)
            try Self.insertJob(job, db)
            return true
        }
    }
}
