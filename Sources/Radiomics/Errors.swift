/// Every failure the tool reports to a user: one line naming the file (when there is one) and
/// the problem, plus the exit code documented in the README.
public struct RadiomicsError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The input file or folder does not exist or cannot be opened (exit 66).
        case missingInput
        /// The input exists but is malformed, unsupported, inconsistent or holds no usable ROI (exit 65).
        case badInput
        /// A setting or option is invalid (exit 64).
        case usage
        /// The output cannot be written (exit 73).
        case output
        /// A bug: an internal invariant failed (exit 70).
        case `internal`
        /// Not enough memory under the process's limits (`ulimit -v`) for the case (exit 71).
        case resources
    }

    public var kind: Kind
    public var file: String?
    public var message: String

    public init(_ kind: Kind, file: String? = nil, _ message: String) {
        self.kind = kind
        self.file = file
        self.message = message
    }

    public static func badInput(_ file: String?, _ message: String) -> RadiomicsError {
        RadiomicsError(.badInput, file: file, message)
    }

    public static func missing(_ file: String, _ message: String = "no such file or directory") -> RadiomicsError {
        RadiomicsError(.missingInput, file: file, message)
    }

    public static func usage(_ message: String) -> RadiomicsError {
        RadiomicsError(.usage, message)
    }

    public var description: String {
        if let file { return "\(file): \(message)" }
        return message
    }

    /// Process exit code (sysexits.h values).
    public var exitCode: Int32 {
        switch kind {
        case .missingInput: 66
        case .badInput: 65
        case .usage: 64
        case .output: 73
        case .internal: 70
        case .resources: 71
        }
    }
}
