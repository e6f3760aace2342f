// libFuzzer harness: the PET SUV tag logic (SUVConversion.compute): series-level agreement,
// body size, dose, decay from injection (dates, times, DateTime, post-processed series), Philips
// scale factors, for each method. The input is text: a first line `method=bw|lbm|bsa|none|auto`
// (optionally `weight=KG`, `dose=MBQ` lines), then one `Attribute=value` line per attribute of
// a slice, slices separated by a blank line. Built only by `make fuzz` (see Package.swift and Makefile).
import Foundation
import LibFuzzerDriver
import Radiomics

nonisolated(unsafe) private let fields: [String: WritableKeyPath<PETAttributes, String>] = [
    "Modality": \.modality, "Units": \.units, "DecayCorrection": \.decayCorrection, "CorrectedImage": \.correctedImage,
    "Manufacturer": \.manufacturer, "SeriesDate": \.seriesDate, "SeriesTime": \.seriesTime,
    "AcquisitionDate": \.acquisitionDate, "AcquisitionTime": \.acquisitionTime, "AcquisitionDateTime": \.acquisitionDateTime,
    "PatientWeight": \.patientWeight, "PatientSize": \.patientSize, "PatientSex": \.patientSex,
    "RadiopharmaceuticalStartTime": \.radiopharmaceuticalStartTime,
    "RadiopharmaceuticalStartDateTime": \.radiopharmaceuticalStartDateTime,
    "RadionuclideTotalDose": \.radionuclideTotalDose, "RadionuclideHalfLife": \.radionuclideHalfLife,
    "PhilipsSUVScale": \.philipsSUVScale, "PhilipsActivityScale": \.philipsActivityScale, "SeriesInstanceUID": \.seriesUID,
]

private func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let bytes, count < 1 << 16 else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    var options = SUVOptions()
    var slices: [PETAttributes] = [], slice = PETAttributes(), open = false
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.isEmpty {
            if open { slices.append(slice); slice = PETAttributes(); open = false }
            continue
        }
        guard let eq = line.firstIndex(of: "=") else { continue }
        let key = String(line[..<eq]), value = String(line[line.index(after: eq)...])
        switch key {
        case "method": options.method = SUVMethod(rawValue: value)
        case "weight": options.weightKg = Double(value)
        case "dose": options.doseMBq = Double(value)
        case "items": slice.radiopharmaceuticalItems = Int(value) ?? 0; open = true
        default:
            if let path = fields[key] { slice[keyPath: path] = value; open = true }
        }
    }
    if open { slices.append(slice) }
    if let conversion = try? SUVConversion.compute(slices, options: options, file: "fuzz") {
        // The factor must be usable: finite and positive, or the image would silently become garbage.
        if !(conversion.factor.isFinite && conversion.factor > 0) { fatalError("SUV factor \(conversion.factor) from \(text)") }
    }
    return 0
}

// SwiftPM links an executable's own `main`, so it starts libFuzzer's driver (linked in by
// -sanitize=fuzzer); the runtime's object files also reference the classic entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt { fuzzOne(bytes, count) }

runLibFuzzer(fuzzOne)
