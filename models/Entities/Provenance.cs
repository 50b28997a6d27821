namespace TwinCity.Models.Entities;

/// <summary>Where a dataset came from and under which terms it may be reused.</summary>
/// <param name="Source">The source file name (never a machine path).</param>
/// <param name="Licence">Licence name, e.g. "ODbL 1.0".</param>
/// <param name="Attribution">The line to show wherever the data or anything derived from it is displayed.</param>
/// <param name="Steps">Processing steps applied, in order, e.g. "extruded footprints (default height 9 m where unknown)".</param>
[GenerateSerializer, Immutable, Alias("TwinCity.Provenance")]
public sealed record Provenance(string Source, string Licence, string Attribution, IReadOnlyList<string> Steps);
