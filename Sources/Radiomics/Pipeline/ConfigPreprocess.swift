import Foundation
import Yams

extension ConfigFile {
    /// `preprocess: {n4: {shrink: 4, iterations: [50, 50, 30, 20], mask: roi|otsu|FILE}}`;
    /// `n4: {}` (or `n4: default`) takes every default (shrink 4, iterations [50, 50, 30, 20],
    /// mask roi). A relative mask FILE is relative to the config file's folder.
    static func preprocess(_ node: Node, _ r: Reader) throws(RadiomicsError) -> ImagePreprocessing? {
        if r.isNull(node) || node.scalar?.string == "none" { return nil }
        var p = ImagePreprocessing()
        for (k, v) in try r.mapping(node, path: "preprocess") {
            let key = try r.key(k, path: "preprocess")
            switch key {
            case "n4": p.n4 = try n4(v, r)
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
}
