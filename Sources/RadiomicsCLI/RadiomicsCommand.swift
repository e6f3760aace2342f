import ArgumentParser
import Foundation
import Radiomics

/// `radiomics`: IBSI-compliant radiomics feature extraction.
public struct RadiomicsCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "radiomics",
        abstract: "Extract IBSI-compliant radiomics features from CT, MR and PET images.",
        discussion: """
            Exit codes: 0 success; 1 ibsi-check found a value off the reference; 3 batch (or merge) \
            finished but some cases failed; 64 usage error (bad option or config); 65 bad input \
            data (malformed file, grid mismatch, empty ROI, ...); 66 input missing or unreadable; \
            70 internal error; 71 out of memory under ulimit -v; 73 output cannot be written; \
            130 interrupted (SIGINT/SIGTERM).

            Examples:
              radiomics extract ct.nii.gz gtv.nii.gz -o features.csv
              radiomics batch cases.csv -o features.csv --config settings.yaml
              radiomics ibsi-check
              radiomics --generate-completion-script bash \\
                  > /etc/bash_completion.d/radiomics
            """,
        version: RadiomicsVersion.string,
        subcommands: [Extract.self, Map.self, Habitats.self, Batch.self, Merge.self, Slurm.self, Filter.self, QC.self, Report.self, Presets.self, Features.self, IBSICheck.self]
    )

    public init() {}

    /// As ArgumentParser's `main()`, but a parser error (unknown option, missing or invalid value,
    /// a negative number taken for an option) is the one `radiomics: error:` line every other
    /// error is, not a message plus the usage block. Help, version and completions are unchanged.
    public static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error), text = message(for: error)
            guard code != .success, !text.isEmpty, !(error is ExitCode) else { exit(withError: error) }
            printError("radiomics: error: " + text.split(separator: "\n").joined(separator: " "))
            exit(withError: ExitCode(code.rawValue))
        }
    }
}

public enum RadiomicsVersion {
    public static let string = "\(BuildInfo.version) (\(BuildInfo.commit))"
}

/// Runs `body`, turning a `RadiomicsError` into its one-line message on stderr and its exit code.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as RadiomicsError {
        printError("radiomics: error: \(error.description)")
        throw ExitCode(error.exitCode)
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch {
        // Anything else escaped a path that should have named the file and the problem: a bug.
        printError("radiomics: error: internal error (please report it): \(error)")
        throw ExitCode(70)
    }
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Writes text to a file (atomically) or, for nil / "-", to stdout.
func emit(_ text: String, to path: String?) throws(RadiomicsError) {
    if let path, path != "-" {
        try AtomicFile.write(Data(text.utf8), to: path)
    } else {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
