import Yams

extension Node {
    /// The scalar as an integer, as YAML 1.1 (PyYAML) reads it, without trapping: Yams' `int`
    /// multiplies sexagesimal components (`1:30` = 90) unchecked, so a scalar with many `:`
    /// parts or large ones overflowed and stopped the process (FuzzConfig campaign finding).
    /// Sexagesimal scalars are evaluated here with overflow checks; any other goes to Yams.
    var checkedInt: Int? {
        guard let node = scalar, node.string.contains(":") else { return int }
        guard node.style == .any || node.style == .plain else { return nil }
        let scalar = node.string
        var text = Substring(scalar.replacingOccurrences(of: "_", with: ""))
        let negative = text.hasPrefix("-")
        if negative || text.hasPrefix("+") { text = text.dropFirst() }
        var value = 0
        for part in text.split(separator: ":", omittingEmptySubsequences: false) {
            guard let digit = Int(part), digit >= 0 else { return nil }
            let (scaled, o1) = value.multipliedReportingOverflow(by: 60)
            let (sum, o2) = scaled.addingReportingOverflow(digit)
            if o1 || o2 { return nil }
            value = sum
        }
        return negative ? -value : value
    }
}
