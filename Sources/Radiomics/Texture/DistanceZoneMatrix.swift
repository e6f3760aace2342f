/// Grey level distance zone matrix (GLDZM, IBSI 1 §3.9): zones (on the intensity mask) counted
/// by grey level i and smallest distance j to the ROI edge (on the morphological mask).
enum DistanceZoneMatrix {
    /// The planar distance map, computed once for all slices.
    /// `table`: the zones labelled ahead for this grid (`ZoneTable`), if any.
    static func slice(_ grid: TextureGrid, z: Int, planarDistances: [Int32], table: ZoneTable? = nil) -> LevelMatrix {
        matrix(table?.slices[z] ?? Zones.find(grid, z: z, distances: planarDistances), grid: grid, voxelCount: grid.voxelCount(slice: z))
    }

    static func volume(_ grid: TextureGrid, table: ZoneTable? = nil) -> LevelMatrix {
        matrix(table?.volume ?? Zones.find(grid, z: nil, distances: Zones.distanceMap(grid, planar: false)), grid: grid, voxelCount: grid.voxelCount)
    }

    private static func matrix(_ zones: [Zone], grid: TextureGrid, voxelCount: Int) -> LevelMatrix {
        LevelMatrix(entries: zones.map { ($0.level, $0.distance) }, levelCount: grid.levelCount, voxelCount: voxelCount)
    }
}
