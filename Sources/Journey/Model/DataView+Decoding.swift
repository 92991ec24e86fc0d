extension DataView {
    private enum Key: String, CodingKey {
        case id, name, description, parentDataGroupId, timezoneDesignator, session, containerNames, dimensions
        case metrics, derivedFields, version, createdAt, modifiedAt
    }

    /// Decodes a data view as it is encoded; `derivedFields` may be absent (views stored before derived fields
    /// existed, clients that define none) and is then empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        self.init(
            id: try container.decode(String.self, forKey: .id),
            name: try container.decode(String.self, forKey: .name),
            description: try container.decodeIfPresent(String.self, forKey: .description),
            parentDataGroupId: try container.decode(String.self, forKey: .parentDataGroupId),
            timezoneDesignator: try container.decode(String.self, forKey: .timezoneDesignator),
            session: try container.decode(SessionDefinition.self, forKey: .session),
            containerNames: try container.decode(ContainerNames.self, forKey: .containerNames),
            dimensions: try container.decode([DimensionComponent].self, forKey: .dimensions),
            metrics: try container.decode([MetricComponent].self, forKey: .metrics),
            derivedFields: try container.decodeIfPresent([DerivedField].self, forKey: .derivedFields) ?? [],
            version: try container.decode(Int.self, forKey: .version),
            createdAt: try container.decode(Int64.self, forKey: .createdAt),
            modifiedAt: try container.decode(Int64.self, forKey: .modifiedAt))
    }
}
