import Foundation
import Radiomics

extension RadiomicsCommand.Batch {
    /// `radiomics batch MANIFEST --config params.yaml` with a pyradiomics parameter file: every case
    /// through the pyradiomics-compatible extractor (as `extract` does for one), in parallel, and
    /// one wide CSV like pyradiomics' batch output: Image, Mask (and Label when the manifest has
    /// labels), then pyradiomics' columns. Rows are in manifest order for any --jobs. A failing
    /// case keeps its row with empty feature cells (as pyradiomics writes it); the reasons go to
    /// stderr and the exit code is 3. The table is written once, at the end, atomically: this mode
    /// has no --resume and an interrupted run leaves no output.
    /// Returns the number of failed cases.
    func runPyRadiomics(parametersFile: String, jobs jobCount: Int) throws(RadiomicsError) -> Int {
        guard format == "wide" else { throw .usage("--format \(format) is not available in pyradiomics mode (wide CSV only)") }
        if resume { throw .usage("--resume is not available in pyradiomics mode (the table is written once, at the end)") }
        if settings.preset != nil { throw .usage("--preset cannot be combined with a pyradiomics parameter file") }
        let parameters = try PyRadiomicsParameters.load(path: parametersFile)
        let cases = try BatchManifest.load(manifest)
        for c in cases where c.roi != nil || c.series != nil || c.volume != nil {
            throw .usage("\(manifest): line \(c.line): ROI, Series and Volume columns are not available in pyradiomics mode")
        }
        let withLabels = cases.contains { $0.label != nil }
        let outcomes = Parallel.$threadCountOverride.withValue(jobCount) {
            Parallel.map(count: cases.count, dynamic: true) { i -> Result<[Feature], RadiomicsError> in
                let c = cases[i]
                do throws(RadiomicsError) {
                    var p = parameters
                    if let label = c.label {
                        guard let l = Int(label) else { throw .usage("label must be an integer in pyradiomics mode, not '\(label)'") }
                        p.settings.label = l
                    }
                    return .success(try PyRadiomicsExtractor.extract(imagePath: c.imagePath, maskPath: c.maskPath, parameters: p))
                } catch {
                    return .failure(error)
                }
            }
        }
        // Columns of the first case that worked; failed rows keep their keys only.
        let columns = outcomes.lazy.compactMap { try? $0.get() }.first ?? []
        var rows: [(keys: [String], features: [Feature])] = []
        var failures: [String] = []
        for (c, outcome) in zip(cases, outcomes) {
            let keys = [c.image, c.mask] + (withLabels ? [c.label ?? ""] : [])
            switch outcome {
            case .success(let features): rows.append((keys, features))
            case .failure(let error):
                let message = error.description.replacingOccurrences(of: c.imagePath, with: c.image).replacingOccurrences(of: c.maskPath, with: c.mask)
                failures.append("\(c.id): \(message)")
                rows.append((keys, []))
            }
        }
        let table = PyRadiomicsTable.csv(keyNames: ["Image", "Mask"] + (withLabels ? ["Label"] : []), rows: rows, columns: columns.map(\.tag))
        try emit(table, to: output)
        if !failures.isEmpty {
            printError("radiomics batch: \(failures.count) of \(cases.count) cases failed:")
            for f in failures.prefix(20) { printError("  " + f) }
            if failures.count > 20 { printError("  … and \(failures.count - 20) more") }
        }
        return failures.count
    }
}
