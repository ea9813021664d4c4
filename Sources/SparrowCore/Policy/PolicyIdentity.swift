// MARK: - PolicyIdentity

/// Which policy produced something: its name, human version and revision, as every output names it.
public struct PolicyIdentity: Sendable, Equatable {
  /// The set's name (`sparrow-default`).
  public var name: String
  /// Its human version (`2026.2`).
  public var version: String
  /// The SHA-256 of its canonical form.
  public var revision: String

  /// An identity from its parts.
  public init(name: String, version: String, revision: String) {
    self.name = name
    self.version = version
    self.revision = revision
  }

  /// `{name, version, revision}`, the one JSON shape of a policy's identity.
  public var json: JSONValue {
    .object(JSONObject([("name", .string(name)), ("version", .string(version)), ("revision", .string(revision))]))
  }
}

extension PolicySet {
  /// The set's identity.
  public var identity: PolicyIdentity { PolicyIdentity(name: name, version: version, revision: revision) }
}
