import Foundation

/// Features of every selected ROI of one image, reading and checking the image once.
public enum CaseRunner {
    public struct ROIResult: Sendable {
        public var roi: String
        /// nil when this ROI failed.
        public var features: [Feature]?
        public var error: String?
    }

    public struct Outcome: Sendable {
        public var rois: [ROIResult]
        public var seconds: Double
        /// The SUV conversion applied to the image, if any.
        public var suv: SUVConversion? = nil
        /// Guard-rail warnings of the case (`GuardRails.warnings`): stderr and the `warnings` column.
        public var warnings: [String] = []
        public var failed: Bool { rois.contains { $0.error != nil } }
        public var firstError: String? { rois.first { $0.error != nil }?.error }
    }

    /// `label` / `roi` as typed by a user ("all", a number, a name); both nil means automatic.
    public static func selection(label: String?, roi: String?) throws(RadiomicsError) -> ROISelection {
        switch (label, roi) {
        case (nil, nil): return .automatic
        case (let l?, nil):
            if l == "all" { return .all }
            guard let n = Int(l), n >= 0 else { throw .usage("label must be a non-negative integer or 'all', not '\(l)'") }
            return .label(n)
        case (nil, let r?): return r == "all" ? .all : .roi(r)
        default: throw .usage("give a label or an ROI, not both")
        }
    }

    /// Runs one case; with `stopOnError` the first failure is thrown (extract), otherwise every
    /// failure becomes a row with its one-line reason (batch).
    /// With `times`, the seconds of each stage are added to it (`StageTimes`).
    public static func run(image: String, mask: String, selection: ROISelection, options: ReadOptions,
                           configuration: RunConfiguration, stopOnError: Bool, times: StageTimes? = nil) throws(RadiomicsError) -> Outcome {
        let start = Date()
        var results: [ROIResult] = []
        var suv: SUVConversion?
        var warnings: [String] = []
        let requested: String = {
            switch selection {
            case .automatic: ""
            case .all: "all"
            case .label(let n): String(n)
            case .roi(let r): r
            }
        }()
        do throws(RadiomicsError) {
            try configuration.checkSupported()
            try AddressSpace.check(image: image, mask: mask)
            // The mask-only morphology of each ROI is computed while the image is still read
            // (Moran's mask transform for a single ROI only: it is held until the ROI's turn).
            let plan = configuration.regions.flatMap { $0.isEmpty ? nil : $0 }
            // In the file's own type, converting only the crop the extraction reads, when that applies.
            let crop = try times.measure("read") { () throws(RadiomicsError) in
                try CaseCrop.read(image: image, mask: mask, selection: selection, options: options, configuration: configuration, times: times)
            }
            let (read, selected, early) = try times.measure("read") { () throws(RadiomicsError) -> (ImageVolume, [NamedMask], [MorphologyShape?]?) in
                if let crop { return (crop.image, crop.masks, crop.shapes) }
                // Named regions are read from the mask file by `RegionBuilder`, after the image.
                if let plan, !plan.named.isEmpty { return (try ImageIO.readImage(image, options: options), [], nil) }
                if let p = configuration.pyradiomics {
                    let (img, masks) = try MaskIO.readImageAndMasks(image: image, mask: mask, selection: selection,
                                                                    options: options, pyradiomics: p.settings)
                    return (img, masks, nil)
                }
                return try MaskIO.readImageAndMasks(image: image, mask: mask, selection: selection, options: options) { masks in
                    times.measure("morphology (mask only, while reading)") {
                        plan != nil ? [] : masks.map { configuration.morphologyShape($0.mask, spectrum: masks.count == 1) }
                    }
                }
            }
            if crop == nil { try (configuration.guards ?? GuardRails()).checkImage(read, file: image) }
            warnings = GuardRails.warnings(configuration, image: read)
            suv = try SUVConversion.resolve(imagePath: image, series: options.series, options: configuration.suv ?? SUVOptions())
            let activity = suv?.apply(to: read) ?? read
            var masks = selected, shapes = early
            if let plan {
                var builder = RegionBuilder(image: activity, imagePath: image, maskPath: mask, options: options, known: selected)
                masks = try times.measure("regions") { () throws(RadiomicsError) in try builder.apply(plan, to: selected) }
                shapes = nil
            }
            let img = try configuration.preprocess?.apply(to: activity, rois: masks.map(\.mask), imageFile: image, limits: options.limits) ?? activity
            for (n, m) in masks.enumerated() {
                do throws(RadiomicsError) {
                    if plan != nil, m.mask.boundingBox == nil { throw .badInput(mask, "region '\(m.name)' is empty (no voxel)") }
                    var features = try configuration.extract(image: img, mask: m.mask, imageFile: image, maskFile: mask, times: times,
                                                             shape: shapes?[n], whole: crop?.whole)
                    if let t = configuration.petThreshold { features += PETMetrics.features(image: img, roi: m.mask, threshold: t) }
                    results.append(ROIResult(roi: m.name, features: features, error: nil))
                } catch {
                    if stopOnError { throw error }
                    results.append(ROIResult(roi: m.name, features: nil, error: error.description))
                }
            }
        } catch {
            if stopOnError { throw error }
            results = [ROIResult(roi: requested, features: nil, error: error.description)]
        }
        return Outcome(rois: results, seconds: Date().timeIntervalSince(start), suv: suv, warnings: warnings)
    }
}
