import ArgumentParser
import Radiomics

extension RadiomicsCommand {
    /// `radiomics presets`: lists the built-in settings.
    struct Presets: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the built-in presets (use one with --preset NAME).",
            discussion: "Example: radiomics presets")

        func run() throws {
            for p in Radiomics.Presets.all { print("\(p.name)\t\(p.summary)") }
        }
    }
}
