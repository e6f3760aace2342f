import Foundation
import Yams

extension ConfigFile {
    /// `preprocess: {n4: {shrink: 4, iterations: [50, 50, 30, 20], mask: roi|otsu|FILE},
    ///              normalise: {method: zscore|percentile|pyradiomics, region: roi|image|otsu|FILE,
    ///                          scale: 1, remove_outliers: 3, percentiles: [1, 99]}}`;
    /// `n4: {}` (or `n4: default`) takes every default (shrink 4, iterations [50, 50, 30, 20],
    /// mask roi). A relative mask FILE is relative to the config file's folder.
    static func preprocess(_ node: Node, _ r: Reader) throws(RadiomicsError) -> ImagePreprocessing? {
        if r.isNull(node) || node.scalar?.string == "none" { return nil }
        var p = ImagePreprocessing()
        for (k, v) in try r.mapping(node, path: "preprocess") {
            let key = try r.key(k, path: "preprocess")
            switch key {
            case "n4": p.n4 = try n4(v, r)
            case "normalise", "normalize": p.normalise = try normalise(v, r)
            default: throw r.unknown(k, "preprocess." + key)
            }
        }
        return p
    }

    static func n4(_ node: Node, _ r: Reader) throws(RadiomicsError) -> ImagePreprocessing.N4Step? {
        if r.isNull(node) || node.scalar?.string == "none" { return nil }
        var step = ImagePreprocessing.N4Step()
        if node.scalar?.string == "default" { return step }
        for (k, v) in try r.mapping(node, path: "preprocess.n4") {
            let key = try r.key(k, path: "preprocess.n4"), path = "preprocess.n4." + key
            switch key {
            case "shrink": step.settings.shrink = try r.int(v, path: path, 1...16)
            case "iterations":
                let items = try r.sequence(v, path: path)
                guard (1...8).contains(items.count) else { throw r.error(v, "'\(path)' must list 1 to 8 iteration counts (one per fitting level)") }
                var counts: [Int] = []
                for item in items { counts.append(try r.int(item, path: path, 1...10_000)) }
                step.settings.iterations = counts
            case "mask":
                let s = try r.string(v, path: path)
                switch s {
                case "roi": step.mask = .roi
                case "otsu": step.mask = .otsu
                case "": throw r.error(v, "'\(path)' must be roi, otsu or a mask file")
                default:
                    let base = URL(fileURLWithPath: r.file).deletingLastPathComponent()
                    step.mask = .file(s.hasPrefix("/") ? s : base.appendingPathComponent(s).path)
                }
            default: throw r.unknown(k, path)
            }
        }
        return step
    }

    static func normalise(_ node: Node, _ r: Reader) throws(RadiomicsError) -> IntensityNormalisation? {
        if r.isNull(node) || node.scalar?.string == "none" { return nil }
        let m = try r.mapping(node, path: "preprocess.normalise")
        guard let methodNode = m["method"] else { throw r.error(node, "'preprocess.normalise.method' is required (zscore, percentile or pyradiomics)") }
        var n = IntensityNormalisation(method: try r.choice(methodNode, path: "preprocess.normalise.method", IntensityNormalisation.Method.allCases))
        var regionGiven = false
        for (k, v) in m {
            let key = try r.key(k, path: "preprocess.normalise"), path = "preprocess.normalise." + key
            switch key {
            case "method": break
            case "region":
                regionGiven = true
                let s = try r.string(v, path: path)
                switch s {
                case "roi": n.region = .roi
                case "image": n.region = .image
                case "otsu": n.region = .otsu
                case "": throw r.error(v, "'\(path)' must be roi, image, otsu or a mask file")
                default:
                    let base = URL(fileURLWithPath: r.file).deletingLastPathComponent()
                    n.region = .file(s.hasPrefix("/") ? s : base.appendingPathComponent(s).path)
                }
            case "scale": n.scale = try r.double(v, path: path, 1e-6...1e6)
            case "remove_outliers":
                guard n.method != .percentile else { throw r.error(k, "'\(path)' applies to zscore and pyradiomics, not percentile") }
                n.removeOutliers = r.isNull(v) ? nil : try r.double(v, path: path, 1e-3...1e3)
            case "percentiles":
                guard n.method == .percentile else { throw r.error(k, "'\(path)' applies to method percentile only") }
                let items = try r.sequence(v, path: path)
                guard items.count == 2 else { throw r.error(v, "'\(path)' must be [lower, upper]") }
                let lo = try r.double(items[0], path: path, 0...100), hi = try r.double(items[1], path: path, 0...100)
                guard lo < hi else { throw r.error(v, "'\(path)': lower \(lo) is not below upper \(hi)") }
                n.percentiles = [lo, hi]
            default: throw r.unknown(k, path)
            }
        }
        if n.method == .pyradiomics {
            if regionGiven, n.region != .image { throw r.error(node, "'preprocess.normalise': method pyradiomics normalises over the whole image (region: image)") }
            n.region = .image
        }
        return n
    }
}
