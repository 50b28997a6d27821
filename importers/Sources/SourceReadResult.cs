namespace TwinCity.Importers.Sources;

/// <summary>What a reader found in a source file.</summary>
/// <param name="Buildings">Buildings with WGS 84 footprints, in file order.</param>
/// <param name="Skipped">Features left out, each "file id: reason".</param>
/// <param name="Repaired">Features whose footprint was repaired, each "file id: what".</param>
/// <param name="Crs">The source CRS, as the file named it.</param>
public sealed record SourceReadResult(
    IReadOnlyList<SourceBuilding> Buildings,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<string> Repaired,
    string Crs);
