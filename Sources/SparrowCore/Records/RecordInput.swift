// MARK: - RecordInput

/// Reads a patient file in either format, detected by its content: a FHIR R4 Bundle (`"resourceType": "Bundle"`)
/// or Sparrow's record format v1.
public enum RecordInput {
  /// The record in `bytes`, whichever format it is in.
  public static func decode(
    _ bytes: some Collection<UInt8>, limits: RecordLimits = .standard, catalog: RxNormCatalog = .standard
  ) throws(RecordError) -> PatientRecord {
    let document = try RecordDecoder.parse(bytes, limits: limits)
    if case .object(let object) = document, let type = object["resourceType"] {
      guard type == .string("Bundle") else {
        throw RecordError(
          path: "resourceType", message: "expected a FHIR R4 Bundle; got \(JSONWriter.compactString(type))")
      }
      return try FHIRBundleDecoder(catalog: catalog, limits: limits).decode(document)
    }
    return try RecordDecoder(limits: limits, identifier: MedicationIdentifier(rxnorm: catalog)).decode(document)
  }
}
