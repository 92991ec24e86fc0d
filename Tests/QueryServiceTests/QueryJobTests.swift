import QueryService
import Testing

/// `job.move(to:at:)`'s answer (a mutating call cannot sit inside `#expect`).
func moved(_ job: inout QueryJob, _ state: QueryJobState, _ at: Int64) -> Bool {
    job.move(to: state, at: at)
}

@Suite struct QueryJobStateTests {
    @Test func movesOnlyForward() {
        var job = QueryJob(
            id: "q", sandbox: "prod", request: .init(dbName: "prod", sql: "SELECT 1"), effectiveSQL: "SELECT 1",
            created: 1_000)
        #expect(job.state == .submitted)
        #expect(!moved(&job, .success, 1_100))
        #expect(moved(&job, .inProgress, 1_200))
        #expect(moved(&job, .success, 1_700))
        #expect(job.elapsedTime == 500)
        #expect(!moved(&job, .cancelled, 1_800))
        #expect(job.state == .success)
        #expect(job.updated == 1_700)
    }

    @Test func queuedQueryCancelsWithoutStarting() {
        var job = QueryJob(
            id: "q", sandbox: "prod", request: .init(dbName: "prod", sql: "SELECT 1"), effectiveSQL: "SELECT 1",
            created: 0)
        #expect(moved(&job, .cancelled, 5))
        #expect(job.elapsedTime == 0)
        #expect(!moved(&job, .inProgress, 6))
    }

    @Test func endStatesAreFinal() {
        for state in QueryJobState.allCases where state.isFinal {
            for next in QueryJobState.allCases { #expect(!state.canMove(to: next)) }
        }
    }
}

@Suite struct QueryParametersTests {
    @Test func stringsAreQuotedSafely() throws {
        let sql = try QueryParameters.substitute(
            "SELECT * FROM t WHERE name = $user AND n > $min",
            ["$user": .string("o'; DROP TABLE t; --"), "min": .number("3")])
        #expect(sql == "SELECT * FROM t WHERE name = 'o''; DROP TABLE t; --' AND n > 3")
    }

    @Test func placeholdersInLiteralsAndCommentsStay() throws {
        let sql = try QueryParameters.substitute(
            "SELECT '$a', \"$a\", $a -- $a\n/* $a */", ["a": .bool(true)])
        #expect(sql == "SELECT '$a', \"$a\", TRUE -- $a\n/* $a */")
    }

    @Test func missingParameterAndBadNumberAreErrors() {
        #expect(throws: QueryParameters.Failure.self) { try QueryParameters.substitute("SELECT $x", [:]) }
        #expect(throws: QueryParameters.Failure.self) {
            try QueryParameters.substitute("SELECT $x", ["x": .number("1; DROP TABLE t")])
        }
        #expect(throws: QueryParameters.Failure.self) {
            try QueryParameters.substitute("SELECT 1", ["bad name": .null])
        }
    }

    @Test func ctasAndInsertWrapTheSelect() {
        #expect(
            QueryParameters.createTableAs("SELECT 1; ", datasetName: "my \"set\"")
                == "CREATE TABLE \"my \"\"set\"\"\" AS SELECT 1")
        #expect(QueryParameters.insertInto(" SELECT 1;", datasetName: "d") == "INSERT INTO \"d\" SELECT 1")
    }
}

@Suite struct CronExpressionTests {
    // 2024-01-01T00:00:00Z, a Monday.
    let monday: Int64 = 1_704_067_200_000
    let minute: Int64 = 60_000

    @Test func everyMinuteAndHourly() throws {
        let every = try CronExpression("* * * * *")
        #expect(every.next(after: monday) == monday + minute)
        #expect(every.next(after: monday + 1) == monday + minute)
        let half = try CronExpression("30 * * * *")
        #expect(half.next(after: monday) == monday + 30 * minute)
        #expect(half.next(after: monday + 30 * minute) == monday + 90 * minute)
    }

    @Test func stepsRangesListsAndNames() throws {
        let expression = try CronExpression("*/15 9-17 * JAN-mar MON,wed")
        // Monday 09:00.
        #expect(expression.next(after: monday) == monday + 9 * 60 * minute)
        // Tuesday is skipped: after Monday 17:45 comes Wednesday 09:00.
        #expect(expression.next(after: monday + (17 * 60 + 45) * minute) == monday + (2 * 24 + 9) * 60 * minute)
        let sunday = try CronExpression("0 0 * * 7")
        #expect(sunday.next(after: monday) == monday + 6 * 24 * 60 * minute)
    }

    @Test func eitherDayFieldMatchesWhenBothAreRestricted() throws {
        // The 3rd of the month or any Monday: Monday Jan 1 00:00 is not after itself, so Jan 3.
        let expression = try CronExpression("0 0 3 * 1")
        #expect(expression.next(after: monday) == monday + 2 * 24 * 60 * minute)
    }

    @Test func latestSlotIsTheLastAtOrBefore() throws {
        let hourly = try CronExpression("0 * * * *")
        #expect(hourly.latest(atOrBefore: monday + 150 * minute, after: monday) == monday + 120 * minute)
        #expect(hourly.latest(atOrBefore: monday + 59 * minute, after: monday) == nil)
        #expect(hourly.latest(atOrBefore: monday + 60 * minute, after: monday) == monday + 60 * minute)
    }

    @Test(arguments: [
        "", "* * * *", "* * * * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 8",
        "5-1 * * * *", "*/0 * * * *", "a * * * *", "1,,2 * * * *", "1-2-3 * * * *", "* * * FOO *",
    ])
    func refusesBadExpressions(_ text: String) {
        #expect(throws: CronError.self) { try CronExpression(text) }
    }

    @Test func scheduleDueSlotCollapsesMissedSlotsAndNeverRepeats() throws {
        var schedule = QuerySchedule(
            id: "s", sandbox: "prod", query: .init(dbName: "prod", sql: "SELECT 1"), datasetName: nil,
            cron: "*/10 * * * *", startDate: monday, endDate: nil, created: monday)
        #expect(try schedule.dueSlot(now: monday + 35 * minute) == monday + 30 * minute)
        schedule.lastSlot = monday + 30 * minute
        #expect(try schedule.dueSlot(now: monday + 39 * minute) == nil)
        #expect(try schedule.dueSlot(now: monday + 40 * minute) == monday + 40 * minute)
        schedule.state = .disabled
        #expect(try schedule.dueSlot(now: monday + 50 * minute) == nil)
        schedule.state = .enabled
        schedule.endDate = monday + 45 * minute
        #expect(try schedule.dueSlot(now: monday + 55 * minute) == monday + 40 * minute)
        #expect(schedule.nextSlot(after: monday + 41 * minute) == nil)
    }
}
