import ArgumentParser
import Foundation
import Radiomics

extension RadiomicsCommand {
    /// `radiomics features`: the feature catalogue with each feature's IBSI standing.
    struct Features: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every feature and diagnostic with its IBSI tag, identifier and definition.",
            discussion: """
                Columns: tag (IBSI tag stem), name, family, aggregations (suffixes of texture \
                tags: GLCM/GLRLM _2D_avg _2D_comb _2_5D_avg _2_5D_comb _3D_avg _3D_comb; GLSZM, \
                GLDZM, NGTDM, NGLDM _2D _2_5D _3D), pyradiomics (the pyradiomics column of the \
                same quantity, original image), ibsi_id (the identifier in the IBSI reference \
                manual), standardised (yes when IBSI standardised it), definition. Diagnostics \
                come last (family 'diagnostics').

                Examples:
                  radiomics features
                  radiomics features --family glcm --format md
                  radiomics features --format json > features.json
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable { case csv, md, json }

        @Option(help: ArgumentHelp("Only this family: \(ExtractionSettings.Family.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "family"))
        var family: String?
        @Option(help: "csv, md (Markdown table) or json.") var format: Format = .csv

        func validate() throws {
            if let family, ExtractionSettings.Family(rawValue: family) == nil {
                throw ValidationError("unknown family '\(family)' (see 'radiomics features --help')")
            }
        }

        func run() throws {
            try reportingErrors {
                let list = FeatureCatalogue.listings.filter { family == nil || $0.family == family }
                let out: String
                switch format {
                case .csv: out = Self.table(list, separator: ",", escape: csvField)
                case .md:
                    let header = "| " + Self.columns.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: Self.columns.count) + "\n"
                    out = header + list.map { "| " + Self.cells($0).map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |" }
                        .joined(separator: "\n") + "\n"
                case .json:
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
                    guard let data = try? encoder.encode(list) else { throw RadiomicsError(.internal, "feature list cannot be encoded") }
                    out = String(decoding: data, as: UTF8.self) + "\n"
                }
                try emit(out, to: nil)
            }
        }

        static let columns = ["tag", "name", "family", "aggregations", "pyradiomics", "ibsi_id", "standardised", "definition"]

        static func cells(_ l: FeatureCatalogue.Listing) -> [String] {
            [l.tag, l.name, l.family, l.aggregations.joined(separator: " "), l.pyradiomics ?? "", l.ibsiIdentifier ?? "",
             l.standardised ? "yes" : "no", l.definition]
        }

        static func table(_ list: [FeatureCatalogue.Listing], separator: String, escape: (String) -> String) -> String {
            ([columns.joined(separator: separator)] + list.map { cells($0).map(escape).joined(separator: separator) })
                .joined(separator: "\n") + "\n"
        }
    }
}
