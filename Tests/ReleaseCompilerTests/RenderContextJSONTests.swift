import DeployerSupport
import Testing

@testable import ReleaseCompiler

/// The context is bosh-cli's `erb-context.json`: its fields, in its order, with Go's nulls and
/// omissions, and nothing the Director adds (`spec.name`, `spec.ip`, links).
@Suite(.serialized) struct RenderContextJSONTests {
    let manifest = JobManifest(
        name: "web", properties: ["web.port": .init(defaultValue: 8080), "a": .init()])

    @Test func writesTheGoStructFieldsInOrderWithSortedMaps() {
        let context = RenderContext(
            deployment: "dep", clusterProperties: ["b": 1, "a": ["z": 1, "c": 2]])
        #expect(
            context.jsonText(for: manifest, id: "the-id") == """
                {"index":0,"id":"the-id","az":"unknown","bootstrap":true,"job":{"name":"web"},"deployment":"dep",\
                "networks":{"default":{"ip":"","netmask":"","gateway":""}},"global_properties":{},\
                "cluster_properties":{"a":{"c":2,"z":1},"b":1},"job_properties":null,\
                "default_properties":{"a":null,"web.port":8080}}
                """)
    }

    @Test(arguments: [nil, ""]) func anEmptyAddressIsLeftOut(address: String?) {
        let text = RenderContext(deployment: "d", address: address).jsonText(for: manifest, id: "i")
        #expect(!text.contains("address"))
    }

    @Test func anAddressFollowsTheDeploymentAndJobPropertiesAreWrittenWhenSet() {
        let text = RenderContext(deployment: "d", address: "10.0.0.5", jobProperties: ["x": "<&>"])
            .jsonText(for: manifest, id: "i")
        #expect(text.contains(#""deployment":"d","address":"10.0.0.5","networks":"#))
        #expect(text.contains(#""job_properties":{"x":"\u003c\u0026\u003e"},"#))
    }

    static let specTemplate = #"""
        keys: <%= spec.instance_variable_get(:@table).keys.inspect %>
        values: <%= [spec.index, spec.id, spec.az, spec.bootstrap, spec.job.name, spec.deployment, spec.address].inspect %>
        absent: <%= [spec.name, spec.ip, spec.job_properties, spec.links, spec.release].inspect %>
        networks: <%= spec.networks.default.instance_variable_get(:@table).inspect %>
        defaults: <%= spec.default_properties.instance_variable_get(:@table).inspect %> <%= p("a").inspect %>

        """#

    @Test func templatesSeeTheCPIContextOfBoshCLI() async throws {
        let job = try ERBJobFixture(
            properties: "a: {}\nweb.port: {default: 8080}", templates: ["s.erb": Self.specTemplate])
        let output = try await job.render(
            RenderContext(
                deployment: "dep", id: "fixed-id", clusterProperties: ["b": 1, "a": ["z": 1, "c": 2]]))["s.erb"]
        #expect(
            output == """
                keys: [:index, :id, :az, :bootstrap, :job, :deployment, :networks, :global_properties, :cluster_properties, :job_properties, :default_properties]
                values: [0, "fixed-id", "unknown", true, "web", "dep", nil]
                absent: [nil, nil, nil, nil, nil]
                networks: {:ip=>"", :netmask=>"", :gateway=>""}
                defaults: {:a=>nil, :"web.port"=>8080} {"c"=>2, "z"=>1}

                """)
    }

    @Test func templatesSeeTheInstanceAddress() async throws {
        let job = try ERBJobFixture(
            properties: "a: {}\nweb.port: {default: 8080}", templates: ["s.erb": Self.specTemplate])
        let output = try await job.render(
            RenderContext(
                deployment: "dep", address: "10.0.0.5", id: "fixed-id", clusterProperties: ["a": 1]))["s.erb"]
        #expect(
            output == """
                keys: [:index, :id, :az, :bootstrap, :job, :deployment, :address, :networks, :global_properties, :cluster_properties, :job_properties, :default_properties]
                values: [0, "fixed-id", "unknown", true, "web", "dep", "10.0.0.5"]
                absent: [nil, nil, nil, nil, nil]
                networks: {:ip=>"", :netmask=>"", :gateway=>""}
                defaults: {:a=>nil, :"web.port"=>8080} 1

                """)
    }
}
