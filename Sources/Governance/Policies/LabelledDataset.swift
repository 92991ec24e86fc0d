/// What a policy evaluation sees of one dataset: the labels on the dataset itself and on each field, by its dotted
/// path (`person.email`, `commerce.order.priceTotal`). A field inherits the labels of the structs that contain it.
public struct LabelledDataset: Sendable, Hashable {
    public var datasetId: String
    public var name: String
    public var labels: Set<DataUsageLabel>
    public var fields: [Field]

    public struct Field: Sendable, Hashable {
        public var path: String
        public var labels: Set<DataUsageLabel>

        public init(path: String, labels: Set<DataUsageLabel>) {
            self.path = path
            self.labels = labels
        }
    }

    public init(datasetId: String, name: String, labels: Set<DataUsageLabel> = [], fields: [Field] = []) {
        self.datasetId = datasetId
        self.name = name
        self.labels = labels
        self.fields = fields
    }

    /// Every label the dataset's data carries: its own and its fields'.
    public var allLabels: Set<DataUsageLabel> {
        fields.reduce(into: labels) { $0.formUnion($1.labels) }
    }
}
