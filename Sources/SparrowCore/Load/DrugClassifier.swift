// MARK: - DrugClassifier

/// Classifies an order by its ingredient name. The mapping is data: a policy can extend it.
public struct DrugClassifier: Sendable, Equatable {
  /// Ingredient (lower case) → class.
  public var classes: [String: DrugClass]
  /// Opioid ingredients that are long-acting whatever the product (methadone; patches are long-acting by route).
  public var inherentlyLongActing: Set<String>

  /// A classifier from its parts.
  public init(classes: [String: DrugClass], inherentlyLongActing: Set<String> = ["methadone"]) {
    self.classes = classes
    self.inherentlyLongActing = inherentlyLongActing
  }

  /// The class of `ingredient`, or `.other`.
  public func drugClass(of ingredient: String) -> DrugClass {
    classes[ingredient] ?? .other
  }

  /// Whether `order` is an extended-release / long-acting opioid: flagged as such, a transdermal product, or an
  /// inherently long-acting ingredient (CDC 2022 Recommendation 3 distinguishes ER/LA from immediate release).
  public func isLongActing(_ order: MedicationOrder) -> Bool {
    order.extendedRelease == true || order.route == .transdermal
      || inherentlyLongActing.contains(order.ingredient)
  }

  /// The built-in classification. Opioids follow the CDC MME tables and the opioid CDS value sets
  /// (cqframework/opioid-cds-r4); benzodiazepines and CNS depressants the same value sets; gabapentinoids the
  /// FDA Drug Safety Communication of 2019-12-19; muscle relaxants the KGrid opioid collection.
  public static let standard = DrugClassifier(
    classes: Dictionary(
      uniqueKeysWithValues: [
        (
          DrugClass.opioid,
          [
            "alfentanil", "buprenorphine", "butorphanol", "codeine", "dihydrocodeine", "fentanyl", "hydrocodone",
            "hydromorphone", "levomethadyl", "levorphanol", "meperidine", "methadone", "morphine", "nalbuphine",
            "opium", "oxycodone", "oxymorphone", "pentazocine", "propoxyphene", "remifentanil", "sufentanil",
            "tapentadol", "tramadol",
          ]
        ),
        (
          .benzodiazepine,
          [
            "alprazolam", "chlordiazepoxide", "clobazam", "clonazepam", "clorazepate", "diazepam", "estazolam",
            "flurazepam", "lorazepam", "midazolam", "oxazepam", "quazepam", "remimazolam", "temazepam",
            "triazolam",
          ]
        ),
        (.gabapentinoid, ["gabapentin", "gabapentin enacarbil", "pregabalin", "mirogabalin"]),
        (
          .muscleRelaxant,
          [
            "baclofen", "carisoprodol", "chlorzoxazone", "cyclobenzaprine", "dantrolene", "metaxalone",
            "methocarbamol", "orphenadrine", "tizanidine",
          ]
        ),
        (.sedativeHypnotic, ["eszopiclone", "zaleplon", "zolpidem", "suvorexant", "lemborexant", "chloral hydrate"]),
        (.barbiturate, ["butalbital", "phenobarbital", "pentobarbital", "secobarbital", "primidone"]),
        (.sedatingAntihistamine, ["diphenhydramine", "doxylamine", "hydroxyzine", "promethazine", "meclizine"]),
        (
          .antipsychotic,
          [
            "olanzapine", "quetiapine", "chlorpromazine", "haloperidol", "risperidone", "aripiprazole", "ziprasidone",
            "clozapine", "lurasidone", "paliperidone", "pimozide", "thioridazine", "droperidol",
          ]
        ),
        (.opioidAntagonist, ["naloxone", "naltrexone", "nalmefene", "methylnaltrexone", "naloxegol", "samidorphan"]),
        (.nmdaAntagonist, ["ketamine", "esketamine", "dextromethorphan", "memantine"]),
        (
          .tricyclicAntidepressant,
          [
            "amitriptyline", "nortriptyline", "imipramine", "desipramine", "doxepin", "clomipramine", "protriptyline",
            "trimipramine", "amoxapine",
          ]
        ),
        (.snri, ["duloxetine", "milnacipran", "venlafaxine", "desvenlafaxine", "levomilnacipran"]),
        (
          .ssri,
          [
            "citalopram", "escitalopram", "fluoxetine", "fluvoxamine", "paroxetine", "sertraline", "vilazodone",
            "vortioxetine",
          ]
        ),
        (
          .maoi,
          [
            "phenelzine", "tranylcypromine", "isocarboxazid", "selegiline", "rasagiline", "safinamide", "linezolid",
            "methylene blue", "procarbazine",
          ]
        ),
        (
          .triptan,
          ["sumatriptan", "rizatriptan", "zolmitriptan", "eletriptan", "naratriptan", "almotriptan", "frovatriptan"]
        ),
        (
          .stimulant,
          [
            "amphetamine", "dextroamphetamine", "lisdexamfetamine", "methamphetamine", "methylphenidate",
            "dexmethylphenidate", "phentermine", "ephedrine", "pseudoephedrine",
          ]
        ),
        (
          .antiepileptic,
          [
            "carbamazepine", "oxcarbazepine", "lamotrigine", "levetiracetam", "phenytoin", "topiramate", "valproate",
            "valproic acid", "divalproex", "lacosamide", "zonisamide",
          ]
        ),
        // Known and not tracked by class: named by the default policy's QT list, so never "unclassified".
        (
          .other,
          [
            "ondansetron", "amiodarone", "sotalol", "dofetilide", "dronedarone", "quinidine", "procainamide",
            "disopyramide", "flecainide", "azithromycin", "clarithromycin", "erythromycin", "levofloxacin",
            "moxifloxacin", "ciprofloxacin", "fluconazole", "hydroxychloroquine", "chloroquine", "pentamidine",
            "domperidone", "donepezil", "mirtazapine", "trazodone", "bupropion", "acetaminophen",
          ]
        ),
      ].flatMap { drugClass, names in names.map { ($0, drugClass) } }
    ))
}
