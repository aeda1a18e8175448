import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

@testable import ReleaseCompiler

/// Numbers at the edge of Go's integer types reach job templates as bosh-cli hands them over:
/// a uint64 property (yaml.v2's type for integers above Int64.max) is written as JSON digits,
/// so Ruby reads an Integer; a whole float Go writes without an exponent is an Integer too.
@Suite(.serialized) struct LargeIntegerRenderTests {
    let spec = """
        ---
        name: numbers
        templates:
          numbers.erb: config/numbers.txt
        packages: []
        properties:
          big:
            description: set by the operator
          wide:
            description: a float Go writes as plain digits
          spec_default:
            default: 18446744073709551615
        """

    let template = """
        big=<%= p("big") %> <%= p("big").class %>
        wide=<%= p("wide") %> <%= p("wide").class %>
        default=<%= p("spec_default") %> <%= p("spec_default").class %>

        """

    func render(_ properties: PropertyValue) async throws -> String {
        let dir = try TemporaryDirectory("large-int")
        try dir.write("job/job.MF", spec)
        try dir.write("job/monit", "")
        try dir.write("job/templates/numbers.erb", template)
        let manifest = try JobManifest.read(path: dir.path + "/job/job.MF")
        let job = ExtractedJob(manifest: manifest, fingerprint: "fp", directory: dir.path + "/job")
        let context = RenderContext(deployment: "d", clusterProperties: properties)
        _ = try await RubyERBRenderer().render(job: job, context: context, into: dir.path + "/out")
        return try dir.read("out/config/numbers.txt")
    }

    @Test func unsignedAndWholeFloatPropertiesArriveAsIntegers() async throws {
        let text = try await render(
            .object([
                "big": .uint(UInt64.max),
                "wide": .double(1e20),
            ]))
        #expect(
            text == """
                big=18446744073709551615 Integer
                wide=100000000000000000000 Integer
                default=18446744073709551615 Integer

                """)
    }

    @Test func aFloatBeyondGoPlainRangeStaysAFloat() async throws {
        // Go writes 1e21 and above with an exponent, which Ruby reads as a Float.
        let text = try await render(.object(["big": .uint(1 << 63), "wide": .double(1e21)]))
        #expect(text.hasPrefix("big=9223372036854775808 Integer\nwide=1.0e+21 Float\n"))
    }
}
