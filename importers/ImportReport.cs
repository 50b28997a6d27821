namespace TwinCity.Importers;

/// <summary>What an import did: nothing is dropped without a line here.</summary>
/// <param name="FeaturesRead">Buildings found in the source.</param>
/// <param name="Imported">Buildings now in the twin.</param>
/// <param name="Skipped">Features left out, each with its id and reason.</param>
/// <param name="Warnings">Features imported with a repair or an estimate, each naming the feature.</param>
public sealed record ImportReport(int FeaturesRead, int Imported, IReadOnlyList<string> Skipped, IReadOnlyList<string> Warnings);
