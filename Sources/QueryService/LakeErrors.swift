import Lake
import SQL

/// Lake errors as SQLSTATEs.
enum LakeErrors {
    /// A lake error's SQLSTATE; a SQL error passes through; anything else is `XX000`.
    static func sqlError(_ error: any Error) -> SQLError {
        if let error = error as? SQLError { return error }
        guard let error = error as? LakeError else { return SQLError(SQLState("XX000"), "internal error: \(error)") }
        let state: String
        switch error.code {
        case .notFound: state = "42P01"
        case .alreadyExists: state = "42P07"
        case .conflict: state = "55006"
        case .invalidInput, .invalidSchema, .ingestionFailed: state = "22000"
        case .batchNotLoading: state = "55000"
        case .storage: state = "58030"
        case .catalog: state = "58000"
        }
        return SQLError(SQLState(state), error.message)
    }
}
