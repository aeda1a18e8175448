import GoYAML
import Interpolation

/// An ops file as `bosh int -o` / `create-env -o` reads and applies it.
enum OpsFileFuzzer {
    /// A small manifest-shaped document the ops are applied to (maps, arrays, named items).
    static let base: YAMLNode = {
        let text = """
            name: fuzz
            releases:
            - name: app
              version: "1.0"
              url: file://app.tgz
            resource_pools:
            - name: vms
              network: default
              cloud_properties: {cpu: 1, ram: 512}
            networks:
            - name: default
              type: manual
              subnets:
              - range: 10.0.0.0/24
                gateway: 10.0.0.1
                static: [10.0.0.10]
            instance_groups:
            - name: app
              jobs:
              - {name: web, release: app, properties: {port: 80}}
            properties: {}
            """
        return (try? YAMLCodec.parse(text)) ?? .null
    }()

    static func run(_ input: [UInt8]) {
        let node: YAMLNode
        do {
            node = try YAMLCodec.parse(bytes: input)
        } catch {
            _ = error.description
            return
        }
        let ops: Ops
        do {
            ops = try Ops(yaml: node, source: "fuzz-ops.yml")
        } catch {
            _ = String(describing: error)
            return
        }
        for document in [base, node, .null] {
            do {
                _ = YAMLCodec.emit(try ops.apply(to: document))
            } catch {
                _ = String(describing: error)
            }
        }
    }
}
