// MARK: - MMEFactorTable

/// A table of MME conversion factors: data, selectable by name, recorded with every result.
///
/// MME/day = daily dose × factor (CDC). A table only holds factors its source states; an opioid or route it
/// does not cover has no factor, and its MME is reported as unknown, never as 0.
public struct MMEFactorTable: Sendable, Equatable {
  /// Short name used on the command line and in results (`cdc-2022`).
  public var name: String
  /// Human title.
  public var title: String
  /// Where the factors come from.
  public var source: String
  /// One entry per ingredient (and route set).
  public var entries: [MMEFactorEntry]

  /// A table from its parts.
  public init(name: String, title: String, source: String, entries: [MMEFactorEntry]) {
    self.name = name
    self.title = title
    self.source = source
    self.entries = entries
  }

  /// The entry for `ingredient` given by `route`, if the table has one.
  public func entry(for ingredient: String, route: Route) -> MMEFactorEntry? {
    entries.first { $0.ingredient == ingredient && $0.routes.contains(route) }
  }

  /// Whether the table mentions `ingredient` at all (for a clearer "unknown" reason).
  public func mentions(_ ingredient: String) -> Bool {
    entries.contains { $0.ingredient == ingredient }
  }
}

// MARK: - MMEFactorEntry

/// The factor rule for one ingredient by a set of routes.
public struct MMEFactorEntry: Sendable, Equatable {
  /// Ingredient, lower case.
  public var ingredient: String
  /// Routes the factor applies to.
  public var routes: Set<Route>
  /// How to turn a daily dose into MME/day.
  public var rule: MMEFactorRule

  /// An entry from its parts.
  public init(ingredient: String, routes: Set<Route>, rule: MMEFactorRule) {
    self.ingredient = ingredient
    self.routes = routes
    self.rule = rule
  }
}

// MARK: - MMEFactorRule

/// How a factor applies.
public enum MMEFactorRule: Sendable, Equatable {
  /// MME/day = mg/day × factor.
  case perMilligram(Double)
  /// MME/day = mcg/h × patches × factor (transdermal).
  case perMicrogramPerHour(Double)
  /// The factor depends on the daily dose in mg: the first tier whose `upToMilligrams` is nil or ≥ the dose.
  case tiered([MMETier])
  /// The ingredient is reported but not summed into MME (buprenorphine per CDC 2022).
  case excluded(reason: String)
}

// MARK: - MMETier

/// One tier of a dose-dependent factor.
public struct MMETier: Sendable, Equatable {
  /// Upper bound of the tier in mg/day, inclusive; nil for the last tier.
  public var upToMilligrams: Double?
  /// The factor within the tier.
  public var factor: Double

  /// A tier from its parts.
  public init(upToMilligrams: Double?, factor: Double) {
    self.upToMilligrams = upToMilligrams
    self.factor = factor
  }
}
