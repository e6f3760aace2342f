/// IBSI 2 phase 1: a filter preset's response map on its digital phantom against the reference
/// map. It passes when every voxel is within 1 % of the reference map's range (max − min).
public enum IBSI2Phase1 {
    public struct Result: Sendable {
        public var id: String
        /// Largest |ours − reference| over all voxels, as a percentage of the reference range.
        public var maxErrorPercent: Double
        public var passed: Bool { maxErrorPercent <= 1 }
    }

    /// Test ids that have a reference map (`<id>-ValidCRM.nii`, dots as underscores).
    public static func referenceFile(_ id: String) -> String {
        "ibsi/reference_values/ibsi2/phase1_response_maps/\(id.replacingOccurrences(of: ".", with: "_"))-ValidCRM.nii"
    }

    public static func phantomFile(_ phantom: String) -> String {
        "ibsi/ibsi2/digital_phantoms/nifti/\(phantom)/image/\(phantom).nii.gz"
    }

    /// Runs test `id` (e.g. "2.b") with data under `root` (a folder holding `ibsi/`).
    public static func check(_ id: String, root: String) throws(RadiomicsError) -> Result {
        guard let preset = FilterPresets.named("ibsi2-" + id), let spec = preset.spec else {
            throw .usage("no filter preset ibsi2-\(id)")
        }
        let image = try ImageIO.readImage(root + "/" + phantomFile(preset.phantom))
        let reference = try NIfTIReader.read(root + "/" + referenceFile(id))
        let map = try apply(spec, to: image)
        guard map.size == reference.size else {
            throw .badInput(referenceFile(id), "reference map size differs from the response map")
        }
        var lo = Double.infinity, hi = -Double.infinity, worst = 0.0
        for n in reference.voxels.indices {
            let r = Double(reference.voxels[n])
            lo = Swift.min(lo, r)
            hi = Swift.max(hi, r)
            worst = Swift.max(worst, Swift.abs(Double(map.voxels[n]) - r))
        }
        return Result(id: id, maxErrorPercent: hi > lo ? 100 * worst / (hi - lo) : (worst == 0 ? 0 : .infinity))
    }

    /// Every phase-1 test with a reference map, in test order.
    public static let testIDs = ["1.a.1", "1.a.2", "1.a.3", "1.a.4", "1.b.1", "2.a", "2.b", "2.c",
                                 "3.a.1", "3.a.2", "3.a.3", "3.b.1", "3.b.2", "3.b.3", "3.c.1", "3.c.2", "3.c.3",
                                 "4.a.1", "4.a.2", "4.b.1", "4.b.2", "5.a.1", "5.a.2", "6.a.1", "6.a.2", "7.a.1", "7.a.2",
                                 "8.a.1", "8.a.2", "8.a.3", "9.a", "9.b.1", "10.b.1"]
}
