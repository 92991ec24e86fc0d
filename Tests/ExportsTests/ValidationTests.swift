import Testing

@testable import Exports

@Suite struct ValidationTests {
    func schedule(
        _ mode: ExportMode = .firstFullThenIncremental, _ unit: TimeUnit = .hour, _ interval: Int = 3,
        start: Int64 = 1_000, end: Int64? = nil, template: String? = nil
    ) -> ScheduleParams {
        ScheduleParams(
            exportMode: mode, timeUnit: unit, interval: interval, startTime: start, endTime: end,
            foldernameTemplate: template)
    }

    @Test(arguments: [3, 6, 8, 9, 12])
    func hourIntervalsOfBothAEPListsAreAccepted(interval: Int) throws {
        try ExportValidator.validate(schedule(.firstFullThenIncremental, .hour, interval))
    }

    @Test(arguments: [0, 1, 2, 4, 7, 24])
    func otherHourIntervalsNameTheIntervalField(interval: Int) {
        #expect(throws: ExportsError.self) {
            try ExportValidator.validate(schedule(.firstFullThenIncremental, .hour, interval))
        }
        do { try ExportValidator.validate(schedule(.firstFullThenIncremental, .hour, interval)) } catch {
            #expect(error.code == .invalidField && error.field == "scheduleParams.interval")
        }
    }

    @Test func dayIntervalZeroIsAOneTimeFullExportOnly() throws {
        try ExportValidator.validate(schedule(.dailyFullExport, .day, 0))
        try ExportValidator.validate(schedule(.dailyFullExport, .day, 1))
        #expect(
            throws: ExportsError.invalid(
                "scheduleParams.interval", "interval 0 (one-time) is only valid with DAILY_FULL_EXPORT")
        ) {
            try ExportValidator.validate(schedule(.firstFullThenIncremental, .day, 0))
        }
    }

    @Test func startAfterEndNamesEndTime() {
        #expect(throws: ExportsError.invalid("scheduleParams.endTime", "endTime must be after startTime")) {
            try ExportValidator.validate(schedule(start: 2_000, end: 1_000))
        }
    }

    @Test func badEnumValuesNameTheFieldAndTheAllowedValues() {
        #expect(throws: ExportsError.invalid("params.datasetFileType", "'CSV' is not one of JSON, PARQUET")) {
            _ = try ExportValidator.parse("CSV", as: DatasetFileType.self, field: "params.datasetFileType")
        }
        #expect(throws: ExportsError.self) {
            _ = try ExportValidator.parse("WEEKLY", as: ExportMode.self, field: "scheduleParams.exportMode")
        }
        #expect((try? ExportValidator.parse("ZSTD", as: ExportCompression.self, field: "c")) == .zstd)
    }

    @Test func missingCredentialsNameTheAuthParameter() throws {
        let s3 = BaseConnection(
            id: "b", name: "s3", connectionSpecId: ConnectionSpecCatalog.amazonS3, authSpecName: "Access Key",
            authParams: ["s3AccessKey": "AKIA"])
        #expect(throws: ExportsError.invalid("auth.params.s3SecretKey", "missing credential 's3SecretKey'")) {
            try ExportValidator.validate(s3)
        }
        let local = BaseConnection(
            id: "b", name: "l", connectionSpecId: ConnectionSpecCatalog.localFolder, authSpecName: "None",
            authParams: [:])
        try ExportValidator.validate(local)
        #expect(s3.redacted.authParams.isEmpty)
    }

    @Test func snappyJSONAndOversizedFilesAreRejected() {
        let json = TargetConnection(
            id: "t", baseConnectionId: "b", path: "", datasetFileType: .json, compression: .snappy)
        #expect(throws: ExportsError.self) { try ExportValidator.validateFormat(json) }
        let big = TargetConnection(
            id: "t", baseConnectionId: "b", path: "a", datasetFileType: .parquet, maxFileSizeMiB: 9_000)
        #expect(throws: ExportsError.invalid("params.maxFileSizeMiB", "maxFileSizeMiB must be within 1...5000")) {
            try ExportValidator.validate(big, connectionSpecId: ConnectionSpecCatalog.dataLandingZone)
        }
        let escape = TargetConnection(id: "t", baseConnectionId: "b", path: "a/../b", datasetFileType: .parquet)
        #expect(throws: ExportsError.self) {
            try ExportValidator.validate(escape, connectionSpecId: ConnectionSpecCatalog.dataLandingZone)
        }
    }

    @Test func theLocalFolderNeedsAnAbsolutePathAndOthersARelativeOne() throws {
        let absolute = TargetConnection(id: "t", baseConnectionId: "b", path: "/srv/out", datasetFileType: .json)
        let relative = TargetConnection(id: "t", baseConnectionId: "b", path: "srv/out", datasetFileType: .json)
        try ExportValidator.validate(absolute, connectionSpecId: ConnectionSpecCatalog.localFolder)
        try ExportValidator.validate(relative, connectionSpecId: ConnectionSpecCatalog.dataLandingZone)
        #expect(throws: ExportsError.invalid("params.path", "the local folder path must be absolute")) {
            try ExportValidator.validate(relative, connectionSpecId: ConnectionSpecCatalog.localFolder)
        }
        #expect(throws: ExportsError.self) {
            try ExportValidator.validate(absolute, connectionSpecId: ConnectionSpecCatalog.dataLandingZone)
        }
    }

    @Test func unknownDatasetsAreNotFoundWithTheirIndex() throws {
        let fixture = try ExportFixture()
        let source = SourceConnection(id: "s", sandbox: "prod", datasetIds: [fixture.datasetId, "nope"])
        #expect(
            throws: ExportsError(
                .notFound, "dataset 'nope' does not exist in sandbox 'prod'", field: "params.datasets[1].id")
        ) {
            try ExportValidator.validate(source, lake: fixture.lake)
        }
    }

    @Test func unknownTemplateMacrosAreRejected() {
        #expect(throws: ExportsError.invalid("scheduleParams.foldernameTemplate", "unknown macro %NOPE%")) {
            try ExportValidator.validate(schedule(template: "%NOPE%/x"))
        }
    }

    @Test func theCatalogHoldsAEPsSpecIdsAndTheLocalFolder() {
        #expect(ConnectionSpecCatalog.all.count == 7)
        #expect(ConnectionSpecCatalog.spec(id: "4FCE964D-3F37-408F-9778-E597338A21EE")?.name == "Amazon S3")
        #expect(ConnectionSpecCatalog.spec(id: ConnectionSpecCatalog.dataLandingZone)?.authSpec.isEmpty == true)
        #expect(ConnectionSpecCatalog.spec(id: ConnectionSpecCatalog.localFolder)?.targetSpec.first?.name == "path")
        #expect(Set(ConnectionSpecCatalog.all.map(\.id)).count == 7)
    }
}
