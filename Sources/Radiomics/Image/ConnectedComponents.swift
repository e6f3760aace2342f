extension MaskVolume {
    /// Number of 26-connected components (SimpleITK ConnectedComponent, fully connected).
    ///
    /// A depth-first fill on a copy of the mask with a one-voxel border of zeros: neighbours are
    /// fixed linear offsets, no bounds checks, and a visited voxel is cleared in the copy (a
    /// 163k-voxel ROI takes a few ms; it sits between the read and the features).
    var componentCount26: Int {
        let s = size
        let (px, py, pz) = (s.x + 2, s.y + 2, s.z + 2)
        var grid = [UInt8](repeating: 0, count: px * py * pz)
        voxels.withUnsafeBufferPointer { v in
            grid.withUnsafeMutableBufferPointer { g in
                for k in 0..<s.z { for j in 0..<s.y {
                    let from = s.x * (j + s.y * k), to = 1 + px * (j + 1 + py * (k + 1))
                    for i in 0..<s.x { g[to + i] = v[from + i] != 0 ? 1 : 0 }
                } }
            }
        }
        var offsets: [Int] = []
        for dz in -1...1 { for dy in -1...1 { for dx in -1...1 where dx != 0 || dy != 0 || dz != 0 {
            offsets.append(dx + px * (dy + py * dz))
        } } }
        var count = 0
        var stack: [Int] = []
        grid.withUnsafeMutableBufferPointer { g in
            for n in g.indices where g[n] != 0 {
                count += 1
                g[n] = 0
                stack.append(n)
                while let p = stack.popLast() {
                    for o in offsets where g[p + o] != 0 {
                        g[p + o] = 0
                        stack.append(p + o)
                    }
                }
            }
        }
        return count
    }
}
