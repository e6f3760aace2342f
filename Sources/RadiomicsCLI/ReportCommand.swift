import ArgumentParser
import Foundation
import Radiomics

extension RadiomicsCommand {
    /// `radiomics report FEATURES.csv -o report.html`: look at a cohort's table before modelling.
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write one self-contained HTML page summarising a feature table.",
            discussion: """
                Reads a table written by 'radiomics batch' or 'extract' (or pyradiomics' CSV) and \
                writes: the cohort summary and the failed cases with their error; NaN/Inf counts, \
                constant and near-constant features; clusters of features with |Spearman rho| > \
                0.95; the cases most often far-out outliers; per family, every feature's IBSI \
                status, numbers, histogram and box plot, and its outlying cases; with --qc, the \
                QC pictures. Inline CSS and SVG, no script, nothing fetched from the network; \
                long lists are cut and folded.

                QC pictures are embedded up to --embed-limit MB in all; beyond it they are linked \
                by relative path (keep the folder beside the report).

                Examples:
                  radiomics batch cases.csv -o features.csv --qc qc/
                  radiomics report features.csv --qc qc/ -o report.html
                """)

        @Argument(help: "Feature table (CSV).") var table: String
        @Option(help: ArgumentHelp("Folder of QC pictures (*.png, as 'batch --qc' writes them).", valueName: "dir")) var qc: String?
        @Option(help: ArgumentHelp("Largest total size of QC pictures embedded in the page, in MB.", valueName: "MB")) var embedLimit: Double = 20
        @Option(name: .shortAndLong, help: "Output HTML file.") var output: String
        @OptionGroup var log: LogOptions

        func validate() throws {
            guard output.lowercased().hasSuffix(".html") || output.lowercased().hasSuffix(".htm") else {
                throw ValidationError("\(output): the report is HTML; give a .html file name")
            }
            guard embedLimit >= 0, embedLimit.isFinite else { throw ValidationError("--embed-limit must be a number of MB ≥ 0") }
        }

        func run() throws {
            try reportingErrors {
                let started = Date()
                try AtomicFile.checkFolder(of: output)
                let data = try FeatureTableData.read(table)
                let report = CohortReport(table: data, source: URL(fileURLWithPath: table).lastPathComponent)
                let (thumbnails, note) = try qc.map { folder throws(RadiomicsError) in try Self.thumbnails(folder, output: output, limitMB: embedLimit) } ?? ([], nil)
                let html = ReportHTML.render(report, thumbnails: thumbnails, qcNote: note)
                try AtomicFile.write(Data(html.utf8), to: output)
                log.detail(String(format: "radiomics report: %d rows × %d features, %.1f MB in %.2f s (summaries %.2f s, correlation %.2f s)",
                                  data.rowCount, data.featureNames.count, Double(html.utf8.count) / 1e6, Date().timeIntervalSince(started),
                                  report.seconds["summaries"] ?? 0, report.seconds["correlation"] ?? 0))
            }
        }

        /// The folder's PNGs in name order, embedded while the budget lasts, linked after.
        static func thumbnails(_ folder: String, output: String, limitMB: Double) throws(RadiomicsError) -> ([ReportHTML.Thumbnail], String?) {
            let names: [String]
            do { names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.lowercased().hasSuffix(".png") }.sorted() } catch {
                throw .missing(folder, "cannot be listed (\(error.localizedDescription))")
            }
            var budget = Int(limitMB * 1e6), linked = 0
            let reportFolder = URL(fileURLWithPath: output).deletingLastPathComponent().standardizedFileURL.path
            var out: [ReportHTML.Thumbnail] = []
            for name in names {
                let path = (folder as NSString).appendingPathComponent(name)
                let caption = String(name.dropLast(4))
                let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
                if size <= budget, let png = FileManager.default.contents(atPath: path) {
                    budget -= size
                    out.append(.init(caption: caption, png: png, link: nil))
                } else {
                    linked += 1
                    let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
                    let relative = absolute.hasPrefix(reportFolder + "/") ? String(absolute.dropFirst(reportFolder.count + 1)) : absolute
                    out.append(.init(caption: caption, png: nil, link: relative))
                }
            }
            let note = linked > 0 ? "\(linked) of \(names.count) pictures are linked, not embedded (over --embed-limit); keep \(folder) beside the report." : nil
            return (out, note)
        }
    }
}
