import Lake

enum LakeFileStub {
    static func file(sequence: Int64) -> LakeFile {
        LakeFile(
            path: "/lake/b\(sequence).parquet", batchId: "b\(sequence)", sequence: sequence, rowCount: 1, sizeBytes: 1)
    }
}
