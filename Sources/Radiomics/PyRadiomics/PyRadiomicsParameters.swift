import Foundation
import Yams

/// A pyradiomics parameter file (`setting`, `imageType`, `featureClass`, `voxelSetting`), read
/// as pyradiomics-bhklab 3.1.4 reads it: settings start from pyradiomics' defaults
/// (`RadiomicsFeatureExtractor._getDefaultSettings`) and the file's keys override them.
///
/// Every key pyradiomics' schema accepts is parsed; a key we do not know, or a value we cannot
/// honour (e.g. an interpolator we do not implement), is a `RadiomicsError.usage` naming the key.
public struct PyRadiomicsParameters: Sendable, Equatable, Codable {
    /// One enabled image type and its custom settings (pyradiomics merges these over `setting`).
    public struct ImageType: Sendable, Equatable, Codable {
        public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
            case original = "Original", log = "LoG", wavelet = "Wavelet", square = "Square"
            case squareRoot = "SquareRoot", logarithm = "Logarithm", exponential = "Exponential"
            case gradient = "Gradient", lbp2D = "LBP2D", lbp3D = "LBP3D"
        }
        public var kind: Kind
        /// The global settings with this image type's custom keys applied.
        public var settings: Settings
    }

    /// Every `setting` (and `voxelSetting`) key; defaults are pyradiomics' own.
    public struct Settings: Sendable, Equatable, Codable {
        public var binWidth: Double = 25
        public var binCount: Int? = nil
        public var label: Int = 1
        public var resampledPixelSpacing: [Double]? = nil
        public var interpolator: Interpolator = .bSpline
        public var padDistance: Int = 5
        public var normalize = false
        public var normalizeScale: Double = 1
        public var removeOutliers: Double? = nil
        public var resegmentRange: [Double]? = nil
        public var resegmentMode: ResegmentMode = .absolute
        public var resegmentShape = false
        public var preCrop = false
        public var force2D = false
        public var force2Ddimension = 0
        public var voxelArrayShift: Double = 0
        public var distances: [Int] = [1]
        public var symmetricalGLCM = true
        public var weightingNorm: WeightingNorm? = nil
        public var gldmA: Double = 0
        public var minimumROIDimensions = 2
        public var minimumROISize: Int? = nil
        public var geometryTolerance: Double? = nil
        public var correctMask = false
        public var additionalInfo = true
        // Filter settings (allowed both in `setting` and in an image type's mapping).
        public var sigma: [Double] = []
        public var wavelet = "coif1"
        public var startLevel = 0
        public var level = 1
        public var gradientUseSpacing = true
        public var lbp2DRadius: Double = 1
        public var lbp2DSamples = 8
        public var lbp2DMethod = "uniform"
        public var lbp3DLevels = 2
        public var lbp3DIcosphereRadius: Double = 1
        public var lbp3DIcosphereSubdivision = 1
        // voxelSetting: only used by voxel-based extraction, which pyradiomics also ignores otherwise.
        public var kernelRadius = 1
        public var maskedKernel = true
        public var initValue: Double = 0
        public var voxelBatch = -1
        public init() {}

        /// The kernels' conventions for these settings.
        public var conventions: Conventions {
            .pyradiomics(voxelArrayShift: voxelArrayShift, symmetricGLCM: symmetricalGLCM, weightingNorm: weightingNorm)
        }
    }

    /// SimpleITK interpolators pyradiomics accepts by name.
    public enum Interpolator: String, Sendable, Equatable, Codable, CaseIterable {
        case nearestNeighbor = "sitkNearestNeighbor", linear = "sitkLinear", bSpline = "sitkBSpline"
        case gaussian = "sitkGaussian", labelGaussian = "sitkLabelGaussian"
        case hammingWindowedSinc = "sitkHammingWindowedSinc", cosineWindowedSinc = "sitkCosineWindowedSinc"
        case welchWindowedSinc = "sitkWelchWindowedSinc", lanczosWindowedSinc = "sitkLanczosWindowedSinc"
        case blackmanWindowedSinc = "sitkBlackmanWindowedSinc"
    }

    public enum ResegmentMode: String, Sendable, Equatable, Codable { case absolute, relative, sigma }

    /// GLCM/GLRLM distance weighting (`weightingNorm`).
    public typealias WeightingNorm = Conventions.WeightingNorm

    /// Feature classes pyradiomics knows; `nil` features = all non-deprecated features.
    public static let featureClassNames = ["firstorder", "shape", "shape2D", "glcm", "glrlm", "glszm", "ngtdm", "gldm"]

    public var settings = Settings()
    /// Enabled image types, in file order (`Original` when the file names none).
    public var imageTypes: [ImageType] = []
    /// Enabled feature classes in file order, each with its explicit feature list or nil (= all).
    public var featureClasses: [(name: String, features: [String]?)] = []

    public init() {
        imageTypes = [ImageType(kind: .original, settings: settings)]
        featureClasses = Self.featureClassNames.filter { $0 != "shape2D" }.map { ($0, nil) }
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.settings == b.settings && a.imageTypes == b.imageTypes
            && a.featureClasses.map(\.name) == b.featureClasses.map(\.name)
            && a.featureClasses.map(\.features) == b.featureClasses.map(\.features)
    }

    // Codable by hand: the feature classes are (name, features) pairs (the provenance sidecar records them).
    private struct FeatureClass: Codable { var name: String; var features: [String]? }
    private enum CodingKeys: String, CodingKey { case settings, imageTypes, featureClasses }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        settings = try c.decode(Settings.self, forKey: .settings)
        imageTypes = try c.decode([ImageType].self, forKey: .imageTypes)
        featureClasses = try c.decode([FeatureClass].self, forKey: .featureClasses).map { ($0.name, $0.features) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(settings, forKey: .settings)
        try c.encode(imageTypes, forKey: .imageTypes)
        try c.encode(featureClasses.map { FeatureClass(name: $0.name, features: $0.features) }, forKey: .featureClasses)
    }

    /// Reads a parameter file.
    public static func load(path: String) throws(RadiomicsError) -> PyRadiomicsParameters {
        guard let data = FileManager.default.contents(atPath: path) else { throw .missing(path) }
        guard let text = String(data: data, encoding: .utf8) else { throw RadiomicsError(.usage, file: path, "config file is not UTF-8 text") }
        return try parse(yaml: text, file: path)
    }

    /// Parses the YAML text of a parameter file; `file` names it in error messages.
    public static func parse(yaml: String, file: String? = nil) throws(RadiomicsError) -> PyRadiomicsParameters {
        // The limits of our own config files: Yams' composer is recursive (deep nesting would
        // overflow the stack) and aliases expand exponentially.
        guard yaml.utf8.count <= ConfigFile.maxBytes else { throw RadiomicsError(.usage, file: file, "config file is larger than 1 MiB") }
        try ConfigFile.prescan(yaml, file: file ?? "parameters")
        let root: Node?
        do { root = try Yams.compose(yaml: yaml) } catch {
            throw RadiomicsError(.usage, file: file, "not valid YAML: \(error)")
        }
        guard let root else { return PyRadiomicsParameters() }
        return try parse(root: root, file: file)
    }

    /// The top-level keys that make a YAML file a pyradiomics parameter file (`ConfigFile`).
    public static let topLevelKeys: Set<String> = ["imageType", "featureClass", "setting"]

    /// Parses the composed YAML of a parameter file (already prescanned).
    static func parse(root: Node, file: String?) throws(RadiomicsError) -> PyRadiomicsParameters {
        var p = PyRadiomicsParameters()
        guard let top = root.mapping else { throw RadiomicsError(.usage, file: file, "a pyradiomics parameter file must be a mapping") }
        func fail(_ m: String) -> RadiomicsError { RadiomicsError(.usage, file: file, m) }
        for (k, _) in top {
            guard let key = k.string, ["setting", "voxelSetting", "imageType", "featureClass"].contains(key) else {
                throw fail("unknown top-level key '\(k.string ?? "?")' (expected setting, voxelSetting, imageType, featureClass)")
            }
        }
        for section in ["setting", "voxelSetting"] {
            guard let node = top[section], node.null == nil else { continue }
            guard let m = node.mapping else { throw fail("'\(section)' must be a mapping") }
            for (k, v) in m {
                let key = k.string ?? ""
                try apply(key: key, value: v, to: &p.settings, voxel: section == "voxelSetting", fail: failAt(k, file))
            }
        }
        if let node = top["imageType"], node.null == nil, let m = node.mapping, m.count > 0 {
            p.imageTypes = []
            for (k, v) in m {
                let name = k.string ?? ""
                guard let kind = ImageType.Kind(rawValue: name) else {
                    throw fail("imageType '\(name)' is unknown (expected \(ImageType.Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                var s = p.settings
                if v.null == nil {
                    guard let custom = v.mapping else { throw fail("imageType '\(name)' must map to a mapping of settings") }
                    for (ck, cv) in custom { try apply(key: ck.string ?? "", value: cv, to: &s, voxel: false, fail: failAt(ck, file)) }
                }
                p.imageTypes.append(ImageType(kind: kind, settings: s))
            }
        } else {
            p.imageTypes = [ImageType(kind: .original, settings: p.settings)]
        }
        if let node = top["featureClass"], node.null == nil, let m = node.mapping, m.count > 0 {
            p.featureClasses = []
            for (k, v) in m {
                let name = k.string ?? ""
                guard featureClassNames.contains(name) else {
                    throw fail("featureClass '\(name)' is unknown (expected \(featureClassNames.joined(separator: ", ")))")
                }
                var list: [String]? = nil
                if v.null == nil {
                    guard let seq = v.sequence else { throw fail("featureClass '\(name)' must be a list of feature names") }
                    let names = seq.compactMap(\.string)
                    guard names.count == seq.count else { throw fail("featureClass '\(name)' must be a list of feature names") }
                    for n in names where !PyRadiomicsFeatureNames.isKnown(n, inClass: name) {
                        throw fail("featureClass '\(name)': unknown feature '\(n)'")
                    }
                    list = names.isEmpty ? nil : names
                }
                p.featureClasses.append((name, list))
            }
        } else {
            p.featureClasses = featureClassNames.map { ($0, nil) }
        }
        return p
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    static func apply(key: String, value v: Node, to s: inout Settings, voxel: Bool,
                      fail: (String) -> RadiomicsError) throws(RadiomicsError) {
        func num() throws(RadiomicsError) -> Double {
            if let d = number(v) { return d }
            throw fail("setting '\(key)' must be a number")
        }
        func optNum() throws(RadiomicsError) -> Double? { v.null != nil ? nil : try num() }
        func int() throws(RadiomicsError) -> Int {
            if let i = v.checkedInt { return i }
            // Int(exactly:): a whole number beyond Int's range (label: 1666…6) is an error, not a trap.
            if let d = number(v), d == d.rounded(), let i = Int(exactly: d) { return i }
            throw fail("setting '\(key)' must be an integer")
        }
        func bool() throws(RadiomicsError) -> Bool {
            if let b = v.bool { return b }
            throw fail("setting '\(key)' must be true or false")
        }
        func numbers() throws(RadiomicsError) -> [Double] {
            if let d = number(v) { return [d] }
            guard let seq = v.sequence else { throw fail("setting '\(key)' must be a list of numbers") }
            var out: [Double] = []
            for e in seq {
                guard let d = number(e) else { throw fail("setting '\(key)' must be a list of numbers") }
                out.append(d)
            }
            return out
        }
        func string() throws(RadiomicsError) -> String {
            if let t = v.scalar?.string, v.null == nil { return t }
            throw fail("setting '\(key)' must be a string")
        }
        if voxel {
            switch key {
            case "kernelRadius": s.kernelRadius = try int()
            case "maskedKernel": s.maskedKernel = try bool()
            case "initValue": s.initValue = try num()
            case "voxelBatch": s.voxelBatch = try int()
            default: throw fail("voxelSetting '\(key)' is not a pyradiomics voxel setting")
            }
            return
        }
        switch key {
        case "binWidth":
            let w = try num()
            guard w > 0 else { throw fail("setting 'binWidth' must be positive") }
            s.binWidth = w
        case "binCount":
            if v.null != nil { s.binCount = nil; break }
            let c = try int()
            guard c > 0 else { throw fail("setting 'binCount' must be positive") }
            s.binCount = c
        case "label": s.label = try int()
        case "resampledPixelSpacing":
            if v.null != nil { s.resampledPixelSpacing = nil; break }
            let sp = try numbers()
            guard sp.count == 3, sp.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
                throw fail("setting 'resampledPixelSpacing' must be three non-negative spacings [x, y, z] (0 keeps the original)")
            }
            s.resampledPixelSpacing = sp
        case "interpolator":
            if let i = v.checkedInt {
                // SimpleITK's enum values: 1 nearest, 2 linear, 3 B-spline.
                let byCode: [Int: Interpolator] = [1: .nearestNeighbor, 2: .linear, 3: .bSpline]
                guard let it = byCode[i] else { throw fail("setting 'interpolator' value \(i) is not supported (use sitkNearestNeighbor, sitkLinear, sitkBSpline, or any interpolator by name)") }
                s.interpolator = it
                break
            }
            let name = try string()
            guard let it = Interpolator(rawValue: name) else { throw fail("setting 'interpolator' value '\(name)' is not a SimpleITK interpolator") }
            guard it != .labelGaussian else {
                throw fail("setting 'interpolator' value '\(name)' is not supported (a label interpolator; use sitkNearestNeighbor, sitkLinear, sitkBSpline, sitkGaussian or a windowed sinc)")
            }
            s.interpolator = it
        case "padDistance":
            let d = try int()
            guard d >= 0 else { throw fail("setting 'padDistance' must be ≥ 0") }
            s.padDistance = d
        case "normalize": s.normalize = try bool()
        case "normalizeScale": s.normalizeScale = try num()
        case "removeOutliers": s.removeOutliers = try optNum()
        case "resegmentRange":
            if v.null != nil { s.resegmentRange = nil; break }
            let r = try numbers()
            guard (1...2).contains(r.count) else { throw fail("setting 'resegmentRange' must hold 1 or 2 values") }
            s.resegmentRange = r
        case "resegmentMode":
            let m = try string()
            guard let mode = ResegmentMode(rawValue: m) else { throw fail("setting 'resegmentMode' must be absolute, relative or sigma") }
            s.resegmentMode = mode
        case "resegmentShape": s.resegmentShape = try bool()
        case "preCrop": s.preCrop = try bool()
        case "force2D": s.force2D = try bool()
        case "force2Ddimension":
            let d = try int()
            guard (0...2).contains(d) else { throw fail("setting 'force2Ddimension' must be 0, 1 or 2") }
            s.force2Ddimension = d
        case "voxelArrayShift": s.voxelArrayShift = try num()
        case "distances":
            let d = try numbers()
            let ints = d.compactMap { $0 >= 1 ? Int(exactly: $0) : nil }
            guard !d.isEmpty, ints.count == d.count else { throw fail("setting 'distances' must be a list of positive integers") }
            s.distances = ints
        case "symmetricalGLCM": s.symmetricalGLCM = try bool()
        case "weightingNorm":
            if v.null != nil { s.weightingNorm = nil; break }
            let n = try string()
            guard let w = WeightingNorm(rawValue: n) else { throw fail("setting 'weightingNorm' must be manhattan, euclidean, infinity or no_weighting") }
            s.weightingNorm = w
        case "gldm_a": s.gldmA = try num()
        case "minimumROIDimensions":
            let d = try int()
            guard (1...3).contains(d) else { throw fail("setting 'minimumROIDimensions' must be 1, 2 or 3") }
            s.minimumROIDimensions = d
        case "minimumROISize": s.minimumROISize = v.null != nil ? nil : try int()
        case "geometryTolerance": s.geometryTolerance = try optNum()
        case "correctMask": s.correctMask = try bool()
        case "additionalInfo": s.additionalInfo = try bool()
        case "sigma": s.sigma = try numbers()
        case "wavelet": s.wavelet = try string()
        case "start_level": s.startLevel = try int()
        case "level": s.level = try int()
        case "gradientUseSpacing": s.gradientUseSpacing = try bool()
        case "lbp2DRadius": s.lbp2DRadius = try num()
        case "lbp2DSamples": s.lbp2DSamples = try int()
        case "lbp2DMethod": s.lbp2DMethod = try string()
        case "lbp3DLevels": s.lbp3DLevels = try int()
        case "lbp3DIcosphereRadius": s.lbp3DIcosphereRadius = try num()
        case "lbp3DIcosphereSubdivision": s.lbp3DIcosphereSubdivision = try int()
        case "label_channel":
            throw fail("setting 'label_channel' (vector segmentation masks) is not supported")
        case "kernelRadius", "maskedKernel", "initValue", "voxelBatch":
            throw fail("setting '\(key)' belongs in voxelSetting")
        default:
            let hint = suggestion(for: key).map { " (did you mean \($0)?)" } ?? ""
            throw fail("setting '\(key)' is not a pyradiomics setting we can honour\(hint)")
        }
    }

    /// Errors about a setting name `file:line` of its key, so a typo is found without searching.
    static func failAt(_ key: Node, _ file: String?) -> (String) -> RadiomicsError {
        let place = key.mark.map { "\(file ?? "parameters"):\($0.line)" } ?? file
        return { RadiomicsError(.usage, file: place, $0) }
    }

    /// Every setting `apply` reads; the candidates for "did you mean".
    static let settingNames = [
        "binWidth", "binCount", "label", "resampledPixelSpacing", "interpolator", "padDistance", "normalize",
        "normalizeScale", "removeOutliers", "resegmentRange", "resegmentMode", "resegmentShape", "preCrop", "force2D",
        "force2Ddimension", "voxelArrayShift", "distances", "symmetricalGLCM", "weightingNorm", "gldm_a",
        "minimumROIDimensions", "minimumROISize", "geometryTolerance", "correctMask", "additionalInfo", "sigma",
        "wavelet", "start_level", "level", "gradientUseSpacing", "lbp2DRadius", "lbp2DSamples", "lbp2DMethod",
        "lbp3DLevels", "lbp3DIcosphereRadius", "lbp3DIcosphereSubdivision",
    ]

    /// The known setting a typo most likely meant: same letters ignoring case, or within two edits.
    static func suggestion(for key: String) -> String? {
        if let same = settingNames.first(where: { $0.lowercased() == key.lowercased() }) { return same }
        let best = settingNames.map { ($0, editDistance(Array($0.lowercased()), Array(key.lowercased()))) }.min { $0.1 < $1.1 }
        return best.flatMap { $0.1 <= 2 ? $0.0 : nil }
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var prev = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let cur = row[j]
                row[j] = Swift.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1))
                prev = cur
            }
        }
        return row[b.count]
    }

    static func number(_ n: Node) -> Double? {
        guard n.null == nil, n.scalar != nil else { return nil }
        if let i = n.checkedInt { return Double(i) }
        if let d = n.float, n.bool == nil { return d }
        return nil
    }
}
