// MARK: - JSON rendering

extension Assessment {
  /// The assessment as a JSON tree with stable, documented keys (docs/assessment-output.md).
  public var jsonValue: JSONValue {
    .object(
      JSONObject(
        [
          ("formatVersion", .number(Double(Assessment.formatVersion))),
          ("evaluatedOn", .string(evaluatedOn.description)),
          ("patientId", .string(record.patient.id)),
          ("mmeTable", .object(JSONObject([("name", .string(table.name)), ("source", .string(table.source))]))),
          ("orders", .array(load.orders.map { orderJSON($0) })),
          ("load", loadJSON),
          (
            "sideEffectRisk",
            riskJSON(score: sideEffectRisk.score, level: sideEffectRisk.level, facts: sideEffectRisk.facts)
          ),
          (
            "toleranceRisk",
            riskJSON(score: toleranceRisk.score, level: toleranceRisk.level, facts: toleranceRisk.facts)
          ),
          ("ignoredFields", .array(record.ignoredFields.map(JSONValue.string))),
        ]
          + (record.conversionNotes.isEmpty
            ? [] : [("conversionNotes", .array(record.conversionNotes.map(JSONValue.string)))])))
  }

  private var loadJSON: JSONValue {
    func indices(_ orders: [OrderLoad]) -> JSONValue { .array(orders.map { .number(Double($0.index)) }) }
    return .object(
      JSONObject([
        ("scheduledMME", .number(load.scheduledMME)),
        ("asNeededMaximumMME", .number(load.asNeededMaximumMME)),
        ("totalMME", .number(load.totalMME)),
        ("drivenBy", .string(load.drivenBy.rawValue)),
        ("band", .string(Assessment.mmeBand(load.totalMME))),
        ("complete", .bool(load.isComplete)),
        ("unknownOrders", indices(load.unknownOrders)),
        ("excludedOrders", indices(load.excludedOrders)),
      ]))
  }

  private func orderJSON(_ order: OrderLoad) -> JSONValue {
    let source = record.medications[order.index]
    let dailyDose: JSONValue =
      order.dailyDose.map { dose in
        .object(
          JSONObject([
            ("value", .number(MMEArithmetic.rounded(dose.value))), ("unit", .string(dose.unit.rawValue)),
            ("basis", .string(dose.basis.rawValue)), ("derivation", .string(dose.derivation)),
          ]))
      } ?? .null
    return .object(
      JSONObject([
        ("index", .number(Double(order.index))),
        ("id", source.id.map(JSONValue.string) ?? .null),
        ("name", .string(source.name)),
        ("ingredient", .string(order.ingredient)),
        ("route", .string(order.route.rawValue)),
        ("class", .string(order.drugClass.rawValue)),
        ("otherIngredients", .array(source.otherIngredients.map(JSONValue.string))),
        ("identifiedBy", .string(source.identifiedBy.rawValue)),
        ("identification", source.identificationDetail.map(JSONValue.string) ?? .null),
        ("active", .bool(order.isActive)),
        ("asNeeded", .bool(order.isAsNeeded)),
        ("longActing", .bool(order.isLongActing)),
        ("dailyDose", dailyDose),
        ("factor", order.factor.map(JSONValue.number) ?? .null),
        ("mme", order.mme.map(JSONValue.number) ?? .null),
        ("status", .string(order.status.rawValue)),
        ("reason", order.reason.map(JSONValue.string) ?? .null),
        ("trace", .string(order.trace)),
      ]))
  }

  private func riskJSON(score: Int, level: RiskLevel, facts: [Fact]) -> JSONValue {
    .object(
      JSONObject([
        ("score", .number(Double(score))),
        ("level", .string(level.rawValue)),
        ("facts", .array(facts.map(Assessment.factJSON))),
      ]))
  }

  /// One fact as JSON: name, value, evidence paths, note.
  public static func factJSON(_ fact: Fact) -> JSONValue {
    let value = fact.value.json
    var object = JSONObject([
      ("name", .string(fact.name)), ("value", value), ("evidence", .array(fact.evidence.map(JSONValue.string))),
    ])
    if let note = fact.note { object["note"] = .string(note) }
    return .object(object)
  }
}
