import ArgumentParser
import Radiomics

extension RadiomicsCommand {
    /// `radiomics features`: the feature catalogue (tag, family, name, definition, aggregations).
    struct Features: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every feature with its IBSI tag, family and one-line definition.",
            discussion: """
                Tags in output tables are the stem plus an aggregation suffix for texture families \
                (GLCM/GLRLM: _2D_avg _2D_comb _2_5D_avg _2_5D_comb _3D_avg _3D_comb; GLSZM, GLDZM, \
                NGTDM, NGLDM, GLDM: _2D _2_5D _3D), chosen by the texture dimension setting.

                Examples:
                  radiomics features
                  radiomics features --family glcm --format md
                  radiomics features --format csv > features.csv
                """)

        @Option(help: ArgumentHelp("Only this family: \(ExtractionSettings.Family.allCases.filter { $0 != .diagnostics }.map(\.rawValue).joined(separator: ", ")).", valueName: "family"))
        var family: String?
        @Option(help: "csv or md (Markdown table).") var format: String = "csv"

        func run() throws {
            try reportingErrors {
                var list = FeatureCatalogue.features
                if let family {
                    guard let f = ExtractionSettings.Family(rawValue: family), f != .diagnostics else {
                        throw RadiomicsError.usage("unknown family '\(family)' (see 'radiomics features --help')")
                    }
                    list = list.filter { $0.family == f }
                }
                func aggregations(_ f: FeatureInfo) -> String {
                    FeatureCatalogue.aggregationSuffixes(f.family, dimension: .all).filter { !$0.isEmpty }.joined(separator: " ")
                }
                var out = ""
                switch format {
                case "csv":
                    out = "tag,family,name,definition,aggregations\n"
                    for f in list {
                        out += [f.stem, f.family.rawValue, f.name, f.definition, aggregations(f)].map(csvField).joined(separator: ",") + "\n"
                    }
                case "md":
                    out = "| Tag | Family | Name | Definition | Aggregations |\n|---|---|---|---|---|\n"
                    for f in list {
                        let cells = [f.stem, f.family.rawValue, f.name, f.definition, aggregations(f)].map { $0.replacingOccurrences(of: "|", with: "\\|") }
                        out += "| `\(cells[0])` | " + cells.dropFirst().joined(separator: " | ") + " |\n"
                    }
                default:
                    throw RadiomicsError.usage("--format must be csv or md, not '\(format)'")
                }
                try emit(out, to: nil)
            }
        }
    }
}
