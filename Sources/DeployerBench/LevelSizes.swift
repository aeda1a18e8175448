import ArgumentParser

/// `--levels 6,5,3,2`: packages per level of the generated dependency DAG, bottom first.
struct LevelSizes: Sendable, Equatable {
    var sizes: [Int]

    static let standard = LevelSizes(sizes: [6, 5, 3, 2])

    static func parse(_ text: String) throws -> LevelSizes {
        let sizes = text.split(separator: ",").map { Int($0) }
        guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw ValidationError("--levels needs positive integers separated by commas")
        }
        return LevelSizes(sizes: sizes.compactMap { $0 })
    }
}
