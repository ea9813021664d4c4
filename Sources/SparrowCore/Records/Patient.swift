// MARK: - Patient

/// The patient a record is about. The id is pseudonymous: Sparrow never needs a name.
public struct Patient: Sendable, Equatable {
  /// The pipeline's pseudonymous patient id.
  public var id: String
  /// Age in completed years, when the pipeline sends an age rather than a birth date.
  public var age: Int?
  /// Birth date, when sent; it takes precedence over `age`.
  public var birthDate: CalendarDate?
  /// Administrative sex, when sent.
  public var sex: Sex?
  /// Body weight in kilograms, when sent.
  public var weightKg: Double?
  /// Pregnancy status, when sent.
  public var pregnancy: PregnancyStatus?

  /// A patient from its parts.
  public init(
    id: String, age: Int? = nil, birthDate: CalendarDate? = nil, sex: Sex? = nil, weightKg: Double? = nil,
    pregnancy: PregnancyStatus? = nil
  ) {
    self.id = id
    self.age = age
    self.birthDate = birthDate
    self.sex = sex
    self.weightKg = weightKg
    self.pregnancy = pregnancy
  }

  /// Age in completed years on `date`: from the birth date when known, else the age sent.
  public func age(on date: CalendarDate) -> Int? {
    birthDate.map { $0.age(on: date) } ?? age
  }
}

// MARK: - Sex

/// Administrative sex as sent by the pipeline.
public enum Sex: String, Sendable, CaseIterable {
  case female, male, other, unknown
}

// MARK: - PregnancyStatus

/// Pregnancy status as sent by the pipeline.
public enum PregnancyStatus: String, Sendable, CaseIterable {
  case pregnant
  case notPregnant = "not-pregnant"
  case unknown
}
