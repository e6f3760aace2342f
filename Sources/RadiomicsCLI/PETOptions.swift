import ArgumentParser
import Foundation
import Radiomics

/// `--suv bw|lbm|bsa|none`, `--suv-weight KG`, `--suv-dose MBQ` (PET DICOM series).
struct PETOptions: ParsableArguments {
    @Option(help: ArgumentHelp("SUV of a PET DICOM series: bw, lbm (Janmahasatian), bsa (Du Bois) or none (default: bw when Units are BQML, else none).",
                               valueName: "method")) var suv: String?
    @Option(help: ArgumentHelp("Patient weight for SUV, overriding PatientWeight (0010,1030).", valueName: "KG")) var suvWeight: Double?
    @Option(help: ArgumentHelp("Injected dose for SUV, overriding RadionuclideTotalDose (0018,1074).", valueName: "MBQ")) var suvDose: Double?
    @Option(help: ArgumentHelp("PET metrics (pet_suv_max, pet_suv_mean, pet_suv_peak, pet_mtv_ml, pet_tlg) inside the ROI re-segmented at this threshold: a percentage of SUVmax (41%) or an SUV (2.5).",
                               valueName: "T")) var petThreshold: String?

    func threshold() throws(RadiomicsError) -> PETThreshold? {
        try petThreshold.map { t throws(RadiomicsError) in try PETThreshold.parse(t) }
    }

    /// nil when no SUV option is given (the default rule applies).
    func options() throws(RadiomicsError) -> SUVOptions? {
        guard suv != nil || suvWeight != nil || suvDose != nil else { return nil }
        var o = SUVOptions(weightKg: suvWeight, doseMBq: suvDose)
        if let suv {
            guard let m = SUVMethod(rawValue: suv.lowercased()) else { throw .usage("--suv must be bw, lbm, bsa or none, not '\(suv)'") }
            o.method = m
        }
        if let problem = o.problem { throw .usage(problem) }
        return o
    }
}
