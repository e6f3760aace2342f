/// A sub-region of a case, built from the regions of its mask file: labels or ROI names, their
/// unions and differences, rings in millimetres around them, kept inside another region or an
/// intensity range. `extract`, `batch` (and `map`) turn one into a mask on the image grid with
/// `RegionBuilder`.
public indirect enum Region: Sendable, Equatable, Codable {
    /// A label value of a label map, or an RTSTRUCT ROI name / SEG segment (number or label).
    case roi(String)
    /// The non-zero voxels of another mask file on the image grid (a body or organ mask).
    case file(String)
    /// Voxels in any of the regions.
    case union([Region])
    /// Voxels of the first region that are not in the second.
    case difference(Region, Region)
    /// Voxels in both.
    case intersection(Region, Region)
    /// The ring around a region (`Ring`).
    case ring(Ring)
    /// Voxels whose intensity lies in `lower...upper` (the image as read, after SUV conversion).
    case intensity(lower: Double, upper: Double)
}

/// Voxels whose signed distance d to a region lies in (lower, upper], in mm. Outside the region d
/// is the Euclidean distance from the voxel's centre to the nearest region voxel's centre; inside
/// it is minus the distance to the nearest voxel centre outside it (`DistanceTransform`, with the
/// grid's spacing). `0:5` is the 5 mm shell outside, `-3:0` the 3 mm inner rim.
public struct Ring: Sendable, Equatable, Codable {
    public var lower: Double
    public var upper: Double
    public var of: Region

    public init(lower: Double, upper: Double, of: Region) {
        self.lower = lower
        self.upper = upper
        self.of = of
    }

    /// Parses `A:B` (mm, A < B), as given to `--ring`.
    public static func bounds(_ text: String, option: String = "--ring") throws(RadiomicsError) -> RingBounds {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let a = Double(parts[0]), let b = Double(parts[1]), a.isFinite, b.isFinite else {
            throw .usage("\(option) must be A:B in mm (e.g. 0:5 or -3:0), not '\(text)'")
        }
        try check(a, b, option: option)
        return RingBounds(lower: a, upper: b)
    }

    static func check(_ a: Double, _ b: Double, option: String) throws(RadiomicsError) {
        guard a < b else { throw .usage("\(option): the lower distance \(shortNumber(a)) must be below the upper \(shortNumber(b)) (A:B keeps A < d ≤ B)") }
        guard Swift.abs(a) <= 1e4, Swift.abs(b) <= 1e4 else { throw .usage("\(option): distances beyond 10000 mm are not supported") }
    }

    }

/// The (lower, upper] distances of a ring, in mm.
public struct RingBounds: Sendable, Equatable, Codable {
    public var lower: Double
    public var upper: Double
    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// The name suffix of a ring row: `ring0:5`, `ring-3:0`.
    public var suffix: String { "ring\(shortNumber(lower)):\(shortNumber(upper))" }
}

/// Which regions a run extracts features from, and the command-line changes to them.
public struct RegionPlan: Sendable, Equatable, Codable {
    /// A config's `regions:` section: one row per name, in file order. Empty: the ROIs that
    /// `--label` / `--roi` select.
    public var named: [NamedRegion] = []
    /// `--ring A:B`: each ROI (or named region) is replaced by its ring, kept inside `ringWithin`
    /// and `ringRange` when given.
    public var ring: RingBounds?
    public var ringWithin: Region?
    public var ringRange: ClosedRange<Double>?
    /// `--components`: each 26-connected component of each region is its own row
    /// (`1.c1`, `1.c2`, … by decreasing size), components under `minComponentVoxels` left out.
    public var components = false
    public var minComponentVoxels = 1

    public init() {}

    public struct NamedRegion: Sendable, Equatable, Codable {
        public var name: String
        public var region: Region
        public init(name: String, region: Region) {
            self.name = name
            self.region = region
        }
    }

    /// Whether the plan changes anything (nil plans and empty plans leave the ROIs as read).
    public var isEmpty: Bool { named.isEmpty && ring == nil && !components }
}
