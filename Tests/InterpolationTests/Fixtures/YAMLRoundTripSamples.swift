/// Small documents in exactly the form `bosh int` (yaml.v2) prints them, taken from the shared
/// corpus: the round-trip test uses them when the corpus is not next to the repository.
enum YAMLRoundTripSamples {
    static let all: [(name: String, text: String)] = [
        ("manifest", manifest),
        ("quoting", quoting),
        ("blocks", blocks),
    ]

    static let manifest = """
        cloud_provider:
          mbus: https://mbus:((mbus_bootstrap_password))@10.0.0.6:6868
          properties:
            agent:
              mbus: https://mbus:((mbus_bootstrap_password))@0.0.0.0:6868
            blobstore:
              path: /var/vcap/micro_bosh/data/cache
              provider: local
          template:
            name: aws_cpi
            release: bosh-aws-cpi
        disk_pools:
        - disk_size: 65536
          name: disks
        instance_groups:
        - azs: []
          instances: 1
          jobs:
          - name: nats
            release: bosh
          - name: director
            release: bosh
          name: bosh
          networks:
          - default:
            - dns
            - gateway
            name: default
            static_ips:
            - 10.0.0.6
          properties:
            director:
              cpi_job: aws_cpi
              db:
                adapter: postgres
                port: 5432
              enable_dedicated_status_worker: true
              workers: 4
            hm:
              resurrector_enabled: true
        name: bosh
        releases:
        - name: bosh
          sha1: c3b2109fe48267c599704eaa9aa62a0735a95707
          version: 282.1.2
        variables: []

        """

    static let quoting = """
        a_empty: ""
        b_star: '*'
        c_ipv6: '[fd7a:eeed:e696:969f:0000:0000:0000:0004]'
        d_any: '::'
        e_int_string: "24"
        f_underscored: "51_200"
        g_bool_string: "true"
        h_yes: "yes"
        i_null_string: "null"
        j_tilde: "~"
        k_float_string: "0.8"
        l_float: 0.8
        m_big_float: 1e+06
        n_time: "2024-01-02"
        o_colon_space: 'a: b'
        p_hash: 'a #b'
        q_leading_space: ' x'
        r_json: '{"a": 1}'
        s_empty_map: {}
        t_empty_list: []
        u_null: null
        v_version: 1.2.3

        """

    static let blocks = """
        ca: |
          -----BEGIN CERTIFICATE-----
          MIIEkTCCAvmgAwIBAgIQWv4Q
          -----END CERTIFICATE-----
        keep: |+
          two

        lines:
        - |-
          no
          final break
        - |2
           indented first line

        """
}
