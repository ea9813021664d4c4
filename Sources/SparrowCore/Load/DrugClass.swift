// MARK: - DrugClass

/// The drug classes Sparrow's risk facts need.
public enum DrugClass: String, Sendable, CaseIterable {
  case opioid
  case benzodiazepine
  case gabapentinoid
  case muscleRelaxant = "muscle-relaxant"
  case sedativeHypnotic = "sedative-hypnotic"
  case barbiturate
  case sedatingAntihistamine = "sedating-antihistamine"
  case antipsychotic
  case opioidAntagonist = "opioid-antagonist"
  case nmdaAntagonist = "nmda-antagonist"
  case tricyclicAntidepressant = "tricyclic-antidepressant"
  case snri
  case ssri
  /// Monoamine oxidase inhibitors, with linezolid and methylene blue, which inhibit MAO too (FDA 2011).
  case maoi
  case triptan
  /// Sympathomimetic stimulants (amphetamines, methylphenidate, phentermine, ephedrine, pseudoephedrine).
  case stimulant
  case antiepileptic
  case other

  /// Central nervous system depressants other than opioids, benzodiazepines and gabapentinoids, whose
  /// combination with opioids adds respiratory-depression risk (FDA Drug Safety Communications 2016 and 2019;
  /// CDC 2022 Recommendation 11; KGrid "triple threat" for muscle relaxants).
  public var isOtherCNSDepressant: Bool {
    switch self {
    case .muscleRelaxant, .sedativeHypnotic, .barbiturate, .sedatingAntihistamine, .antipsychotic: true
    default: false
    }
  }
}
