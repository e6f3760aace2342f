import XCTest
@testable import Radiomics

/// The digital phantom's texture matrices, compared cell by cell with IBSI 1 chapter 6
/// ("Digital phantom texture matrices", copied to `Fixtures/ibsi/manual/`).
final class TextureMatrixTests: XCTestCase {
    /// One printed table: rows of (i, j, value) with the number of decimals the value was printed with.
    struct Table {
        var rows: [(i: Int, j: Double, value: Double, jDecimals: Int, decimals: Int)]
    }

    /// Tables of each section of chapter 6, keyed by section title, in document order.
    static func manualTables() throws -> [String: [Table]] {
        let text = try String(contentsOfFile: FixturePath.path("ibsi/manual/06_Digital_phantom_texture_matrices.rst"), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        var sections: [String: [Table]] = [:]
        var section = "", current: Table? = nil, inBody = false
        for (n, line) in lines.enumerated() {
            if n + 1 < lines.count, lines[n + 1].hasPrefix("----"), !line.isEmpty, !line.hasPrefix(" ") {
                section = line
                continue
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("+===") { inBody = true; current = Table(rows: []); continue }
            if inBody, trimmed.hasPrefix("|") {
                let cells = trimmed.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                guard cells.count == 3, let i = Double(cells[0]), let j = Double(cells[1]), let v = Double(cells[2]) else {
                    XCTFail("unreadable row: \(line)")
                    continue
                }
                func decimals(_ s: String) -> Int { s.split(separator: ".").dropFirst().first?.count ?? 0 }
                current!.rows.append((Int(i), j, v, decimals(cells[1]), decimals(cells[2])))
                continue
            }
            if inBody, trimmed.isEmpty {
                sections[section, default: []].append(current!)
                inBody = false
            }
        }
        return sections
    }

    static func phantomGrid() throws -> TextureGrid {
        let image = try NIfTIReader.read(FixturePath.digitalImage)
        let mask = try MaskIO.readMasks(FixturePath.digitalMask, image: image.geometry, selection: .automatic)[0].mask
        var settings = ExtractionSettings()
        settings.discretisation = .none
        let context = try Preprocessor.prepare(image: image, mask: mask, settings: settings).context
        return TextureGrid(context, padding: 1)
    }

    /// Non-zero cells of a computed matrix as (i, j, value).
    static func cells(_ m: CooccurrenceMatrix) -> [(Int, Double, Double)] {
        var out: [(Int, Double, Double)] = []
        for i in 1...m.levelCount { for j in 1...m.levelCount where m.count(i, j) != 0 { out.append((i, Double(j), Double(m.count(i, j)))) } }
        return out
    }

    static func cells(_ m: LevelMatrix) -> [(Int, Double, Double)] { m.cells.map { ($0.i, Double($0.j), Double($0.n)) } }

    /// The manual prints the 2D directional matrices direction by direction, slices in z order;
    /// its k-th direction is `TextureDirections.twoD[manual2D[k]]` (the manual's axes are flipped
    /// relative to the NIfTI's LPS voxel axes, hence the order).
    static let manual2D = [2, 3, 0, 1]
    /// Its k-th 3D direction is `TextureDirections.threeD[manual3D[k]]`.
    static let manual3D = [4, 8, 2, 7, 10, 3, 11, 6, 0, 5, 12, 1, 9]

    private func compare(_ computed: [(Int, Double, Double)], _ table: Table, _ what: String,
                         file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(computed.count, table.rows.count, "\(what): number of non-zero cells", file: file, line: line)
        for (c, r) in zip(computed, table.rows) {
            XCTAssertEqual(c.0, r.i, "\(what): grey level", file: file, line: line)
            XCTAssertEqual(c.1, r.j, accuracy: 0.5 * pow(10, -Double(r.jDecimals)) + 1e-9, "\(what): cell (\(r.i), \(r.j))", file: file, line: line)
            XCTAssertEqual(c.2, r.value, accuracy: 0.5 * pow(10, -Double(r.decimals)) + 1e-9, "\(what): cell (\(r.i), \(r.j))", file: file, line: line)
        }
    }

    private func tables(_ all: [String: [Table]], _ section: String, count: Int) throws -> [Table] {
        let t = try XCTUnwrap(all[section], section)
        XCTAssertEqual(t.count, count, section)
        return t
    }

    func testCooccurrenceMatrices() throws {
        let all = try Self.manualTables(), grid = try Self.phantomGrid(), slices = grid.occupiedSlices
        XCTAssertEqual(slices.count, 4)
        let perSlice = slices.map { CooccurrenceMatrix.slice(grid, z: $0, distance: 1) }
        for (t, table) in try tables(all, "Grey level co-occurrence matrix (2D)", count: 16).enumerated() {
            compare(Self.cells(perSlice[t % 4][Self.manual2D[t / 4]]), table, "GLCM 2D table \(t)")
        }
        for (s, table) in try tables(all, "Grey level co-occurrence matrix (2D, merged)", count: 4).enumerated() {
            compare(Self.cells(CooccurrenceMatrix.merged(perSlice[s], levelCount: grid.levelCount)), table, "GLCM 2D merged slice \(s)")
        }
        let volume = CooccurrenceMatrix.volume(grid, distance: 1)
        for (t, table) in try tables(all, "Grey level co-occurrence matrix (3D)", count: 13).enumerated() {
            compare(Self.cells(volume[Self.manual3D[t]]), table, "GLCM 3D table \(t)")
        }
        let merged = try tables(all, "Grey level co-occurrence matrix (3D, merged)", count: 1)[0]
        compare(Self.cells(CooccurrenceMatrix.merged(volume, levelCount: grid.levelCount)), merged, "GLCM 3D merged")
    }

    func testRunLengthMatrices() throws {
        let all = try Self.manualTables(), grid = try Self.phantomGrid(), slices = grid.occupiedSlices
        let perSlice = slices.map { RunLengthMatrix.slice(grid, z: $0) }
        for (t, table) in try tables(all, "Grey level run length matrix (2D)", count: 16).enumerated() {
            compare(Self.cells(perSlice[t % 4][Self.manual2D[t / 4]]), table, "GLRLM 2D table \(t)")
        }
        for (s, table) in try tables(all, "Grey level run length matrix (2D, merged)", count: 4).enumerated() {
            compare(Self.cells(LevelMatrix.merged(perSlice[s], levelCount: grid.levelCount)), table, "GLRLM 2D merged slice \(s)")
        }
        let volume = RunLengthMatrix.volume(grid)
        for (t, table) in try tables(all, "Grey level run length matrix (3D)", count: 13).enumerated() {
            compare(Self.cells(volume[Self.manual3D[t]]), table, "GLRLM 3D table \(t)")
        }
        let merged = try tables(all, "Grey level run length matrix (3D, merged)", count: 1)[0]
        compare(Self.cells(LevelMatrix.merged(volume, levelCount: grid.levelCount)), merged, "GLRLM 3D merged")
    }

    func testZoneMatrices() throws {
        let all = try Self.manualTables(), grid = try Self.phantomGrid(), slices = grid.occupiedSlices
        for (s, table) in try tables(all, "Grey level size zone matrix (2D)", count: 4).enumerated() {
            compare(Self.cells(SizeZoneMatrix.slice(grid, z: slices[s])), table, "GLSZM 2D slice \(s)")
        }
        compare(Self.cells(SizeZoneMatrix.volume(grid)), try tables(all, "Grey level size zone matrix (3D)", count: 1)[0], "GLSZM 3D")
        let planar = Zones.distanceMap(grid, planar: true)
        for (s, table) in try tables(all, "Grey level distance zone matrix (2D)", count: 4).enumerated() {
            compare(Self.cells(DistanceZoneMatrix.slice(grid, z: slices[s], planarDistances: planar)), table, "GLDZM 2D slice \(s)")
        }
        compare(Self.cells(DistanceZoneMatrix.volume(grid)), try tables(all, "Grey level distance zone matrix (3D)", count: 1)[0], "GLDZM 3D")
    }

    func testNeighbourhoodMatrices() throws {
        let all = try Self.manualTables(), grid = try Self.phantomGrid(), slices = grid.occupiedSlices
        // NGTDM tables list (i, s_i, n_i) for the grey levels with n_i > 0.
        func cells(_ m: NeighbourhoodGreyToneDifferenceMatrix) -> [(Int, Double, Double)] {
            (0..<m.levelCount).filter { m.n[$0] > 0 }.map { ($0 + 1, m.s[$0], Double(m.n[$0])) }
        }
        for (s, table) in try tables(all, "Neighbourhood grey tone difference matrix (2D)", count: 4).enumerated() {
            compare(cells(NeighbourhoodGreyToneDifferenceMatrix.slice(grid, z: slices[s], distance: 1)), table, "NGTDM 2D slice \(s)")
        }
        compare(cells(NeighbourhoodGreyToneDifferenceMatrix.volume(grid, distance: 1)),
                try tables(all, "Neighbourhood grey tone difference matrix (3D)", count: 1)[0], "NGTDM 3D")
        for (s, table) in try tables(all, "Neighbouring grey level dependence matrix (2D)", count: 4).enumerated() {
            compare(Self.cells(NeighbouringGreyLevelDependenceMatrix.slice(grid, z: slices[s], distance: 1, coarseness: 0)), table,
                    "NGLDM 2D slice \(s)")
        }
        compare(Self.cells(NeighbouringGreyLevelDependenceMatrix.volume(grid, distance: 1, coarseness: 0)),
                try tables(all, "Neighbouring grey level dependence matrix (3D)", count: 1)[0], "NGLDM 3D")
    }

    /// pyradiomics' GLDM with α = 0 is the NGLDM with δ = 1, α = 0.
    func testGLDMIsNGLDMAtDistanceOne() throws {
        let grid = try Self.phantomGrid()
        XCTAssertEqual(GreyLevelDependenceMatrix.build(grid, alpha: 0, planar: false),
                       NeighbouringGreyLevelDependenceMatrix.volume(grid, distance: 1, coarseness: 0))
        let merged = LevelMatrix.merged(grid.occupiedSlices.map { NeighbouringGreyLevelDependenceMatrix.slice(grid, z: $0, distance: 1, coarseness: 0) },
                                        levelCount: grid.levelCount)
        XCTAssertEqual(GreyLevelDependenceMatrix.build(grid, alpha: 0, planar: true), merged)
        XCTAssertEqual(merged.total, grid.voxelCount)
    }
}
