import ArgumentParser
import Foundation
import Radiomics

extension RadiomicsCommand {
    /// `radiomics habitats IMAGE MASK --maps F --k K -o habitats.nii.gz`.
    struct Habitats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cluster the ROI's voxels on voxel-wise features into habitats (a label map).",
            discussion: """
                The --maps features are computed voxel-wise as 'radiomics map' computes them \
                (same settings, kernel and options), z-scored over the ROI (a constant feature or \
                a NaN value counts 0), and clustered with k-means (k-means++ seeds from a fixed \
                seed, best of 10 runs): the same input always gives the same habitats. Labels \
                1..K are ordered by the habitat's mean of the first --maps feature, ascending \
                (ties: larger habitat first); 0 outside the ROI. --k auto picks K in 2..8 by the \
                highest mean silhouette (Euclidean on the z-scores; ties: the smaller K; above \
                4,000 voxels on a fixed subsample). --features writes one row of features per \
                habitat (extract's columns; roi = the habitat label).

                Examples:
                  radiomics habitats ct.nii.gz gtv.nii.gz --k 3 -o hab.nii.gz \\
                      --maps stat_mean,cm_contrast_3D_avg
                  radiomics habitats mr.nii.gz roi.nii.gz --config Params.yaml \\
                      --maps original_firstorder_Mean,original_glcm_Contrast --k auto \\
                      -o hab.nii.gz --features habitats.csv
                """)

        @OptionGroup var input: MapOptions
        @Option(help: ArgumentHelp("Features to cluster on: comma-separated columns or patterns (see 'radiomics map').", valueName: "list"))
        var maps: String
        @Option(help: ArgumentHelp("Number of habitats, or 'auto' (silhouette over 2..8).", valueName: "K")) var k: String
        @Option(name: .shortAndLong, help: "Output label map (.nii, .nii.gz).") var output: String
        @Option(help: ArgumentHelp("Also write one row of features per habitat to this CSV.", valueName: "file")) var features: String?
        @OptionGroup var log: LogOptions

        func run() throws {
            try reportingErrors {
                let count: Int?
                if k == "auto" { count = nil } else {
                    guard let n = Int(k), n >= 1, n <= 255 else { throw RadiomicsError.usage("--k must be 1..255 or auto, not '\(k)'") }
                    count = n
                }
                guard output.hasSuffix(".nii") || output.hasSuffix(".nii.gz") else {
                    throw RadiomicsError.usage("-o must name a .nii or .nii.gz file, not '\(output)'")
                }
                let patterns = featurePatterns(maps)
                guard !patterns.isEmpty else { throw RadiomicsError.usage("--maps needs at least one feature") }
                let (config, img, m, radius, masked) = try input.load(features: patterns)
                let fmaps = try FeatureMaps.compute(image: img, mask: m.mask, configuration: config, radius: radius, masked: masked,
                                                    imageFile: input.image, maskFile: input.mask)
                let (labels, clustering) = try Radiomics.Habitats.labelMap(fmaps, roi: m.mask, k: count)
                if !clustering.silhouettes.isEmpty {
                    log.detail("silhouette by K: " + clustering.silhouettes.sorted { $0.key < $1.key }.map { "\($0.key): \(String(format: "%.4f", $0.value))" }.joined(separator: ", "))
                }
                // Every output computed before the first is written.
                var table: String?
                if features != nil { table = try habitatTable(labels: labels, k: clustering.k, image: img) }
                try NIfTIWriter.write(labels.map(Float.init), to: output, datatype: .uint8)
                if let features, let table { try emit(table, to: features) }
                log.info("\(clustering.k) habitats of \(m.mask.count) voxels on \(fmaps.columns.count) feature(s) → \(output)")
            }
        }

        /// One extract row per habitat, with the full settings (not only the --maps features).
        func habitatTable(labels: MaskVolume, k: Int, image: ImageVolume) throws(RadiomicsError) -> String {
            let config = try input.settings.resolve(flavour: input.flavour)
            let table = TableLayout(keyNames: config.keyNames(batch: false), configuration: config, format: .wide, errorColumn: false)
            var text = table.header
            for h in 1...k {
                let roi = Radiomics.Habitats.mask(of: h, in: labels)
                let features: [Feature]?
                do { features = try config.extract(image: image, mask: roi, imageFile: input.image, maskFile: output) } catch {
                    log.warn("habitat \(h): \(error.description) (its row is NaN)")
                    features = nil
                }
                text += table.render(keys: [input.image, input.mask, String(h)], features: features, error: nil).text
            }
            return text
        }
    }
}
