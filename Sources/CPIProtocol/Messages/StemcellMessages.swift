import DeployerSupport

/// `create_stemcell`: `[image_path, cloud_properties]`, answered with the stemcell's CID.
public struct CreateStemcellArguments: CPIMessage {
    public typealias Result = StemcellCID
    public static let method = CPIMethod.createStemcell

    /// The unpacked stemcell's image file.
    public var imagePath: String
    /// The stemcell's `cloud_properties` from `stemcell.MF`.
    public var cloudProperties: JSONValue

    /// Creates the message.
    public init(imagePath: String, cloudProperties: JSONValue) {
        self.imagePath = imagePath
        self.cloudProperties = cloudProperties
    }

    public var wireArguments: [JSONValue] { [.string(imagePath), cloudProperties] }

    public init(wireArguments: [JSONValue]) throws(CPIResponseError) {
        let reader = Self.reader(wireArguments)
        self.init(imagePath: try reader.string(0, "image_path"), cloudProperties: reader.optional(1))
    }
}

/// `delete_stemcell`: StemcellNotFound when it is already gone.
public struct DeleteStemcellArguments: CPICIDMessage {
    public typealias Result = Void
    public static let method = CPIMethod.deleteStemcell
    public var cid: StemcellCID
    public init(_ cid: StemcellCID) { self.cid = cid }
}
