/// A 5×7 pixel font of capitals, digits and common punctuation, for the labels of QC pictures
/// (no font file, no dependency). Lower-case letters are drawn as capitals; any other character
/// as '?'.
public enum BitmapFont {
    public static let glyphWidth = 5, glyphHeight = 7, advance = 6

    /// Rows of a glyph, top first; bit 4 is the leftmost pixel.
    public static func glyph(_ c: Character) -> [UInt8] {
        let up = Character(c.uppercased())
        return glyphs[up] ?? glyphs["?"]!
    }

    /// Width in pixels of `text` drawn at `scale`.
    public static func width(_ text: String, scale: Int) -> Int { max(text.count * advance - 1, 0) * scale }

    private static let glyphs: [Character: [UInt8]] = {
        var table: [Character: [UInt8]] = [:]
        for line in source.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 8, let name = parts.first else { continue }
            let c: Character = name == "sp" ? " " : name.first!
            table[c] = parts.dropFirst().map { row in row.reduce(UInt8(0)) { ($0 << 1) | ($1 == "#" ? 1 : 0) } }
        }
        return table
    }()

    private static let source = """
        A .###. #...# #...# ##### #...# #...# #...#
        B ####. #...# #...# ####. #...# #...# ####.
        C .###. #...# #.... #.... #.... #...# .###.
        D ####. #...# #...# #...# #...# #...# ####.
        E ##### #.... #.... ####. #.... #.... #####
        F ##### #.... #.... ####. #.... #.... #....
        G .###. #...# #.... #.### #...# #...# .####
        H #...# #...# #...# ##### #...# #...# #...#
        I .###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.
        J ..### ...#. ...#. ...#. ...#. #..#. .##..
        K #...# #..#. #.#.. ##... #.#.. #..#. #...#
        L #.... #.... #.... #.... #.... #.... #####
        M #...# ##.## #.#.# #.#.# #...# #...# #...#
        N #...# #...# ##..# #.#.# #..## #...# #...#
        O .###. #...# #...# #...# #...# #...# .###.
        P ####. #...# #...# ####. #.... #.... #....
        Q .###. #...# #...# #...# #.#.# #..#. .##.#
        R ####. #...# #...# ####. #.#.. #..#. #...#
        S .#### #.... #.... .###. ....# ....# ####.
        T ##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..
        U #...# #...# #...# #...# #...# #...# .###.
        V #...# #...# #...# #...# #...# .#.#. ..#..
        W #...# #...# #...# #.#.# #.#.# #.#.# .#.#.
        X #...# #...# .#.#. ..#.. .#.#. #...# #...#
        Y #...# #...# .#.#. ..#.. ..#.. ..#.. ..#..
        Z ##### ....# ...#. ..#.. .#... #.... #####
        0 .###. #...# #..## #.#.# ##..# #...# .###.
        1 ..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.
        2 .###. #...# ....# ...#. ..#.. .#... #####
        3 ##### ...#. ..#.. ...#. ....# #...# .###.
        4 ...#. ..##. .#.#. #..#. ##### ...#. ...#.
        5 ##### #.... ####. ....# ....# #...# .###.
        6 ..##. .#... #.... ####. #...# #...# .###.
        7 ##### ....# ...#. ..#.. .#... .#... .#...
        8 .###. #...# #...# .###. #...# #...# .###.
        9 .###. #...# #...# .#### ....# ...#. .##..
        sp ..... ..... ..... ..... ..... ..... .....
        . ..... ..... ..... ..... ..... .##.. .##..
        , ..... ..... ..... ..... .##.. ..#.. .#...
        : ..... .##.. .##.. ..... .##.. .##.. .....
        ; ..... .##.. .##.. ..... .##.. ..#.. .#...
        - ..... ..... ..... ##### ..... ..... .....
        _ ..... ..... ..... ..... ..... ..... #####
        / ....# ...#. ...#. ..#.. .#... .#... #....
        ( ...#. ..#.. .#... .#... .#... ..#.. ...#.
        ) .#... ..#.. ...#. ...#. ...#. ..#.. .#...
        [ .###. .#... .#... .#... .#... .#... .###.
        ] .###. ...#. ...#. ...#. ...#. ...#. .###.
        = ..... ..... ##### ..... ##### ..... .....
        + ..... ..#.. ..#.. ##### ..#.. ..#.. .....
        % ##..# ##.#. ...#. ..#.. .#... .#.## #..##
        # .#.#. .#.#. ##### .#.#. ##### .#.#. .#.#.
        ' ..#.. ..#.. .#... ..... ..... ..... .....
        * ..... ..#.. #.#.# .###. #.#.# ..#.. .....
        < ...#. ..#.. .#... #.... .#... ..#.. ...#.
        > .#... ..#.. ...#. ....# ...#. ..#.. .#...
        ! ..#.. ..#.. ..#.. ..#.. ..#.. ..... ..#..
        ? .###. #...# ....# ...#. ..#.. ..... ..#..
        """
}

extension RGBCanvas {
    /// Draws `text` with its top-left corner at (x, y), each font pixel a `scale`² square.
    public mutating func text(_ text: String, x: Int, y: Int, scale: Int = 2, _ colour: Colour = .white) {
        var cx = x
        for c in text {
            let rows = BitmapFont.glyph(c)
            for (r, bits) in rows.enumerated() {
                for col in 0..<BitmapFont.glyphWidth where bits & (0x10 >> UInt8(col)) != 0 {
                    fill(x: cx + col * scale, y: y + r * scale, width: scale, height: scale, colour)
                }
            }
            cx += BitmapFont.advance * scale
        }
    }
}
