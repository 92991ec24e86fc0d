import Foundation
import Hummingbird
import Journey

/// The request bodies of the journey API, decoded with `JSONDecoder` in the model's Codable shape (camelCase keys);
/// a body that does not decode is 400 `INVALID_FIELD` naming the JSON path at fault (`dimensions[2].persistence`),
/// never a `DecodingError`. Server-owned fields a client sends back (`id`, `version`, `createdAt`, `sandbox`) are
/// ignored.
enum JourneyRequest {
    /// `POST /data/connections`, `PUT /data/connections/{id}`.
    struct Connection: Decodable {
        var name: String
        var description: String?
        var dataSets: [ConnectionDataset]
        var stitching: StitchingSettings?

        func connection(sandbox: String) -> JourneyConnection {
            JourneyConnection(
                id: "", name: name, description: description, sandbox: sandbox, dataSets: dataSets,
                stitching: stitching)
        }
    }

    /// `POST /data/dataviews`, `PUT /data/dataviews/{id}`.
    struct DataView: Decodable {
        var name: String
        var description: String?
        var parentDataGroupId: String
        var timezoneDesignator: String?
        var session: SessionDefinition?
        var containerNames: ContainerNames?
        var dimensions: [DimensionComponent]?
        var metrics: [MetricComponent]?

        var dataView: Journey.DataView {
            Journey.DataView(
                id: "", name: name, description: description, parentDataGroupId: parentDataGroupId,
                timezoneDesignator: timezoneDesignator ?? "UTC", session: session ?? SessionDefinition(),
                containerNames: containerNames ?? ContainerNames(), dimensions: dimensions ?? [],
                metrics: metrics ?? [])
        }
    }

    /// `POST /reports`: CJA's Reporting API request; `globalFilters` and `settings` may be left out, a metric's
    /// `columnId` defaults to its index.
    struct Report: Decodable {
        struct Metric: Decodable {
            var columnId: String?
            var id: String
            var filters: [String]?
        }
        struct Container: Decodable {
            var metrics: [Metric]
            var metricFilters: [MetricFilter]?
        }
        struct Settings: Decodable {
            var limit: Int?
            var page: Int?
            var dimensionSort: String?
        }

        var dataId: String
        var globalFilters: [GlobalFilter]?
        var metricContainer: Container
        var dimension: String
        var settings: Settings?
        var breakdowns: [Breakdown]?

        var request: ReportRequest {
            ReportRequest(
                dataId: dataId, globalFilters: globalFilters ?? [],
                metricContainer: MetricContainer(
                    metrics: metricContainer.metrics.enumerated().map { index, metric in
                        ReportMetric(columnId: metric.columnId ?? String(index), id: metric.id, filters: metric.filters)
                    }, metricFilters: metricContainer.metricFilters),
                dimension: dimension,
                settings: ReportSettings(
                    limit: settings?.limit ?? 50, page: settings?.page ?? 0, dimensionSort: settings?.dimensionSort),
                breakdowns: breakdowns)
        }
    }

    /// The body, at most `limit` bytes, decoded as `Body`.
    static func decode<Body: Decodable>(_ type: Body.Type, _ request: Request, limit: Int) async throws -> Body {
        let buffer = try await request.body.collect(upTo: limit)
        do {
            return try JSONDecoder().decode(type, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw problem(error)
        } catch {
            throw Problem.notAJSONObject
        }
    }

    /// 400 `INVALID_FIELD` naming the JSON path of a decoding failure.
    static func problem(_ error: DecodingError) -> Problem {
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return Problem(status: .badRequest, code: "INVALID_FIELD", detail: "\(field) is required", field: field)
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let field = path(context.codingPath)
            guard !field.isEmpty else { return Problem.notAJSONObject }
            return Problem(
                status: .badRequest, code: "INVALID_FIELD", detail: "\(field) has the wrong type or is null",
                field: field)
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            guard !field.isEmpty else { return Problem.badRequest("the request body is not valid JSON") }
            return Problem(
                status: .badRequest, code: "INVALID_FIELD", detail: "\(field) is not a valid value", field: field)
        @unknown default:
            return Problem.notAJSONObject
        }
    }

    /// `a.b[2].c` from coding keys.
    static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text
    }
}
