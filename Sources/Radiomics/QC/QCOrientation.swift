/// Which index axis is displayed along which screen direction, and the patient directions
/// (R/L/A/P/S/I) the screen edges face, from the image's direction matrix (LPS).
///
/// Views follow the radiological convention: axial with the patient's right on the left and
/// anterior up; coronal with right on the left and superior up; sagittal with anterior on the
/// left and superior up. An oblique grid is shown along the index axes nearest to those.
public struct QCView: Equatable, Sendable {
    public enum Plane: String, Sendable { case axial, coronal, sagittal }

    public var plane: Plane
    /// Index axis held fixed (the slice), and those along screen x and screen y.
    public var fixed: Int, horizontal: Int, vertical: Int
    /// Whether screen x (y) runs against the index axis.
    public var flipHorizontal: Bool, flipVertical: Bool
    /// Letters of the left, right, top and bottom edges.
    public var left: Character, right: Character, top: Character, bottom: Character

    public init(_ plane: Plane, geometry: Geometry) {
        self.plane = plane
        // Dominant LPS component of each index axis; a degenerate (tied) matrix falls back to i→x, j→y, k→z.
        var component = (0..<3).map { a -> Int in
            let v = geometry.axis(a)
            return (0..<3).max { Swift.abs(v[$0]) < Swift.abs(v[$1]) }!
        }
        if Set(component).count != 3 { component = [0, 1, 2] }
        func axis(of c: Int) -> Int { component.firstIndex(of: c)! }
        func sign(_ a: Int) -> Double { geometry.axis(a)[component[a]] < 0 ? -1 : 1 }
        // (fixed LPS component, screen-x component and its sign, screen-y component and its sign)
        let (f, hc, hs, vc, vs): (Int, Int, Double, Int, Double) = switch plane {
        case .axial: (2, 0, 1, 1, 1)        // right → +x (L), down → +y (P)
        case .coronal: (1, 0, 1, 2, -1)     // right → +x (L), down → −z (I)
        case .sagittal: (0, 1, 1, 2, -1)    // right → +y (P), down → −z (I)
        }
        fixed = axis(of: f)
        horizontal = axis(of: hc)
        vertical = axis(of: vc)
        flipHorizontal = sign(horizontal) * hs < 0
        flipVertical = sign(vertical) * vs < 0
        let screenRight = geometry.axis(horizontal) * (flipHorizontal ? -1 : 1)
        let screenDown = geometry.axis(vertical) * (flipVertical ? -1 : 1)
        right = Self.letter(screenRight)
        left = Self.letter(-screenRight)
        bottom = Self.letter(screenDown)
        top = Self.letter(-screenDown)
    }

    /// The patient direction an LPS vector mostly points to.
    public static func letter(_ v: SIMD3<Double>) -> Character {
        let c = (0..<3).max { Swift.abs(v[$0]) < Swift.abs(v[$1]) }!
        let positive = v[c] >= 0
        switch c {
        case 0: return positive ? "L" : "R"
        case 1: return positive ? "P" : "A"
        default: return positive ? "S" : "I"
        }
    }
}
