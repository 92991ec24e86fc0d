import PostgresWire
import QueryService

extension QueryWireStatement {
    /// The wire's COPY output settings of a checked COPY statement.
    static func copyOut(_ request: CopyRequest) -> WireCopyOut {
        let format: WireCopyOut.Format =
            switch request.format {
            case .text: .text
            case .csv: .csv
            case .binary: .binary
            }
        let forceQuote: WireCopyOut.ForceQuote =
            request.forceQuoteAll
            ? .all : request.forceQuoteColumns.isEmpty ? .none : .columns(request.forceQuoteColumns)
        return WireCopyOut(
            format: format, delimiter: request.delimiter, null: request.null, header: request.header,
            quote: request.quote, escape: request.escape, forceQuote: forceQuote)
    }
}
