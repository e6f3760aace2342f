/// 26-connected components of a mask.
public enum Components {
    /// Each component of `mask` with at least `minimumVoxels` voxels, as a mask on the same grid,
    /// by decreasing size; equal sizes keep the order of their first voxel (x fastest, then y, z).
    public static func split(_ mask: MaskVolume, minimumVoxels: Int = 1) -> [MaskVolume] {
        // Labelled on the ROI's box: its order of first voxels is that of the whole grid.
        guard let roiBox = mask.boundingBox else { return [] }
        let local = mask.cropped(to: roiBox)
        let (labels, sizes, boxes) = labelled(local)
        let order = sizes.indices.filter { sizes[$0] >= minimumVoxels }.sorted { sizes[$0] != sizes[$1] ? sizes[$0] > sizes[$1] : $0 < $1 }
        return order.map { c in
            // Only the component's box is visited: many small lesions on a large grid stay cheap.
            let id = Int32(c + 1), box = boxes[c], shift = roiBox.lower
            var out = MaskVolume(geometry: mask.geometry, repeating: 0)
            for k in box.lower.z...box.upper.z {
                for j in box.lower.y...box.upper.y {
                    let from = local.linearIndex(0, j, k), to = mask.linearIndex(shift.x, j + shift.y, k + shift.z)
                    for i in box.lower.x...box.upper.x where labels[from + i] == id { out.voxels[to + i] = 1 }
                }
            }
            return out
        }
    }

    /// Component number (1, 2, … in order of first voxel; 0 outside) of every voxel, and the
    /// size of each component.
    public static func label(_ mask: MaskVolume) -> (labels: [Int32], sizes: [Int]) {
        let (labels, sizes, _) = labelled(mask)
        return (labels, sizes)
    }

    private static func labelled(_ mask: MaskVolume) -> (labels: [Int32], sizes: [Int], boxes: [IndexBox]) {
        let s = mask.size
        var labels = [Int32](repeating: 0, count: mask.voxels.count)
        var sizes: [Int] = [], boxes: [IndexBox] = []
        var stack: [Int] = []
        guard let box = mask.boundingBox else { return (labels, sizes, boxes) }
        for k in box.lower.z...box.upper.z {
            for j in box.lower.y...box.upper.y {
                for i in box.lower.x...box.upper.x {
                    let n = mask.linearIndex(i, j, k)
                    guard mask.voxels[n] != 0, labels[n] == 0 else { continue }
                    let id = Int32(sizes.count + 1)
                    var size = 0
                    var lo = SIMD3(i, j, k), hi = lo
                    labels[n] = id
                    stack.append(n)
                    while let p = stack.popLast() {
                        size += 1
                        let (pi, pj, pk) = (p % s.x, (p / s.x) % s.y, p / (s.x * s.y))
                        lo = pointwiseMin(lo, SIMD3(pi, pj, pk))
                        hi = pointwiseMax(hi, SIMD3(pi, pj, pk))
                        for dk in -1...1 where pk + dk >= 0 && pk + dk < s.z {
                            for dj in -1...1 where pj + dj >= 0 && pj + dj < s.y {
                                for di in -1...1 where pi + di >= 0 && pi + di < s.x {
                                    let q = mask.linearIndex(pi + di, pj + dj, pk + dk)
                                    if mask.voxels[q] != 0 && labels[q] == 0 { labels[q] = id; stack.append(q) }
                                }
                            }
                        }
                    }
                    sizes.append(size)
                    boxes.append(IndexBox(lower: lo, upper: hi))
                }
            }
        }
        return (labels, sizes, boxes)
    }
}
