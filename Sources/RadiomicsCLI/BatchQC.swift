import Foundation
import Radiomics

extension RadiomicsCommand.Batch {
    /// `batch --qc DIR`: `DIR/<id>.png` for every case, after the table is complete. A case whose
    /// picture fails (its read already failed in the table, most often) gets a warning: the
    /// features stand without it.
    static func writeQC(_ cases: [BatchCase], folder: String, configuration config: RunConfiguration,
                        jobs: Int, limits: ReadLimits, log: LogOptions) throws(RadiomicsError) {
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw RadiomicsError(.output, file: folder, "cannot be created (\(error.localizedDescription))")
        }
        let failures = ResultBox(count: cases.count)
        let workers = max(1, min(jobs, cases.count))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            for n in stride(from: w, to: cases.count, by: workers) {
                let c = cases[n]
                do {
                    let selection = try CaseRunner.selection(label: c.label ?? (c.roi == nil ? config.label : nil),
                                                             roi: c.roi ?? (c.label == nil ? config.roi : nil))
                    try QCSnapshot.write(image: c.imagePath, mask: c.maskPath, selection: selection,
                                         options: ReadOptions(series: c.series, volumeIndex: c.volume, limits: limits),
                                         caseID: c.id, window: nil, to: QCSnapshot.path(folder: folder, caseID: c.id))
                } catch {
                    failures.set(n, (error as? RadiomicsError)?.description ?? "\(error)")
                }
            }
        }
        for (n, f) in failures.values.enumerated() where !f.isEmpty { log.warn("QC picture of case \(cases[n].id) not written: \(f)") }
    }
}
