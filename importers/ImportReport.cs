namespace TwinCity.Importers;

/// <summary>What an import did: nothing is dropped or changed without a line here.</summary>
/// <param name="FeaturesRead">Buildings found in the source.</param>
/// <param name="Imported">Buildings now in the twin.</param>
/// <param name="Repaired">Features imported after repairing their geometry, each naming the feature and the repair.</param>
/// <param name="Skipped">Features left out, each with its id and reason.</param>
/// <param name="Warnings">Other remarks on imported features (an unusable height, ...), each naming the feature.</param>
public sealed record ImportReport(int FeaturesRead, int Imported, IReadOnlyList<string> Repaired, IReadOnlyList<string> Skipped, IReadOnlyList<string> Warnings);
