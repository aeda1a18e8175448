import ReleaseCompiler
import Testing

@Suite struct StemcellTargetTests {
    @Test func readsOSAndVersionAtTheFirstSlash() {
        #expect(StemcellTarget("ubuntu-jammy/1.83") == StemcellTarget(os: "ubuntu-jammy", version: "1.83"))
        #expect(StemcellTarget("a/b/c") == StemcellTarget(os: "a", version: "b/c"))
        #expect(StemcellTarget("ubuntu-jammy") == nil)
        #expect(StemcellTarget("/1.0") == nil)
        #expect(StemcellTarget("ubuntu-jammy/") == nil)
    }

    @Test(arguments: [
        ("1.83", "1.90", true),
        ("1.83", "1.83", true),
        ("1.83", "2.1", false),
        ("621_125", "621.200", true),
        ("3586.100", "3587", false),
        ("01.2", "1.5", true),
        ("1.0-rc.1", "1.2", true),
        ("1.0+dev.3", "1.9", true),
        ("1..2", "1.2", false),
        ("", "1", false),
    ])
    func theLineIsTheMajorVersion(_ compiled: String, _ used: String, _ fits: Bool) {
        let built = StemcellTarget(os: "ubuntu-jammy", version: compiled)
        #expect(built.isOnSameLine(as: StemcellTarget(os: "ubuntu-jammy", version: used)) == fits)
    }

    @Test func anotherOSIsNeverTheSameLine() {
        let jammy = StemcellTarget(os: "ubuntu-jammy", version: "1.83")
        #expect(!jammy.isOnSameLine(as: StemcellTarget(os: "ubuntu-noble", version: "1.83")))
        #expect(!jammy.isExactly(StemcellTarget(os: "ubuntu-noble", version: "1.83")))
        #expect(jammy.isExactly(StemcellTarget(os: "ubuntu-jammy", version: "1.83")))
        #expect(jammy.lineDescription == "ubuntu-jammy/1.x")
    }
}

@Suite struct CompiledPackageSelectionTests {
    static let jammy = StemcellTarget(os: "ubuntu-jammy", version: "1.83")

    static func entry(_ name: String, stemcell: String? = nil, dependencies: [String] = []) -> ReleaseManifest.Entry {
        .init(
            name: name, version: "fp-\(name)", fingerprint: "fp-\(name)", sha1: "s", dependencies: dependencies,
            stemcell: stemcell)
    }

    static func release(sources: [String], compiled: [(String, String?)]) -> ReleaseManifest {
        ReleaseManifest(
            name: "app", version: "1", packages: sources.map { entry($0) },
            compiledPackages: compiled.map { entry($0.0, stemcell: $0.1) })
    }

    @Test func packagesWithoutSourceNeedTheSameLine() {
        let release = Self.release(
            sources: [],
            compiled: [
                ("exact", "ubuntu-jammy/1.83"), ("newer", "ubuntu-jammy/1.90"), ("noble", "ubuntu-noble/1.83"),
                ("next", "ubuntu-jammy/2.1"), ("unknown", nil),
            ])
        let selection = CompiledPackageSelection.select(
            release: release, needed: ["exact", "newer", "noble", "next", "unknown"], stemcell: Self.jammy)
        #expect(selection.compiled == ["exact", "newer"])
        #expect(selection.unusable.map(\.package) == ["next", "noble", "unknown"])
        #expect(selection.unusable.first?.compiledFor == "ubuntu-jammy/2.1")
        #expect(selection.compiledFromSource.isEmpty)
    }

    @Test func packagesWithSourceUseOnlyAnExactMatchAndCompileOtherwise() {
        let release = Self.release(
            sources: ["exact", "sameLine", "noble", "sourceOnly"],
            compiled: [
                ("exact", "ubuntu-jammy/1.83"), ("sameLine", "ubuntu-jammy/1.90"), ("noble", "ubuntu-noble/1.83"),
            ])
        let selection = CompiledPackageSelection.select(
            release: release, needed: ["exact", "sameLine", "noble", "sourceOnly"], stemcell: Self.jammy)
        #expect(selection.compiled == ["exact"])
        #expect(selection.compiledFromSource.map(\.package) == ["noble", "sameLine"])
        #expect(selection.unusable.isEmpty)
    }

    @Test func packagesNoJobNeedsAreNotJudged() {
        let release = Self.release(sources: [], compiled: [("used", "ubuntu-jammy/1.83"), ("spare", "windows/2019.1")])
        let selection = CompiledPackageSelection.select(release: release, needed: ["used"], stemcell: Self.jammy)
        #expect(selection == CompiledPackageSelection(compiled: ["used"]))
    }

    @Test func theErrorNamesEveryPackageWhatItWasBuiltForAndWhatToDo() {
        let error = CompiledPackageMismatchError(
            stemcellName: "bosh-aws-xen-hvm-ubuntu-noble/1.10",
            stemcell: StemcellTarget(os: "ubuntu-noble", version: "1.10"),
            releases: [
                .init(
                    release: "bosh/280.1.0",
                    packages: [
                        .init(package: "director", fingerprint: "abc", compiledFor: "ubuntu-jammy/1.83"),
                        .init(package: "nginx", fingerprint: "def", compiledFor: ""),
                    ]),
                .init(
                    release: "bpm/1.2.3",
                    packages: [.init(package: "bpm", fingerprint: "123", compiledFor: "ubuntu-jammy/1.83")]),
            ])
        let text = error.description
        #expect(
            text.contains(
                "Can't use release 'bosh/280.1.0' on stemcell 'bosh-aws-xen-hvm-ubuntu-noble/1.10' (ubuntu-noble/1.10)")
        )
        #expect(text.contains(" - 'director/abc' compiled for 'ubuntu-jammy/1.83'"))
        #expect(text.contains(" - 'nginx/def' compiled for 'no stemcell'"))
        #expect(text.contains("Can't use release 'bpm/1.2.3'"))
        #expect(text.contains("`deployer export-release bosh/280.1.0 ubuntu-noble/1.10`"))
        #expect(text.contains("or a stemcell of ubuntu-jammy/1.x"))
    }
}
