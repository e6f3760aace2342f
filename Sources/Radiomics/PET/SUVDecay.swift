import Foundation

extension SUVConversion {
    /// The injected dose decay-corrected to the time the image activity refers to (Bq):
    /// DecayCorrection ADMIN: the dose itself; START: the dose decayed from the injection
    /// (RadiopharmaceuticalStartDateTime, or RadiopharmaceuticalStartTime on SeriesDate) to the
    /// series start (SeriesDate/Time, or the earliest AcquisitionDate/Time when the series time
    /// is after it, as for a post-processed series).
    static func decayCorrectedDose(_ slices: [PETAttributes], options: SUVOptions, file: String,
                                   inputs: inout [SUVInput]) throws(RadiomicsError) -> Double {
        let a = slices[0]
        guard a.radiopharmaceuticalItems <= 1 else {
            throw .badInput(file, "RadiopharmaceuticalInformationSequence (0054,0016) has \(a.radiopharmaceuticalItems) items; one radiopharmaceutical is expected")
        }
        let dose: Double
        if let d = options.doseMBq {
            dose = d * 1e6
            inputs.append(SUVInput(name: "dose_bq", value: "\(dose)", source: "--suv-dose"))
        } else {
            guard a.radiopharmaceuticalItems == 1 else {
                throw .badInput(file, "RadiopharmaceuticalInformationSequence (0054,0016) is missing; give --suv-dose MBQ")
            }
            guard let d = Double(a.radionuclideTotalDose), d > 0, d.isFinite else {
                throw .badInput(file, "RadionuclideTotalDose (0018,1074) is \(a.radionuclideTotalDose.isEmpty ? "missing" : "'\(a.radionuclideTotalDose)'"); give --suv-dose MBQ")
            }
            dose = d
            inputs.append(SUVInput(name: "dose_bq", value: a.radionuclideTotalDose, source: "RadionuclideTotalDose (0018,1074)"))
        }
        switch a.decayCorrection.uppercased() {
        case "ADMIN":
            inputs.append(SUVInput(name: "decay_correction", value: "ADMIN", source: "DecayCorrection (0054,1102)"))
            return dose
        case "START":
            inputs.append(SUVInput(name: "decay_correction", value: "START", source: "DecayCorrection (0054,1102)"))
        default:
            throw .badInput(file, "DecayCorrection (0054,1102) is \(a.decayCorrection.isEmpty ? "missing" : "'\(a.decayCorrection)'"); SUV needs START or ADMIN")
        }
        guard a.radiopharmaceuticalItems == 1, let halfLife = Double(a.radionuclideHalfLife), halfLife > 0, halfLife.isFinite else {
            throw .badInput(file, "RadionuclideHalfLife (0018,1075) is \(a.radionuclideHalfLife.isEmpty ? "missing" : "'\(a.radionuclideHalfLife)'")")
        }
        inputs.append(SUVInput(name: "half_life_s", value: a.radionuclideHalfLife, source: "RadionuclideHalfLife (0018,1075)"))
        // Injection time.
        let injection: Double
        if !a.radiopharmaceuticalStartDateTime.isEmpty {
            guard let t = DICOMTime.seconds(dateTime: a.radiopharmaceuticalStartDateTime) else {
                throw .badInput(file, "RadiopharmaceuticalStartDateTime (0018,1078) '\(a.radiopharmaceuticalStartDateTime)' is not a DICOM date-time")
            }
            injection = t
            inputs.append(SUVInput(name: "injection", value: a.radiopharmaceuticalStartDateTime, source: "RadiopharmaceuticalStartDateTime (0018,1078)"))
        } else if !a.radiopharmaceuticalStartTime.isEmpty {
            guard let t = DICOMTime.seconds(date: a.seriesDate, time: a.radiopharmaceuticalStartTime) else {
                throw .badInput(file, "RadiopharmaceuticalStartTime (0018,1072) '\(a.radiopharmaceuticalStartTime)' with SeriesDate (0008,0021) '\(a.seriesDate)' is not a DICOM date and time")
            }
            injection = t
            inputs.append(SUVInput(name: "injection", value: "\(a.seriesDate) \(a.radiopharmaceuticalStartTime)",
                                   source: "RadiopharmaceuticalStartTime (0018,1072) on SeriesDate (0008,0021)"))
        } else {
            throw .badInput(file, "RadiopharmaceuticalStartDateTime (0018,1078) and RadiopharmaceuticalStartTime (0018,1072) are both missing")
        }
        // Reference time.
        guard let series = DICOMTime.seconds(date: a.seriesDate, time: a.seriesTime) else {
            throw .badInput(file, "SeriesDate (0008,0021) / SeriesTime (0008,0031) '\(a.seriesDate) \(a.seriesTime)' is missing or not a DICOM date and time")
        }
        var reference = series
        var referenceInput = SUVInput(name: "reference", value: "\(a.seriesDate) \(a.seriesTime)", source: "SeriesDate/SeriesTime (0008,0021/0031)")
        var earliest: (Double, String)?
        for s in slices {
            let t: Double?, text: String
            if !s.acquisitionDate.isEmpty, !s.acquisitionTime.isEmpty {
                t = DICOMTime.seconds(date: s.acquisitionDate, time: s.acquisitionTime); text = "\(s.acquisitionDate) \(s.acquisitionTime)"
            } else if !s.acquisitionDateTime.isEmpty {
                t = DICOMTime.seconds(dateTime: s.acquisitionDateTime); text = s.acquisitionDateTime
            } else { continue }
            guard let t else { throw .badInput(file, "AcquisitionDate/AcquisitionTime (0008,0022/0032) '\(text)' is not a DICOM date and time") }
            if earliest == nil || t < earliest!.0 { earliest = (t, text) }
        }
        if let (t, text) = earliest, t < series {
            reference = t
            referenceInput = SUVInput(name: "reference", value: text,
                                      source: "earliest AcquisitionDate/AcquisitionTime (0008,0022/0032): the SeriesTime is after it")
        }
        inputs.append(referenceInput)
        let elapsed = reference - injection
        guard elapsed >= 0 else {
            throw .badInput(file, "contradictory times: the injection (\(inputs.first { $0.name == "injection" }!.source)) is after the reference time (\(referenceInput.source))")
        }
        guard elapsed <= 7 * 86_400 else {
            throw .badInput(file, "contradictory times: \(Int(elapsed)) s between the injection and the reference time (more than 7 days)")
        }
        inputs.append(SUVInput(name: "decay_time_s", value: "\(elapsed)", source: "reference − injection"))
        // A half-life of seconds over hours leaves no activity: an infinite SUV factor, not a table.
        let decayed = dose * pow(2, -elapsed / halfLife)
        guard decayed > 0, decayed.isFinite else {
            throw .badInput(file, "the dose decays to \(decayed) Bq over \(Int(elapsed)) s with RadionuclideHalfLife (0018,1075) \(halfLife) s; check the half-life and the times")
        }
        return decayed
    }
}

/// DICOM DA/TM/DT values as seconds since 1970-01-01 (no time zone: both ends of a difference
/// are local times of the same scanner).
enum DICOMTime {
    /// DA `YYYYMMDD` and TM `HHMMSS.FFFFFF` (`HH`, `HHMM`, `HHMMSS` also; `HH:MM:SS` accepted).
    static func seconds(date: String, time: String) -> Double? {
        guard let day = days(date), let t = timeOfDay(time) else { return nil }
        return day * 86_400 + t
    }

    /// DT `YYYYMMDDHHMMSS.FFFFFF` with an optional `&ZZXX` offset (ignored).
    static func seconds(dateTime: String) -> Double? {
        var s = Substring(dateTime.trimmingCharacters(in: .whitespaces))
        if let sign = s.firstIndex(where: { $0 == "+" || $0 == "-" }), s.distance(from: s.startIndex, to: sign) >= 8 { s = s[..<sign] }
        guard s.count >= 8, let day = days(String(s.prefix(8))) else { return nil }
        let rest = String(s.dropFirst(8))
        guard let t = rest.isEmpty ? 0 : timeOfDay(rest) else { return nil }
        return day * 86_400 + t
    }

    static func days(_ date: String) -> Double? {
        let d = date.replacingOccurrences(of: ".", with: "").trimmingCharacters(in: .whitespaces)
        guard d.count == 8, d.allSatisfy(\.isASCII), let y = Int(d.prefix(4)), let m = Int(d.dropFirst(4).prefix(2)), let dd = Int(d.suffix(2)),
              (1...12).contains(m), (1...31).contains(dd) else { return nil }
        // Days from the civil date (Howard Hinnant's algorithm).
        let yy = m <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Double(era * 146_097 + doe - 719_468)
    }

    static func timeOfDay(_ time: String) -> Double? {
        let t = time.replacingOccurrences(of: ":", with: "").trimmingCharacters(in: .whitespaces)
        let parts = t.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let hms = parts[0]
        guard [2, 4, 6].contains(hms.count), hms.allSatisfy(\.isNumber) else { return nil }
        let h = Int(hms.prefix(2))!, m = hms.count >= 4 ? Int(hms.dropFirst(2).prefix(2))! : 0, s = hms.count == 6 ? Int(hms.suffix(2))! : 0
        guard h < 24, m < 60, s < 61 else { return nil }
        var fraction = 0.0
        if parts.count == 2, !parts[1].isEmpty {
            guard parts[1].allSatisfy(\.isNumber), let f = Double("0." + parts[1]) else { return nil }
            fraction = f
        }
        return Double(h * 3600 + m * 60 + s) + fraction
    }
}
