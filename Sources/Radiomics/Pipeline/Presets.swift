/// Built-in named settings (`--preset NAME`; `radiomics presets` lists them).
public struct Preset: Sendable {
    public var name: String
    public var summary: String
    public var settings: ExtractionSettings
}

public enum Presets {
    public static var all: [Preset] {
        [
            Preset(name: "default", summary: "IBSI definitions, no interpolation, fixed bin size 25, 3D texture, all families",
                   settings: ExtractionSettings()),
        ]
    }

    public static func named(_ name: String) -> Preset? {
        all.first { $0.name == name }
    }
}
