import Foundation
import Lake
import Testing

@testable import HTTPAPI

@Suite("Request bodies read with Codable")
struct JSONValueTests {
    static func value(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// The problem a throwing read answers, nil if it does not throw one.
    static func problem<T>(_ read: () throws(Problem) -> T) -> Problem? {
        do {
            _ = try read()
            return nil
        } catch {
            return error
        }
    }

    @Test("JSON decodes as null, bool, integer, number, string, array or object")
    func decodes() throws {
        let decoded = try Self.value(
            #"{"n": null, "b": true, "i": 5, "w": 5.0, "e": 1e2, "h": 5.5, "big": 1e20, "s": "x", "a": [1, "y"], "o": {}}"#
        )
        #expect(
            decoded
                == .object([
                    "n": .null, "b": .bool(true), "i": .integer(5), "w": .integer(5), "e": .integer(100),
                    "h": .number(5.5), "big": .number(1e20), "s": .string("x"),
                    "a": .array([.integer(1), .string("y")]),
                    "o": .object([:]),
                ]))
        #expect(try Self.value(#"false"#) == .bool(false))
        #expect(try Self.value(#"0"#) == .integer(0))
    }

    @Test("text is a string as it is and anything else as compact JSON")
    func text() throws {
        #expect(JSONValue.string("a/b").text == "a/b")
        #expect(JSONValue.integer(5).text == "5")
        #expect(JSONValue.number(0.5).text == "0.5")
        #expect(JSONValue.bool(true).text == "true")
        #expect(try Self.value(#"{"b": [1, null], "a": "/"}"#).text == #"{"a":"/","b":[1,null]}"#)
    }

    @Test("integer fields take whole numbers and numeric strings, not fractions or bools")
    func integers() throws {
        for (text, expected) in [("5", 5), ("5.0", 5), (#""5""#, 5), ("-3", -3)] as [(String, Int64)] {
            #expect(try FlowServiceJSON.int64(Self.value(text), field: "f") == expected)
        }
        #expect(try FlowServiceJSON.int64(nil, field: "f") == nil)
        #expect(try FlowServiceJSON.int64(.null, field: "f") == nil)
        for text in ["5.5", "true", #""x""#, "[1]", "1e20"] {
            let value = try Self.value(text)
            let problem = Self.problem { () throws(Problem) in try FlowServiceJSON.int64(value, field: "f") }
            #expect(problem?.field == "f", "\(text)")
            #expect(problem?.detail == "'f' must be an integer")
        }
    }

    @Test("a body that is not a JSON object is refused with the usual problem")
    func notAnObject() {
        for text in ["[1]", "5", #""x""#, "null", "{", ""] {
            let problem = Self.problem { () throws(Problem) in try DatasetCreationRequest.decode(Data(text.utf8)) }
            #expect(problem?.statusCode == 400, "\(text)")
            #expect(problem?.code == "INVALID_REQUEST")
            #expect(problem?.detail == "the request body must be a JSON object")
            #expect(problem?.field == nil)
        }
    }

    @Test("a bool is not a percentage")
    func percentage() throws {
        let base = #""datasetId": "d", "inputFormat": {"format": "CSV"}"#
        let good = try BatchCreationRequest.decode(Data(#"{\#(base), "partialIngestionPercentage": 5}"#.utf8))
        #expect(good.maxErrorPercent == 5)
        #expect(good.format == .csv)
        for value in ["true", "101", #""5""#, "null"] {
            let body = Data(#"{\#(base), "partialIngestionPercentage": \#(value)}"#.utf8)
            let problem = Self.problem { () throws(Problem) in try BatchCreationRequest.decode(body) }
            #expect(problem?.field == "partialIngestionPercentage", "\(value)")
        }
    }

    @Test("JSON Patch adds, replaces and removes on object paths")
    func patch() throws {
        let document: [String: JSONValue] = ["name": .string("a"), "params": .object(["x": .integer(1)])]
        let operations = try JSONDecoder().decode(
            [JSONValue].self,
            from: Data(
                #"[{"op": "replace", "path": "/name", "value": "b"}, {"op": "remove", "path": "/params/x"}, {"op": "add", "path": "/new/deep", "value": null}]"#
                    .utf8))
        let patched = try JSONPatch.apply(operations, to: document)
        #expect(patched == ["name": .string("b"), "params": .object([:]), "new": .object(["deep": .null])])
        let bad = Self.problem { () throws(Problem) in
            try JSONPatch.apply([.object(["op": .string("move"), "path": .string("/a")])], to: document)
        }
        #expect(bad?.field == "[0].op")
    }
}
