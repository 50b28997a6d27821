namespace TwinCity.Importers.Buildings;

/// <summary>A building's vertical extent in metres above ground.</summary>
/// <param name="Height">Top of the building.</param>
/// <param name="MinHeight">Bottom of the building (above 0 for overhangs and roofs on pillars).</param>
/// <param name="Estimated">True when no source attribute gave the height and a default was used.</param>
/// <param name="Warning">Why a source value was not used, or null.</param>
public sealed record ResolvedHeight(double Height, double MinHeight, bool Estimated, string? Warning);
