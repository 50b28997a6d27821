namespace TwinCity.Silo.Scenarios.Analysis;

/// <summary>What a change to buildings does to direct sun on the ground around it over one day.</summary>
/// <param name="CellSize">Side of a ground cell in metres.</param>
/// <param name="GroundCells">Ground cells analysed (cells under a building, before or after, are left out).</param>
/// <param name="SunHoursBefore">Sum over ground cells of the hours of direct sun in the baseline.</param>
/// <param name="SunHoursAfter">The same in the scenario.</param>
/// <param name="AreaLosingSun">m² of ground with fewer hours of sun in the scenario.</param>
/// <param name="AreaGainingSun">m² of ground with more hours of sun in the scenario.</param>
/// <param name="ShadowedAreaChange">Change of shadowed area in m²·h (positive: more shade).</param>
public sealed record ShadowResult(
    double CellSize,
    int GroundCells,
    double SunHoursBefore,
    double SunHoursAfter,
    double AreaLosingSun,
    double AreaGainingSun,
    double ShadowedAreaChange);
