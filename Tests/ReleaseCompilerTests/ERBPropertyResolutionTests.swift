import DeployerSupport
import Testing

@testable import ReleaseCompiler

/// Properties resolve exactly as in bosh-cli: global merged into (and changed by) the instance
/// group's, walked with Ruby's own `[]`, numbers arriving as the integers they are.
@Suite(.serialized) struct ERBPropertyResolutionTests {
    @Test func withoutJobPropertiesTheMergeChangesSpecGlobalProperties() async throws {
        let template = #"""
            global: <%= spec.global_properties.web.name %> <%= spec.global_properties.web.port %> <%= spec.global_properties.web.tls.ca %> <%= spec.global_properties.web.tls.cert %> <%= spec.global_properties.web.users.inspect %> <%= spec.global_properties.only_global %> <%= spec.global_properties.cluster_only.inspect %>
            cluster: <%= spec.cluster_properties.web.name %> <%= spec.cluster_properties.web.port.inspect %> <%= spec.cluster_properties.web.tls.ca.inspect %>
            job: <%= spec.job_properties.inspect %> p: <%= p("web.name") %> <%= p("web.port") %>
            keys: <%= spec.global_properties.instance_variable_get(:@table)[:web].instance_variable_get(:@table).keys.inspect %>

            """#
        let job = try ERBJobFixture(
            properties: "web.name: {}\nweb.port: {default: 8080}", templates: ["m.erb": template])
        let output = try await job.render(mergeContext(jobProperties: nil))["m.erb"]
        #expect(
            output == """
                global: cluster 1 g c ["u"] true "x"
                cluster: cluster nil nil
                job: nil p: cluster 1
                keys: [:name, :port, :tls, :users]

                """)
    }

    @Test func withJobPropertiesNothingIsMerged() async throws {
        let template = #"""
            global: <%= spec.global_properties.web.name %> <%= spec.global_properties.web.tls.cert %> <%= spec.global_properties.web.users.inspect %> <%= spec.global_properties.cluster_only.inspect %>
            job: <%= spec.job_properties.web.port %> p: <%= p("web.name", "unset") %> <%= p("web.port") %>

            """#
        let job = try ERBJobFixture(
            properties: "web.name: {}\nweb.port: {default: 8080}", templates: ["m.erb": template])
        let output = try await job.render(mergeContext(jobProperties: ["web": ["port": 7]]))["m.erb"]
        #expect(output == "global: global g nil nil\njob: 7 p: unset 7\n")
    }

    private func mergeContext(jobProperties: PropertyValue?) -> RenderContext {
        RenderContext(
            deployment: "dep",
            globalProperties: [
                "only_global": true, "web": ["name": "global", "port": 1, "tls": ["ca": "g", "cert": "g"]],
            ],
            clusterProperties: [
                "cluster_only": "x", "web": ["name": "cluster", "tls": ["cert": "c"], "users": ["u"]],
            ],
            jobProperties: jobProperties)
    }

    /// A String met on the way is indexed as a substring; a null met before a child makes room
    /// for the child; false stays false.
    @Test func lookupsWalkValuesWithRubysOwnIndexing() async throws {
        let template = #"""
            substring: <%= p("s.b") %> <%= p("s.z") %> <%= p("t.ell") %> <%= p("t.xyz", "none") %>
            nil-then-child: <%= p("h").inspect %> <%= properties.h.i %>
            false-kept: <%= p("u.v").inspect %> <%= p("u.w", "unset") %> <%= p("u").inspect %>
            raw: <%= raw_properties.inspect %>
            through-false: <%= (p("u.v.x") rescue "#{$!.class}: #{$!.message.lines.first.strip}") %>

            """#
        let job = try ERBJobFixture(properties: Self.resolutionSpec, templates: ["r.erb": template])
        let output = try await job.render(RenderContext(deployment: "dep", clusterProperties: Self.resolutionValues))[
            "r.erb"]
        #expect(
            output == """
                substring: b dflt ell none
                nil-then-child: {"i"=>2} 2
                false-kept: false unset {"v"=>false, "w"=>nil}
                raw: {"h"=>{"i"=>2}, "s"=>{"b"=>"b", "z"=>"dflt"}, "t"=>"hello", "u"=>{"v"=>false, "w"=>nil}}
                through-false: NoMethodError: undefined method `[]' for false:FalseClass

                """)
    }

    static let resolutionSpec =
        "h: {}\nh.i: {default: 2}\ns.b: {default: dflt}\ns.z: {default: dflt}\nt: {}\nu.v: {default: true}\nu.w: {}"
    static let resolutionValues: PropertyValue = ["s": "abc", "t": "hello", "u": ["v": false]]

    @Test(arguments: [PropertyValue.int(5), .array([1])])
    func aDeclaredChildOfAnIntegerOrArrayFailsBeforeTheTemplateRuns(value: PropertyValue) async throws {
        let job = try ERBJobFixture(properties: "n.x: {}", templates: ["plain.erb": "hi\n"])
        let failure = await job.failure(RenderContext(deployment: "dep", clusterProperties: ["n": value]))
        #expect(failure?.template == "plain.erb")
        #expect(
            failure?.message
                == "Error filling in template 'plain.erb' for web/0 (no implicit conversion of String into Integer)")
    }

    @Test func pThroughAnIntegerFailsOnTheTemplateLine() async throws {
        let job = try ERBJobFixture(properties: "n: {}", templates: ["plain.erb": "hi\n<%= p('n.x') %>\n"])
        let failure = await job.failure(RenderContext(deployment: "dep", clusterProperties: ["n": 5]))
        #expect(
            failure?.message
                == "Error filling in template 'plain.erb' for web/0 (line 2: no implicit conversion of String into Integer)"
        )
    }

    /// Numbers reach Ruby as Go writes them: integers as integers however large (no trip
    /// through Double), whole floats as integers, fractions as floats.
    @Test func numbersKeepTheirKind() async throws {
        let template = #"""
            <%= p("max") + 1 %> <%= p("max").class %> <%= p("min") - 1 %> <%= p("whole").inspect %> <%= p("half").inspect %> <%= p("tiny").inspect %> <%= p("max").to_yaml.strip %>

            """#
        let job = try ERBJobFixture(
            properties: "half: {}\nmax: {}\nmin: {}\ntiny: {}\nwhole: {}", templates: ["n.erb": template])
        let values: PropertyValue = [
            "max": .int(Int.max), "min": .int(Int.min), "whole": .double(2), "half": .double(1.5),
            "tiny": .double(1e-7),
        ]
        let output = try await job.render(RenderContext(deployment: "dep", clusterProperties: values))["n.erb"]
        #expect(output == "9223372036854775808 Integer -9223372036854775809 2 1.5 1.0e-07 --- 9223372036854775807\n")
    }
}
