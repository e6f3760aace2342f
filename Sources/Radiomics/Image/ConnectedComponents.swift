extension MaskVolume {
    /// Number of 26-connected components (SimpleITK ConnectedComponent, fully connected).
    var componentCount26: Int {
        let s = size
        var seen = [Bool](repeating: false, count: voxels.count)
        var count = 0
        var stack: [SIMD3<Int>] = []
        for k in 0..<s.z { for j in 0..<s.y { for i in 0..<s.x {
            let n = linearIndex(i, j, k)
            guard voxels[n] != 0, !seen[n] else { continue }
            count += 1
            seen[n] = true
            stack.append(SIMD3(i, j, k))
            while let p = stack.popLast() {
                for dz in -1...1 { for dy in -1...1 { for dx in -1...1 {
                    let q = p &+ SIMD3(dx, dy, dz)
                    guard q.x >= 0, q.y >= 0, q.z >= 0, q.x < s.x, q.y < s.y, q.z < s.z else { continue }
                    let m = linearIndex(q.x, q.y, q.z)
                    if voxels[m] != 0 && !seen[m] { seen[m] = true; stack.append(q) }
                } } }
            }
        } } }
        return count
    }
}
