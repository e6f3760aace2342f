import Foundation

extension SUVConversion {
    /// The SUV conversion of the image at `path` (a DICOM folder or file; `series` as for
    /// reading), or nil when none applies (`--suv none`, or no `--suv` and not a PET series with
    /// Units BQML). A missing or contradictory attribute is an error naming it.
    public static func resolve(imagePath path: String, series: String?, options: SUVOptions) throws(RadiomicsError) -> SUVConversion? {
        if let problem = options.problem { throw .usage(problem) }
        if options.method == SUVMethod.none { return nil }
        let format = try FileFormat.detect(path)
        guard format == .dicomSeries || format == .dicomFile else {
            if let method = options.method { throw .badInput(path, "--suv \(method.rawValue) needs a PET DICOM series (SUV is computed from its DICOM attributes)") }
            return nil
        }
        if options.method == nil {
            // The default rule needs one image only: no second pass over a CT or MR series.
            guard let first = try PETAttributes.series(at: path, series: series, firstOnly: true)?.first,
                  first.modality == "PT", first.units.uppercased() == "BQML" else { return nil }
        }
        guard let slices = try PETAttributes.series(at: path, series: series) else { return nil }
        return try compute(slices, options: options, file: path)
    }

    /// The conversion from the attributes of every image of a series.
    public static func compute(_ slices: [PETAttributes], options: SUVOptions, file: String) throws(RadiomicsError) -> SUVConversion? {
        if let problem = options.problem { throw .usage(problem) }
        guard let a = slices.first else { throw .badInput(file, "no PET image") }
        // Series-level attributes must agree across the images.
        let shared: [(String, KeyPath<PETAttributes, String>)] = [
            ("Modality (0008,0060)", \.modality), ("Units (0054,1001)", \.units), ("DecayCorrection (0054,1102)", \.decayCorrection),
            ("SeriesDate (0008,0021)", \.seriesDate), ("SeriesTime (0008,0031)", \.seriesTime),
            ("PatientWeight (0010,1030)", \.patientWeight), ("PatientSize (0010,1020)", \.patientSize), ("PatientSex (0010,0040)", \.patientSex),
            ("RadiopharmaceuticalStartTime (0018,1072)", \.radiopharmaceuticalStartTime),
            ("RadiopharmaceuticalStartDateTime (0018,1078)", \.radiopharmaceuticalStartDateTime),
            ("RadionuclideTotalDose (0018,1074)", \.radionuclideTotalDose), ("RadionuclideHalfLife (0018,1075)", \.radionuclideHalfLife),
            ("Philips SUV scale factor (7053,1000)", \.philipsSUVScale),
        ]
        for (name, key) in shared {
            let values = Set(slices.map { $0[keyPath: key] })
            if values.count > 1 { throw .badInput(file, "contradictory \(name) across the series: \(values.sorted().joined(separator: ", "))") }
        }
        let method = options.method ?? (a.modality == "PT" && a.units.uppercased() == "BQML" ? .bw : .none)
        if method == .none { return nil }
        guard a.modality == "PT" else {
            throw .badInput(file, "Modality (0008,0060) is '\(a.modality)', not PT: SUV needs a PET series (--suv none)")
        }
        var inputs: [SUVInput] = []
        func number(_ text: String, _ name: String) -> Double? {
            guard !text.isEmpty, let v = Double(text.split(separator: "\\").first.map(String.init) ?? text), v.isFinite else { return nil }
            return v
        }
        // Body size (only what the method needs).
        func weight() throws(RadiomicsError) -> Double {
            if let w = options.weightKg {
                inputs.append(SUVInput(name: "weight_kg", value: "\(w)", source: "--suv-weight"))
                return w
            }
            guard let w = number(a.patientWeight, "PatientWeight"), w > 0 else {
                throw .badInput(file, "PatientWeight (0010,1030) is \(a.patientWeight.isEmpty ? "missing" : "'\(a.patientWeight)'"); give --suv-weight KG")
            }
            guard w <= 1000 else { throw .badInput(file, "PatientWeight (0010,1030) \(w) is not a weight in kg") }
            inputs.append(SUVInput(name: "weight_kg", value: a.patientWeight, source: "PatientWeight (0010,1030)"))
            return w
        }
        func height() throws(RadiomicsError) -> Double {
            guard let h = number(a.patientSize, "PatientSize"), h > 0 else {
                throw .badInput(file, "PatientSize (0010,1020) is \(a.patientSize.isEmpty ? "missing" : "'\(a.patientSize)'"); --suv \(method.rawValue) needs the height")
            }
            guard h >= 0.3, h <= 3 else { throw .badInput(file, "PatientSize (0010,1020) \(a.patientSize) is not a height in metres") }
            inputs.append(SUVInput(name: "height_m", value: a.patientSize, source: "PatientSize (0010,1020)"))
            return h
        }
        func male() throws(RadiomicsError) -> Bool {
            switch a.patientSex.uppercased() {
            case "M": inputs.append(SUVInput(name: "sex", value: "M", source: "PatientSex (0010,0040)")); return true
            case "F": inputs.append(SUVInput(name: "sex", value: "F", source: "PatientSex (0010,0040)")); return false
            default:
                throw .badInput(file, "PatientSex (0010,0040) is \(a.patientSex.isEmpty ? "missing" : "'\(a.patientSex)'"); --suv lbm needs M or F")
            }
        }
        /// Body size in the numerator: g for bw/lbm, cm² for bsa.
        func bodySize() throws(RadiomicsError) -> (value: Double, units: String) {
            let w = try weight()
            switch method {
            case .lbm:
                let h = try height(), m = try male()
                return (leanBodyMass(weightKg: w, heightM: h, male: m) * 1000, "g/ml")
            case .bsa:
                let h = try height()
                return (bodySurfaceArea(weightKg: w, heightM: h) * 10_000, "cm2/ml")
            default: return (w * 1000, "g/ml")
            }
        }

        let units = a.units.uppercased()
        inputs.append(SUVInput(name: "units", value: a.units, source: "Units (0054,1001)"))
        switch units {
        case "BQML":
            let decayed = try decayCorrectedDose(slices, options: options, file: file, inputs: &inputs)
            let (size, suvUnits) = try bodySize()
            // A dose decayed to a denormal (a short half-life over hours) still overflows the factor.
            let factor = size / decayed
            guard factor.isFinite, factor > 0 else {
                throw .badInput(file, "the SUV factor \(size) / \(decayed) Bq is not finite; check RadionuclideTotalDose, RadionuclideHalfLife, the times and the body size")
            }
            return SUVConversion(method: method, factor: factor, units: suvUnits, inputs: inputs)
        case "CNTS":
            guard let philips = number(a.philipsSUVScale, "(7053,1000)"), philips > 0 else {
                throw .badInput(file, "Units (0054,1001) are CNTS and the Philips SUV scale factor (7053,1000) is \(a.philipsSUVScale.isEmpty ? "missing" : "'\(a.philipsSUVScale)'")")
            }
            inputs.append(SUVInput(name: "philips_suv_bw_scale", value: a.philipsSUVScale, source: "Philips SUV scale factor (7053,1000)"))
            if method == .bw { return SUVConversion(method: method, factor: philips, units: "g/ml", inputs: inputs) }
            // SUVlbm = SUVbw · LBM / W; SUVbsa = SUVbw · BSA / W.
            let (size, suvUnits) = try bodySize()
            let w = options.weightKg ?? number(a.patientWeight, "PatientWeight")!
            return SUVConversion(method: method, factor: philips * size / (w * 1000), units: suvUnits, inputs: inputs)
        case "GML":
            if method == .bw { return SUVConversion(method: method, factor: 1, units: "g/ml", inputs: inputs) }
            let (size, suvUnits) = try bodySize()
            let w = options.weightKg ?? number(a.patientWeight, "PatientWeight")!
            return SUVConversion(method: method, factor: size / (w * 1000), units: suvUnits, inputs: inputs)
        default:
            throw .badInput(file, "Units (0054,1001) are \(a.units.isEmpty ? "missing" : "'\(a.units)'"); SUV needs BQML (or CNTS with Philips' (7053,1000), or GML)")
        }
    }
}
