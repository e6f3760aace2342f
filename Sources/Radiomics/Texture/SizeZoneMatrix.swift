/// Grey level size zone matrix (GLSZM, IBSI 1 §3.8): zones counted by grey level i and size j.
enum SizeZoneMatrix {
    /// `table`: the zones labelled ahead for this grid (`ZoneTable`), if any.
    static func slice(_ grid: TextureGrid, z: Int, table: ZoneTable? = nil) -> LevelMatrix {
        matrix(table?.slices[z] ?? Zones.find(grid, z: z), grid: grid, voxelCount: grid.voxelCount(slice: z))
    }

    static func volume(_ grid: TextureGrid, table: ZoneTable? = nil) -> LevelMatrix {
        matrix(table?.volume ?? Zones.find(grid, z: nil), grid: grid, voxelCount: grid.voxelCount)
    }

    private static func matrix(_ zones: [Zone], grid: TextureGrid, voxelCount: Int) -> LevelMatrix {
        LevelMatrix(entries: zones.map { ($0.level, $0.size) }, levelCount: grid.levelCount, voxelCount: voxelCount)
    }
}
