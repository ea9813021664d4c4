import SparrowCore

// MARK: - StoredRecord

/// A decision's record as the store keeps it (deflated): the full assessment, as `evaluate --format json` prints
/// it, and every fact an advisory of the decision read, each once.
struct StoredRecord: Sendable, Equatable {
  var assessment: JSONValue
  var facts: [Fact]

  init(assessment: JSONValue, facts: [Fact]) {
    self.assessment = assessment
    self.facts = facts
  }

  /// `{"assessment": …, "facts": […]}`, compact.
  var bytes: [UInt8] {
    JSONWriter.compactBytes(
      .object(JSONObject([("assessment", assessment), ("facts", .array(facts.map(Assessment.factJSON)))])))
  }

  /// The record `bytes` wrote, from its deflated form.
  init(deflated: [UInt8]) throws {
    let json = try Self.parse(
      String(decoding: try Deflate.decompress(deflated), as: UTF8.self), what: "a decision record")
    do {
      let object = try json.storedObject("a decision record")
      var facts: [Fact] = []
      for fact in try object.stored("facts").storedArray("'facts'") { facts.append(try Fact(json: fact)) }
      self.init(assessment: try object.stored("assessment"), facts: facts)
    } catch {
      throw StoreError.damagedRecord("a decision record: \(error.message)")
    }
  }

  /// Each fact of a decision's advisories once, in order of first use (advisories share facts: the MME, the
  /// benzodiazepine flag), and each advisory's facts as positions in that list.
  static func collect(_ advisoryFacts: [[Fact]]) -> (facts: [Fact], positions: [[Int]]) {
    var facts: [Fact] = []
    var positionOf: [String: Int] = [:]
    let positions = advisoryFacts.map { used in
      used.map { fact in
        if let known = positionOf[fact.name] { return known }
        positionOf[fact.name] = facts.count
        facts.append(fact)
        return facts.count - 1
      }
    }
    return (facts, positions)
  }

  /// The fact at `position`, or a damaged-record error (an advisory refers only to facts its decision kept).
  func fact(at position: Int) throws -> Fact {
    guard facts.indices.contains(position) else {
      throw StoreError.damagedRecord("fact \(position) is not in its decision's record of \(facts.count)")
    }
    return facts[position]
  }

  /// Stored JSON text parsed, or a damaged-record error naming `what`.
  static func parse(_ text: String, what: String) throws -> JSONValue {
    do {
      return try JSONParser(maxDepth: 64).parse(Array(text.utf8))
    } catch {
      throw StoreError.damagedRecord("\(what) is not JSON (\(error))")
    }
  }
}
