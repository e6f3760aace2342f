import Foundation

/// One self-contained HTML page for a `CohortReport`: inline CSS and SVG, no script, nothing
/// fetched. Long lists are cut (with the count of what is left out) and folded in <details>,
/// so that 1,000 cases × 2,500 features stay a few MB and open at once.
public enum ReportHTML {
    /// Longest list shown in full; the rest is counted.
    public static let listLimit = 300
    /// Features per folded page of a family's table.
    public static let pageSize = 250

    /// A QC picture: its caption and either its PNG bytes (embedded) or a path to link.
    public struct Thumbnail: Sendable {
        public var caption: String
        public var png: Data?
        public var link: String?
        public init(caption: String, png: Data?, link: String?) { self.caption = caption; self.png = png; self.link = link }
    }

    public static func render(_ r: CohortReport, thumbnails: [Thumbnail] = [], qcNote: String? = nil) -> String {
        var h = HTMLText()
        let t = r.table
        h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        h.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        h.raw("<title>radiomics report: \(escape(r.source))</title><style>\(css)</style></head><body>\n")
        h.raw("<h1>Feature report</h1><p class=\"sub\">\(escape(r.source)) · radiomics \(escape(BuildInfo.version))</p>\n")
        h.raw("<nav><a href=\"#summary\">Summary</a> <a href=\"#failures\">Failures</a> <a href=\"#quality\">Data quality</a> ")
        h.raw("<a href=\"#correlation\">Correlation</a> <a href=\"#outliers\">Outliers</a> <a href=\"#features\">Features</a>")
        if !thumbnails.isEmpty { h.raw(" <a href=\"#qc\">QC</a>") }
        h.raw("</nav>\n")

        let s = r.summaries
        let allNaN = s.indices.filter { s[$0].finiteCount == 0 }
        let withNaN = s.indices.filter { s[$0].nanCount + s[$0].infCount > 0 }
        let constant = s.indices.filter { s[$0].isConstant }
        let nearConstant = s.indices.filter { s[$0].isNearConstant }
        let failed = t.errors.indices.filter { !t.errors[$0].isEmpty }
        let standardised = r.statuses.filter(\.standardised).count
        h.raw("<section id=\"summary\"><h2>Summary</h2><table class=\"kv\">")
        for (k, v) in [("Rows (image × ROI)", "\(t.rowCount)"), ("Failed", "\(failed.count)"),
                       ("Feature columns", "\(t.featureNames.count) (\(standardised) IBSI-standardised)"),
                       ("Text columns left out", t.textColumns.isEmpty ? "0" : "\(t.textColumns.count): " + t.textColumns.prefix(8).joined(separator: ", ")),
                       ("All NaN", "\(allNaN.count)"), ("With NaN or ±Inf", "\(withNaN.count)"),
                       ("Constant", "\(constant.count)"), ("Near-constant", "\(nearConstant.count)"),
                       ("Correlation clusters (|ρ| > \(CohortReport.threshold))", "\(r.clusters.count), \(r.clusters.reduce(0) { $0 + $1.members.count }) features"),
                       ("Features with far-out outliers", "\(s.filter { !$0.outliers.isEmpty }.count)")] {
            h.raw("<tr><th>\(escape(k))</th><td>\(escape(v))</td></tr>")
        }
        h.raw("</table><p class=\"note\">Statistics are over the \(r.goodRows.count) rows without an error.</p></section>\n")

        h.raw("<section id=\"failures\"><h2>Failures (\(failed.count))</h2>")
        if failed.isEmpty { h.raw("<p>None.</p>") } else {
            h.raw("<details\(failed.count <= 20 ? " open" : "")><summary>\(failed.count) failed rows</summary><table><tr><th>case</th><th>error</th></tr>")
            for row in failed.prefix(listLimit) { h.raw("<tr><td>\(escape(t.caseNames[row]))</td><td class=\"err\">\(escape(t.errors[row]))</td></tr>") }
            h.raw("</table>\(more(failed.count))</details>")
        }
        h.raw("</section>\n")

        h.raw("<section id=\"quality\"><h2>Data quality</h2>")
        h.raw("<p class=\"note\">Constant: every finite value equal. Near-constant: one value holds ≥ \(Int(FeatureSummary.nearConstantShare * 100)) % of the finite values.</p>")
        list(&h, "All NaN", allNaN.map { s[$0].name })
        list(&h, "NaN or ±Inf", withNaN.sorted { s[$0].nanCount + s[$0].infCount > s[$1].nanCount + s[$1].infCount }
            .map { "\(s[$0].name): \(s[$0].nanCount) NaN, \(s[$0].infCount) Inf" })
        list(&h, "Constant", constant.map { "\(s[$0].name) = \(number(s[$0].minimum))" })
        list(&h, "Near-constant", nearConstant.map { s[$0].name })
        h.raw("</section>\n")

        h.raw("<section id=\"correlation\"><h2>Correlation clusters</h2><p class=\"note\">Features linked by |Spearman ρ| &gt; \(CohortReport.threshold) ")
        h.raw("(transitively), among the \(r.correlated) features finite in every good row and not constant. Keeping one per cluster removes the redundancy.</p>")
        for c in r.clusters.prefix(listLimit) {
            let names = c.members.map { t.featureNames[$0] }
            h.raw("<details><summary>\(c.members.count) features, |ρ| up to \(number(c.strongest)): \(escape(names[0])), …</summary><p class=\"names\">")
            h.raw(names.map(escape).joined(separator: " · "))
            h.raw("</p></details>")
        }
        h.raw(more(r.clusters.count) + "</section>\n")

        h.raw("<section id=\"outliers\"><h2>Outlying cases</h2><p class=\"note\">Cases beyond Tukey's far-out fences (Q1 − 3·IQR, Q3 + 3·IQR) in the most features.</p>")
        if r.outlyingCases.isEmpty { h.raw("<p>None.</p>") } else {
            h.raw("<table><tr><th>case</th><th>features</th></tr>")
            for o in r.outlyingCases.prefix(30) { h.raw("<tr><td>\(escape(t.caseNames[o.row]))</td><td>\(o.features)</td></tr>") }
            h.raw("</table>")
        }
        h.raw("</section>\n")

        featureTables(&h, r)
        if !thumbnails.isEmpty {
            h.raw("<section id=\"qc\"><h2>QC pictures (\(thumbnails.count))</h2>")
            if let qcNote { h.raw("<p class=\"note\">\(escape(qcNote))</p>") }
            h.raw("<div class=\"qc\">")
            for th in thumbnails {
                let src = th.png.map { "data:image/png;base64," + $0.base64EncodedString() } ?? escape(th.link ?? "")
                h.raw("<figure><img src=\"\(src)\" alt=\"QC \(escape(th.caption))\" loading=\"lazy\"><figcaption>\(escape(th.caption))</figcaption></figure>")
            }
            h.raw("</div></section>\n")
        }
        h.raw("</body></html>\n")
        return h.text
    }

    /// Per family, folded tables of every feature: IBSI status, counts, summary numbers, a
    /// histogram with a box plot, and its outliers by case.
    static func featureTables(_ h: inout HTMLText, _ r: CohortReport) {
        h.raw("<section id=\"features\"><h2>Features</h2><p class=\"note\">Histogram (16 bins, min to max) over a box plot (whiskers min–max, box Q1–Q3, median). ")
        h.raw("IBSI: the identifier of a standardised feature in the IBSI reference manual.</p>")
        var groups: [String: [Int]] = [:], order: [String] = []
        for (f, st) in r.statuses.enumerated() {
            if groups[st.group] == nil { order.append(st.group) }
            groups[st.group, default: []].append(f)
        }
        for (n, g) in order.enumerated() {
            let members = groups[g]!
            // The first family open, as an example of what every fold holds.
            h.raw("<details\(n == 0 ? " open" : "")><summary>\(escape(g)) — \(members.count) features</summary>")
            for start in stride(from: 0, to: members.count, by: pageSize) {
                let page = members[start..<min(start + pageSize, members.count)]
                let paged = members.count > pageSize
                if paged { h.raw("<details class=\"page\"><summary>features \(start + 1)–\(start + page.count)</summary>") }
                h.raw("<table class=\"f\"><tr><th>feature</th><th>IBSI</th><th>finite</th><th>NaN</th><th>Inf</th><th>min</th><th>median</th><th>max</th><th>distribution</th><th>outliers</th></tr>")
                for f in page { featureRow(&h, r, f) }
                h.raw("</table>")
                if paged { h.raw("</details>") }
            }
            h.raw("</details>\n")
        }
        h.raw("</section>\n")
    }

    static func featureRow(_ h: inout HTMLText, _ r: CohortReport, _ f: Int) {
        let s = r.summaries[f], st = r.statuses[f]
        let ibsi: String
        switch st.kind {
        case .ibsi: ibsi = st.identifier.map { "<span class=\"ok\">\($0)</span>" } ?? "<span class=\"no\">not standardised</span>"
        case .diagnostic: ibsi = "diagnostic"
        case .pyradiomics: ibsi = "pyradiomics"
        case .unknown: ibsi = "?"
        }
        let title = st.info.map { " title=\"\(escape($0.name + ": " + $0.definition))\"" } ?? ""
        var flags = ""
        if s.isConstant { flags += " <span class=\"no\">constant</span>" } else if s.isNearConstant { flags += " <span class=\"no\">near-constant</span>" }
        let outliers = s.outliers.prefix(3).map { "\(escape(r.table.caseNames[$0.row])) (\(number($0.value)))" }.joined(separator: ", ")
            + (s.outliers.count > 3 ? " +\(s.outliers.count - 3)" : "")
        h.raw("<tr><td\(title)>\(escape(s.name))\(flags)</td><td>\(ibsi)</td><td>\(s.finiteCount)</td><td>\(s.nanCount)</td><td>\(s.infCount)</td>")
        h.raw("<td>\(number(s.minimum))</td><td>\(number(s.median))</td><td>\(number(s.maximum))</td><td>\(sparkline(s))</td><td>\(outliers)</td></tr>")
    }

    /// 64×20 SVG: histogram bars above a box plot.
    static func sparkline(_ s: FeatureSummary) -> String {
        guard s.finiteCount > 0, let top = s.histogram.max(), top > 0 else { return "" }
        var d = ""
        for (b, c) in s.histogram.enumerated() where c > 0 {
            let hgt = max(1, Int((12 * Double(c) / Double(top)).rounded()))
            d += "M\(4 * b) 13v-\(hgt)h3.5v\(hgt)z"
        }
        let span = s.maximum - s.minimum
        func x(_ v: Double) -> String { span > 0 ? String(format: "%.1f", 64 * (v - s.minimum) / span) : "32" }
        return "<svg viewBox=\"0 0 64 20\" width=\"64\" height=\"20\"><path d=\"\(d)\"/><path class=\"b\" d=\"M0 17.5H64M\(x(s.q1)) 15.5H\(x(s.q3))V19.5H\(x(s.q1))z\"/><path class=\"m\" d=\"M\(x(s.median)) 15V20\"/></svg>"
    }

    static func list(_ h: inout HTMLText, _ title: String, _ items: [String]) {
        h.raw("<details><summary>\(escape(title)): \(items.count)</summary>")
        if !items.isEmpty { h.raw("<p class=\"names\">" + items.prefix(listLimit).map(escape).joined(separator: " · ") + "</p>") }
        h.raw(more(items.count) + "</details>")
    }

    static func more(_ count: Int) -> String { count > listLimit ? "<p class=\"note\">… and \(count - listLimit) more not shown.</p>" : "" }

    static func number(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "Inf" : "-Inf" }
        return String(format: "%.4g", v)
    }

    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static let css = """
        body{font:14px/1.4 system-ui,sans-serif;margin:1.5em auto;max-width:1200px;padding:0 1em;color:#222;background:#fff}\
        h1{margin-bottom:0}.sub,.note{color:#666}nav a{margin-right:1em}section{margin-top:1.5em}\
        table{border-collapse:collapse;margin:.4em 0}th,td{border-bottom:1px solid #ddd;padding:2px 8px;text-align:left;vertical-align:middle}\
        table.kv th{font-weight:normal;color:#555}table.f td:nth-child(n+3):nth-child(-n+8){text-align:right;font-variant-numeric:tabular-nums}\
        summary{cursor:pointer;padding:2px 0}details{margin:.2em 0 .2em .5em}details.page{margin-left:1.5em}\
        .names{font-family:ui-monospace,monospace;font-size:12px;word-break:break-word}.err{color:#a00;font-family:ui-monospace,monospace;font-size:12px}\
        .ok{color:#070;font-family:ui-monospace,monospace}.no{color:#a60}\
        svg path{fill:#4a78b0}svg path.b{fill:#cfe0f3;stroke:#345;stroke-width:.6}svg path.m{stroke:#c00;stroke-width:1.2}\
        .qc{display:flex;flex-wrap:wrap;gap:8px}.qc figure{margin:0;width:360px}.qc img{width:100%;border:1px solid #ccc}figcaption{font-size:12px;color:#555}
        """
}

/// Builds the page in one growing string.
struct HTMLText {
    var text = ""
    mutating func raw(_ s: String) { text += s }
}
