import Foundation

/// Standardised uptake value: how a PET series' activity concentration is turned into SUV.
public enum SUVMethod: String, Sendable, Codable, CaseIterable {
    /// Body weight: C · W / D (g/mL).
    case bw
    /// Lean body mass (Janmahasatian 2005): C · LBM / D (g/mL).
    case lbm
    /// Body surface area (Du Bois 1916): C · BSA / D (cm²/mL).
    case bsa
    /// No conversion: the image as stored (Bq/mL for BQML).
    case none
}

/// `--suv`, `--suv-weight`, `--suv-dose`.
public struct SUVOptions: Sendable, Equatable, Codable {
    /// nil: `bw` for a PET series whose Units are BQML, `none` otherwise.
    public var method: SUVMethod?
    /// Overrides PatientWeight (kg).
    public var weightKg: Double?
    /// Overrides RadionuclideTotalDose (MBq, at injection).
    public var doseMBq: Double?

    public init(method: SUVMethod? = nil, weightKg: Double? = nil, doseMBq: Double? = nil) {
        self.method = method
        self.weightKg = weightKg
        self.doseMBq = doseMBq
    }

    public var problem: String? {
        if let w = weightKg, !(w > 0 && w <= 1000) { return "--suv-weight must be in (0, 1000] kg, not \(w)" }
        if let d = doseMBq, !(d > 0 && d <= 1e5) { return "--suv-dose must be in (0, 100000] MBq, not \(d)" }
        if method == SUVMethod.none, weightKg != nil || doseMBq != nil { return "--suv-weight and --suv-dose need --suv bw, lbm or bsa" }
        return nil
    }
}

/// One input of the SUV factor and where it came from (a DICOM attribute or an option).
public struct SUVInput: Sendable, Equatable, Codable {
    public var name: String
    public var value: String
    public var source: String
}

/// The factor applied to every voxel (after RescaleSlope/Intercept) and its inputs: recorded in
/// the provenance sidecar.
public struct SUVConversion: Sendable, Equatable, Codable {
    public var method: SUVMethod
    public var factor: Double
    /// Units of the converted image: "g/ml" (bw, lbm) or "cm2/ml" (bsa).
    public var units: String
    public var inputs: [SUVInput]

    /// Applies the factor to `image`.
    public func apply(to image: ImageVolume) -> ImageVolume {
        let f = Float(factor)
        return image.map { $0 * f }
    }

    /// Lean body mass in kg (Janmahasatian et al., Clin Pharmacokinet 2005).
    public static func leanBodyMass(weightKg w: Double, heightM h: Double, male: Bool) -> Double {
        let bmi = w / (h * h)
        return male ? 9270 * w / (6680 + 216 * bmi) : 9270 * w / (8780 + 244 * bmi)
    }

    /// Body surface area in m² (Du Bois & Du Bois 1916).
    public static func bodySurfaceArea(weightKg w: Double, heightM h: Double) -> Double {
        0.007184 * pow(w, 0.425) * pow(h * 100, 0.725)
    }
}
